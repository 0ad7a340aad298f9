import type { ChatMessage } from '../prompt';
import type { StepVerdict } from '../types';
import { notInFormat, type PoolingProfile, type PrmOptions, type ProfileInput, type Reading } from './types';

/**
 * Process reward models behind vLLM's pooling API. The input is the Qwen2.5-Math-PRM model
 * card's: the system prompt, the problem as the user turn, and the steps as the assistant turn,
 * each followed by the step tag (`<extra_0>`); vLLM's step pooler answers one softmax pair per
 * tag, `[p_wrong, p_right]`. Tag, index and system prompt are settings, for other PRMs.
 */
export function prmMessages(input: ProfileInput, prm: PrmOptions): ChatMessage[] {
  // A tag inside the text would be scored as a step of its own and shift every score after it.
  const clean = (s: string) => (prm.stepTag ? s.split(prm.stepTag).join(' ') : s).trim();
  const messages: ChatMessage[] = [];
  if (prm.systemPrompt) messages.push({ role: 'system', content: prm.systemPrompt });
  messages.push({ role: 'user', content: clean(input.problem) });
  messages.push({ role: 'assistant', content: input.steps.map(clean).join(prm.stepTag) + prm.stepTag });
  return messages;
}

const fmt = (p: number) => p.toFixed(3);

/** One pair per step tag, in order; a step's p_right below the threshold makes it wrong. */
export function readPrm(pooled: unknown, steps: readonly string[], prm: PrmOptions): Reading & { stepScores?: number[] } {
  const no = (what: string) => ({ unreadable: notInFormat('prm', what) });
  if (!Array.isArray(pooled)) return no('the pooled output is not a list of score pairs');
  if (pooled.length === 0) return no(`no scores: the input held no step tag the model pools on (is ${JSON.stringify(prm.stepTag)} its step tag?)`);
  if (pooled.length !== steps.length) return no(`${pooled.length} scores for ${steps.length} steps (does a step's text hold the model's step token?)`);
  const scores: number[] = [];
  for (const [i, pair] of pooled.entries()) {
    const p = Array.isArray(pair) ? (pair[prm.rightIndex] as unknown) : undefined;
    if (typeof p !== 'number' || !Number.isFinite(p)) return no(`step ${i + 1} has no number at index ${prm.rightIndex} of its pair`);
    if (p < 0 || p > 1) return no(`step ${i + 1}'s score ${p} is not a probability (is the pooler's softmax on?)`);
    scores.push(p);
  }
  const verdicts: StepVerdict[] = scores.map((p, step) => ({ step, correct: p >= prm.threshold, comment: `p_right ${fmt(p)}` }));
  const first = scores.findIndex((p) => p < prm.threshold);
  const feedback = first >= 0 ? `The process reward model gives step ${first + 1} p_right ${fmt(scores[first])}, below the threshold ${prm.threshold}.` : '';
  return { critique: { firstWrongStep: first, feedback, verdicts, format: 'prm', raw: JSON.stringify(scores) }, stepScores: scores };
}

export const prmProfile: PoolingProfile = {
  kind: 'pooling',
  name: 'prm',
  version: 'prm-pooling-v1',
  description: "a process reward model on vLLM's pooling API (POST /pooling): one [p_wrong, p_right] pair per step tag",
  defaultMaxTokens: 0,
  request: (input, prm) => ({ messages: prmMessages(input, prm) }),
  read: readPrm,
};
