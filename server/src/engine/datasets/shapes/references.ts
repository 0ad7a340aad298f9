import { findFinalAnswer } from '../../solution/final-answer';
import { answerOf, idOf, stepsOfText, str, type Mapped, type Row, type Shape } from './shape';

/**
 * Datasets of reference solutions as their publishers ship them. Each record is a worked
 * solution taken as right (label -1): what the checker's precision is measured on, and what
 * `check` reads as it would a folder of solution documents.
 */

/**
 * GSM8K (openai/grade-school-math, `grade_school_math/data/*.jsonl`): `question`, and `answer`
 * holding the solution, one step per line with calculator annotations `<<48/2=24>>`, and the
 * final answer after `####`. The Socratic split writes each line as "sub-question ** step".
 */
export const gsm8k: Shape = {
  name: 'gsm8k',
  signature: 'question, answer ("… #### 72") — GSM8K as published (openai/grade-school-math), its Socratic split too',
  matches: (r) => typeof r.question === 'string' && typeof r.answer === 'string' && /\n\s*####\s*\S/.test(r.answer),
  reader: () => readGsm8k,
};

function readGsm8k(r: Row): Mapped {
  const problem = str(r.question);
  if (!problem) return { skip: 'no "question"' };
  const text = String(r.answer);
  const at = text.search(/\n\s*####/);
  const final = text
    .slice(at)
    .replace(/^\s*####\s*/, '')
    .trim();
  const socratic = / \*\* /.test(text.slice(0, at));
  const steps = text
    .slice(0, at)
    .split('\n')
    .map((line) => (socratic && line.includes(' ** ') ? line.slice(line.indexOf(' ** ') + 4) : line))
    .map((line) => line.replace(/<<[^<>]*>>/g, '').trim())
    .filter((line) => line !== '');
  if (steps.length === 0) return { skip: '"answer" has no solution lines before "####"' };
  if (!final) return { skip: 'nothing after "####" (the final answer)' };
  // The "#### 72" line is the solution's own statement of its answer: kept as its last step.
  steps.push(`#### ${final}`);
  return { id: idOf(r.id), problem, steps, label: -1, answer: final, meta: { subset: socratic ? 'gsm8k/socratic' : 'gsm8k' } };
}

/**
 * MATH (hendrycks/math: `problem`, `solution`, `level`, `type`) and the sets built on it that
 * keep its fields (PRM800K's `math_splits`, MATH-500: `subject`, `answer`, `unique_id`). The
 * reference answer is `answer` where given, else the solution's last `\boxed{}`.
 */
export const mathReference: Shape = {
  name: 'math',
  signature: 'problem, solution, level, type|subject — MATH (Hendrycks et al.), MATH-500, PRM800K math_splits',
  matches: (r) => typeof r.problem === 'string' && typeof r.solution === 'string' && (r.level !== undefined || r.type !== undefined || r.subject !== undefined),
  reader: () => readMath,
};

function readMath(r: Row): Mapped {
  const problem = str(r.problem);
  const solution = str(r.solution);
  if (!problem || !solution) return { skip: 'no "problem" or "solution"' };
  const steps = stepsOfText(solution);
  if (steps.length === 0) return { skip: '"solution" has no steps' };
  const answer = answerOf(r.answer) ?? findFinalAnswer(solution, { start: 0, end: solution.length }, [])?.text;
  const meta: Row = {};
  const topic = str(r.type) ?? str(r.subject);
  if (topic) meta.subset = `math/${topic}`;
  if (r.level !== undefined) meta.level = r.level;
  const out: Mapped = { id: idOf(r.unique_id ?? r.id), problem, steps, label: -1, meta };
  if (answer !== undefined) out.answer = answer;
  return out;
}

/**
 * OlympiadBench (OpenBMB/OlympiadBench; the copy Qwen2.5-Math evaluates on): `question`,
 * `solution` (a list of worked solutions: the first is read), `final_answer` (a list, joined
 * with ", " as ProcessBench does), `subfield`, `answer_type`, `unit`.
 */
export const olympiadBench: Shape = {
  name: 'olympiadbench',
  signature: 'question, solution[], final_answer[], subfield — OlympiadBench',
  matches: (r) => typeof r.question === 'string' && Array.isArray(r.solution) && 'final_answer' in r,
  reader: () => readOlympiadBench,
};

function readOlympiadBench(r: Row): Mapped {
  const problem = str(r.question);
  if (!problem) return { skip: 'no "question"' };
  const solution = Array.isArray(r.solution) ? r.solution.find((s): s is string => typeof s === 'string' && s.trim() !== '') : undefined;
  if (!solution) return { skip: '"solution" holds no solution text' };
  const steps = stepsOfText(solution);
  if (steps.length === 0) return { skip: '"solution" has no steps' };
  const finals = Array.isArray(r.final_answer) ? r.final_answer.filter((a): a is string => typeof a === 'string' && a.trim() !== '') : [];
  const meta: Row = { subset: `olympiadbench/${str(r.subfield) ?? 'all'}` };
  for (const k of ['answer_type', 'unit', 'is_multiple_answer'] as const) if (r[k] !== undefined && r[k] !== null) meta[k] = r[k];
  const out: Mapped = { id: idOf(r.id), problem, steps, label: -1, meta };
  if (finals.length > 0) out.answer = finals.join(', ');
  return out;
}
