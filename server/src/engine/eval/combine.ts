/**
 * `eval --critic combined`: one prediction from the embedded checker's and the model's.
 *
 * The rule is the earlier of the two first errors. The checker is precise (it almost never
 * flags a right step: 98–100 % on ProcessBench's right samples), so a step it flags holds a real
 * error, and the first error cannot come after a real one: when it flags an earlier step than
 * the model names (or the model names none), the checker's step is the better guess. When the
 * model names an earlier step, the model may have seen a reasoning error the checker cannot, and
 * its step stands. The price is the checker's rare false alarm, which costs a right sample.
 *
 * The checker finding nothing is no evidence of a right solution (it reads arithmetic, not
 * reasoning), so only the model can answer -1: with the model's answer unreadable, the combined
 * critic has a prediction only where the checker flags a step, and is otherwise unreadable too.
 */
export function combineFirstErrors(embedded: number, model: number | null): number | null {
  if (model === null) return embedded >= 0 ? embedded : null;
  if (embedded < 0) return model;
  if (model < 0) return embedded;
  return Math.min(embedded, model);
}
