import { answerOf, idOf, isStringArray, labelInRange, stepNumber, stepsOfText, str, stripStepMarker, type Mapped, type Row, type Shape } from './shape';

/**
 * BIG-Bench Mistake (WHGTyen/BIG-Bench-Mistake): `input`, `steps[]`, `mistake_index` (0-based,
 * null when no mistake), `target` (the reference), `answer` (the model's own answer).
 */
export const bigBenchMistake: Shape = {
  name: 'bbmistake',
  signature: 'input, steps[], mistake_index, target — BIG-Bench Mistake',
  matches: (r) => 'mistake_index' in r && isStringArray(r.steps) && typeof r.input === 'string',
  reader: () => (r) => {
    const problem = str(r.input);
    if (!problem) return { skip: 'no "input" (the problem)' };
    const steps = r.steps as string[];
    if (!isStringArray(steps) || steps.length === 0) return { skip: '"steps" is not a non-empty array of strings' };
    const label = r.mistake_index === null ? -1 : stepNumber(r.mistake_index);
    if (!labelInRange(label, steps.length)) return { skip: `"mistake_index" ${JSON.stringify(r.mistake_index)} is not null or a step index (0..${steps.length - 1})` };
    const meta: Row = {};
    if (r.answer !== undefined) meta.model_answer = r.answer;
    return { id: idOf(r.id), problem, steps, label, answer: answerOf(r.target), meta };
  },
};

/**
 * MR-GSM8K (dvlab-research/MR-GSM8K): `question`, `model_output_steps` (a list, or one text),
 * `model_output_solution_correctness` ("correct" | "wrong"), `model_output_solution_first_error_step`
 * (1-based, "N/A"), `ground_truth_answer`, `question_type`, `uuid`.
 */
export const mrGsm8k: Shape = {
  name: 'mr-gsm8k',
  signature: 'question, model_output_steps, model_output_solution_first_error_step — MR-GSM8K',
  matches: (r) => 'model_output_steps' in r && typeof r.question === 'string',
  reader: () => (r) => {
    const problem = str(r.question);
    if (!problem) return { skip: 'no "question"' };
    const raw = r.model_output_steps;
    const steps = isStringArray(raw) ? raw.map(stripStepMarker) : typeof raw === 'string' ? stepsOfText(raw) : [];
    if (steps.length === 0) return { skip: '"model_output_steps" has no steps' };
    const correctness = String(r.model_output_solution_correctness ?? '').toLowerCase();
    const first = stepNumber(r.model_output_solution_first_error_step);
    const label = first !== undefined ? first - 1 : correctness === 'correct' ? -1 : undefined;
    if (!labelInRange(label, steps.length)) return { skip: `no usable first error step (correctness ${JSON.stringify(r.model_output_solution_correctness)}, first_error_step ${JSON.stringify(r.model_output_solution_first_error_step)})` };
    const meta: Row = {};
    for (const k of ['question_type', 'model_output_answer_correctness', 'model_output_solution_first_error_reason', 'ground_truth_solution']) if (r[k] !== undefined) meta[k] = r[k];
    if (typeof r.question_type === 'string') meta.subset = `mr-gsm8k/${r.question_type}`;
    return { id: idOf(r.uuid ?? r.id), problem, steps, label, answer: answerOf(r.ground_truth_answer), meta };
  },
};

/**
 * MR-Ben (dvlab-research/Mr-Ben): `Question`, `Options`, `Model_Solution_Steps` (a list whose
 * items may hold several "Step N:" lines), `Model_Solution_Correctness`,
 * `Model_Solution_First_Error_Step` (1-based, "N/A"), `Ground_Truth`, `Subject`, `Sampled_Model`.
 * The problem is the question with its options, as in `../shared/data/mrben-math.jsonl`.
 */
export const mrBen: Shape = {
  name: 'mr-ben',
  signature: 'Question, Options, Model_Solution_Steps, Model_Solution_First_Error_Step — MR-Ben',
  matches: (r) => 'Model_Solution_Steps' in r && typeof r.Question === 'string',
  reader: () => (r) => {
    const question = str(r.Question);
    if (!question) return { skip: 'no "Question"' };
    const options = optionsText(r.Options);
    const problem = options ? `${question}\n\nOptions:\n${options}` : question;
    const raw = r.Model_Solution_Steps;
    const text = isStringArray(raw) ? raw.join('\n') : typeof raw === 'string' ? raw : '';
    // The models' lines carry stray indentation and trailing spaces: not part of the step.
    const steps = stepsOfText(text).map((s) => s.split('\n').map((l) => l.trim()).join('\n'));
    if (steps.length === 0) return { skip: '"Model_Solution_Steps" has no steps' };
    const correctness = String(r.Model_Solution_Correctness ?? '').toLowerCase();
    const first = stepNumber(r.Model_Solution_First_Error_Step);
    const label = correctness === 'correct' ? -1 : first !== undefined ? first - 1 : undefined;
    if (!labelInRange(label, steps.length)) return { skip: `no usable first error step (correctness ${JSON.stringify(r.Model_Solution_Correctness)}, first error step ${JSON.stringify(r.Model_Solution_First_Error_Step)})` };
    const meta: Row = {};
    for (const [k, to] of [['Subject', 'subject'], ['Sampled_Model', 'sampled_model'], ['Model_Solution_Error_Reason', 'error_reason']] as const) if (r[k] !== undefined) meta[to] = r[k];
    return { id: idOf(r.Question_UUID !== undefined && r.Sampled_Model !== undefined ? `${r.Question_UUID}-${r.Sampled_Model}` : r.id), problem, steps, label, answer: answerOf(r.Ground_Truth), meta };
  },
};

function optionsText(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() === '' ? undefined : v;
  if (Array.isArray(v)) return v.map(String).join('\n');
  if (v && typeof v === 'object') return Object.entries(v).map(([k, x]) => `${k}: ${String(x)}`).join('\n');
  return undefined;
}

/**
 * MathCheck (PremiLab-Math/MathCheck, `gsm_checklist.json`): items of several `task_type`s;
 * only `process_judging` ones carry a first wrong step, in `answer` ("Step 3") over the
 * `solution` text. The reference answer is the `solving` item's `answer` of the same group
 * and question type, which comes earlier in the file. Other task types are skipped, by name.
 */
export const mathCheck: Shape = {
  name: 'mathcheck',
  signature: 'task_type (process_judging), question, solution, answer "Step N" — MathCheck',
  matches: (r) => typeof r.task_type === 'string' && typeof r.question === 'string',
  reader: () => {
    const answers = new Map<string, string>();
    return (r): Mapped => {
      const key = `${String(r.group_id)}\u0000${String(r.question_type)}`;
      if (r.task_type === 'solving') {
        const a = answerOf(r.answer);
        if (a !== undefined) answers.set(key, a.replace(/\.0+$/, ''));
      }
      if (r.task_type !== 'process_judging') return { skip: `a MathCheck "${String(r.task_type)}" item: only process_judging items label steps` };
      const problem = str(r.question);
      const solution = str(r.solution);
      if (!problem || !solution) return { skip: 'no "question" or "solution"' };
      const steps = stepsOfText(solution);
      const first = stepNumber(r.answer);
      const label = first !== undefined ? first - 1 : String(r.answer).toLowerCase() === 'correct' ? -1 : undefined;
      if (!labelInRange(label, steps.length)) return { skip: `"answer" ${JSON.stringify(r.answer)} names no step of the solution's ${steps.length}` };
      const meta: Row = { subset: `mathcheck/${String(r.question_type)}` };
      if (r.group_id !== undefined) meta.group_id = r.group_id;
      return { id: idOf(r.id), problem, steps, label, answer: answers.get(key), meta };
    };
  },
};
