/**
 * A scripted actor and critic for `mathcritic scale`, served by the loopback test server:
 * what each answers depends only on the problem, the sample and the text it is shown, so a run
 * is deterministic whatever order the parallel requests arrive in, and its curves can be worked
 * out by hand (see test/engine/scale.test.ts).
 *
 * - The critic rejects a solution at Step 2 exactly when the text says "sloppy".
 * - The actor's samples are `SAMPLES[problem]` (max K = 4); its greedy answer is `GREEDY[problem]`.
 * - Its refinements: P1 and P3 are fixed at once; P2 is refined into another sloppy step first.
 */
import type { RecordedRequest, ReplySpec } from './openai-test-server';

export const PROBLEMS = [
  { id: 'P1', problem: 'Problem P1: how many eggs?', answer: '18' },
  { id: 'P2', problem: 'Problem P2: how many apples?', answer: '5' },
  { id: 'P3', problem: 'Problem P3: how many pears?', answer: '4' },
];

const solution = (tag: string, answer: string) => `Step 1: Count what is given.\nStep 2: A ${tag} step. The answer is \\boxed{${answer}}.`;

export const SAMPLES: Record<string, string[]> = {
  P1: [solution('sloppy', '20'), solution('careful', '18'), solution('sloppy', '20'), solution('careful', '18.0')],
  P2: [solution('sloppy', '7'), solution('sloppy', '7'), solution('careful', '5'), solution('careful', '9')],
  P3: ['I am not sure.', solution('careful', '4'), solution('sloppy', '3'), solution('careful', '4')],
};
export const GREEDY: Record<string, string> = { P1: solution('careful', '18'), P2: solution('careful', '7'), P3: solution('careful', '4') };

function refine(pid: string, shown: string): string {
  if (pid === 'P2') return shown.includes('first fix') ? 'Step 2: A second fix, careful. The answer is \\boxed{5}.' : 'Step 2: A first fix, still sloppy. The answer is \\boxed{6}.';
  return `Step 2: A careful fix. The answer is \\boxed{${pid === 'P1' ? '18' : '3'}}.`;
}

const critique = (wrong: boolean) =>
  JSON.stringify({
    steps: wrong ? [{ step: 1, correct: true, comment: 'ok' }, { step: 2, correct: false, comment: 'sloppy' }] : [{ step: 1, correct: true, comment: 'ok' }],
    first_wrong_step: wrong ? 2 : null,
    feedback: wrong ? 'Step 2 is sloppy: redo it carefully.' : '',
  });

/** Which model a request is for, told apart by its system prompt. */
export function roleOf(req: RecordedRequest): 'critic' | 'refine' | 'solve' {
  const system = String(req.body?.messages?.[0]?.content ?? '');
  if (/critiques step-by-step/.test(system)) return 'critic';
  if (/corrects a step-by-step solution/.test(system)) return 'refine';
  return 'solve';
}

export function scaleResponder(req: RecordedRequest): ReplySpec {
  const user = String(req.body?.messages?.[1]?.content ?? '');
  const pid = /Problem (P\d+)/.exec(user)?.[1] ?? 'P1';
  const role = roleOf(req);
  if (role === 'critic') return { content: critique(/sloppy/.test(user)) };
  if (role === 'refine') return { content: refine(pid, user) };
  const n = typeof req.body?.n === 'number' ? req.body.n : 1;
  if (req.body?.temperature === 0 && n === 1) return { content: GREEDY[pid] };
  return SAMPLES[pid].slice(0, n).map((content) => ({ content }));
}

/**
 * The curves of that script at K = 1, 2, 4 with L = 1, by hand:
 *
 * | problem | sample answers (first try)   | after critique + 1 refinement       | accepted      | calls   |
 * |---------|------------------------------|-------------------------------------|---------------|---------|
 * | P1 (18) | 20*, 18, 20*, 18.0           | 18, 18, 18, 18.0                    | all           | 4 2 4 2 |
 * | P2 (5)  | 7*, 7*, 5, 9                 | 6*, 6*, 5, 9                        | s2, s3        | 4 4 2 2 |
 * | P3 (4)  | none, 4, 3*, 4               | none, 4, 3, 4                       | all           | 2 2 4 2 |
 * (* = the critic says "sloppy": rejected)
 *
 * majority:        K=1 none right; K=2 P3 (4 of [none, 4]); K=4 P1's tie 20–18 goes to 20 (first), so P3 only.
 * critic_majority: K=1 P1; K=2 P1, P3; K=4 P1, P3 (P2's 6 6 5 9 → 6).
 * critic_filtered: K=1 P1 (P2 has none accepted); K=2 P1, P3; K=4 all (P2's accepted 5, 9 tie → 5).
 * calls:           K=1 (4+4+2)/3; K=2 (6+8+4)/3; K=4 (12+12+10)/3. greedy: P1, P3.
 */
export const EXPECTED = {
  k: [1, 2, 4],
  n: 3,
  curves: { majority: [0, 1 / 3, 1 / 3], critic_majority: [1 / 3, 2 / 3, 2 / 3], critic_filtered: [1 / 3, 2 / 3, 1] },
  greedy: 2 / 3,
  calls: [10 / 3, 6, 34 / 3],
};
