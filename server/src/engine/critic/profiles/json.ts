import { parseCritique } from '../parse';
import { CRITIQUE_JSON_SCHEMA, CRITIQUE_PROMPT_VERSION, critiqueMessages } from '../prompt';
import { notInFormat, refuseIncomplete, type ChatProfile } from './types';

/**
 * MathCritic's own dialect (`critique-v1`): a step-by-step critique asked as JSON with a schema,
 * prose critiques read too. Its version stays the prompt's, so the records written before
 * profiles existed keep their meaning.
 */
export const jsonProfile: ChatProfile = {
  kind: 'chat',
  name: 'json',
  version: CRITIQUE_PROMPT_VERSION,
  description: "MathCritic's critique-v1 prompt, answered as JSON (or prose)",
  defaultMaxTokens: 2048,
  jsonSchema: { name: 'critique', schema: CRITIQUE_JSON_SCHEMA },
  messages: (input) => critiqueMessages({ problem: input.problem, steps: input.steps.map((text) => ({ text })) }, { json: true }),
  read(answer, steps) {
    const stepCount = steps.length;
    const refused = refuseIncomplete('json', answer);
    if (refused) return { unreadable: refused };
    const critique = parseCritique(answer.content, stepCount);
    if (!critique) return { unreadable: notInFormat('json', `no first wrong step between 1 and ${stepCount} (or null) and no "Step N: correct|incorrect" verdicts`) };
    return { critique: answer.reasoningContent ? { ...critique, reasoning: answer.reasoningContent } : critique };
  },
};
