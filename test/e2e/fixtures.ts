/**
 * Documents and scripted model answers shared by the code-server scenarios (scenarios.e2e.ts)
 * and the @vscode/test-electron suite (electron/suite.ts).
 */
import type { RecordedRequest, ScriptedReply } from '../support/openai-test-server';

/** A solution whose arithmetic is right and whose reasoning is not (the muffins' eggs are forgotten): only the critic sees it. */
export const DUCKS = `---
id: e2e-ducks
---
# Problem

Janet's ducks lay 16 eggs per day. She eats three for breakfast every morning and bakes
muffins for her friends every day with four. She sells the remainder at the farmers' market
daily for $2 per fresh duck egg. How much in dollars does she make every day at the market?

# Solution

Step 1: Janet sells 16 - 3 = 13 duck eggs a day.

Step 2: She makes 13 * 2 = $26 every day at the farmer's market.

#### 26
`;

/**
 * The same mistake in other words, so that its critique is not DUCKS's from the cache (which
 * keeps a verdict for edits below the first wrong step: step 1 itself differs here).
 */
export const DUCKS_FOR_EXPORT = DUCKS.replace('id: e2e-ducks', 'id: e2e-export')
  .replace('Janet sells 16 - 3 = 13 duck eggs a day.', 'Janet has 16 - 3 = 13 eggs left to sell each day.')
  .replace('$26 every day', '26 dollars a day');

/** What the scripted critic says of any solution: step 1 is wrong. */
export const CRITIQUE = {
  steps: [
    { step: 1, correct: false, comment: 'The four eggs baked into muffins are not subtracted.' },
    { step: 2, correct: true, comment: 'Follows from step 1.' },
  ],
  first_wrong_step: 1,
  feedback: 'She also bakes muffins with four eggs, so she sells 16 - 3 - 4 = 9 eggs. Recompute from step 1.',
};

/** What the scripted actor writes from step 1. */
export const REFINEMENT = "Step 1: Janet sells 16 - 3 - 4 = 9 duck eggs a day.\nStep 2: She makes 9 * 2 = $18 every day at the farmer's market.\nStep 3: The answer is \\boxed{18}.";

export const CRITIC_MODEL = 'critic-model';
export const ACTOR_MODEL = 'actor-model';

/** The scripted endpoint: the critic and the actor answer by model name. */
export function modelResponder(request: RecordedRequest): ScriptedReply {
  const model = (request.body as { model?: string })?.model;
  if (model === ACTOR_MODEL) return { content: REFINEMENT };
  return { content: JSON.stringify(CRITIQUE) };
}
