import { idOf, isStringArray, str, type Shape } from './shape';

/**
 * TRL's stepwise-supervision datasets (the PRMTrainer's input, e.g. trl-lib/prm800k,
 * plaguss/prm_800k_trl): `prompt`, `completions[]` (the steps), `labels[]` (one boolean per
 * step, true = the step is right). The first false is the first wrong step; all true is -1.
 */
export const trlStepwise: Shape = {
  name: 'trl-stepwise',
  signature: 'prompt, completions[], labels[] (booleans) — TRL stepwise supervision',
  matches: (r) => typeof r.prompt === 'string' && Array.isArray(r.completions) && Array.isArray(r.labels),
  reader: () => (r) => {
    const problem = str(r.prompt);
    if (!problem) return { skip: 'no "prompt"' };
    if (!isStringArray(r.completions) || r.completions.length === 0) return { skip: '"completions" is not a non-empty array of strings' };
    const labels = r.labels as unknown[];
    if (labels.length !== r.completions.length || !labels.every((l) => typeof l === 'boolean' || l === 0 || l === 1)) {
      return { skip: `"labels" must hold one boolean per completion (${r.completions.length}), it has ${labels.length}` };
    }
    const first = labels.findIndex((l) => l === false || l === 0);
    return { id: idOf(r.id ?? r.index), problem, steps: r.completions, label: first, meta: {} };
  },
};
