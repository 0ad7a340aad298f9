import { isStepIndex, normalizeRecord } from '../../curate/normalize';
import { answerOf, type Mapped, type Row, type Shape } from './shape';

/**
 * MathCritic's own records (`../shared/data`, our critique and refinement exports) and
 * ProcessBench's: `problem` (or `question` / `query`), `steps[]` (or one `response` text),
 * `label` (0-based first wrong step, -1 = none), `answer`, `meta`, optionally a `critique`.
 * ProcessBench's files have exactly these fields (plus `generator`, `final_answer_correct`).
 */
export const native: Shape = {
  name: 'mathcritic',
  signature: 'problem|question|query + steps[] (or response), label, answer — MathCritic records, ProcessBench',
  matches: (row) => normalizeRecord(row).ok,
  reader: () => readNative,
};

export function readNative(row: Row): Mapped {
  const n = normalizeRecord(row);
  if (!n.ok) return { skip: n.reason };
  const r = n.record;
  const meta: Record<string, unknown> = row.meta && typeof row.meta === 'object' && !Array.isArray(row.meta) ? { ...(row.meta as Row) } : {};
  // ProcessBench's own fields, kept where an evaluation can find them.
  for (const k of ['generator', 'final_answer_correct', 'subset'] as const) if (row[k] !== undefined && meta[k] === undefined) meta[k] = row[k];
  const out: Mapped = { problem: r.problem, steps: r.steps, meta };
  if (r.id !== undefined) out.id = r.id;
  if (r.source !== undefined) out.source = r.source;
  if (isStepIndex(row.label, r.steps.length)) out.label = row.label as number;
  const answer = answerOf(row.answer ?? row.reference_answer ?? row.ground_truth_answer);
  if (answer !== undefined) out.answer = answer;
  if (r.critique) out.critique = r.critique;
  if (typeof row.refinement === 'string') out.refinement = row.refinement;
  return out;
}
