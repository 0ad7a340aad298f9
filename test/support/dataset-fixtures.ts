import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Small datasets in each publisher's own record shape, made here from the normalized public
 * records of ../shared/data (nothing is copied from the sources themselves): each builder
 * writes a record the way that source lays it out, so reading it back must give the shared
 * record's problem, steps, label and answer.
 */
export const SHARED_DATA = path.resolve(__dirname, '../../../shared/data');

export interface SharedRecord {
  id: string;
  source: string;
  problem: string;
  steps: string[];
  label: number;
  answer: string | null;
  meta?: Record<string, unknown>;
}

export function sharedRecords(file: string, n = Infinity): SharedRecord[] {
  return readFileSync(path.join(SHARED_DATA, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .slice(0, n)
    .map((l) => JSON.parse(l) as SharedRecord);
}

/** ProcessBench's `dataset/*.json` element. */
export function asProcessBench(r: SharedRecord): Record<string, unknown> {
  return { id: String(r.meta?.original_id ?? r.id), generator: r.meta?.generator ?? 'unknown', problem: r.problem, steps: r.steps, final_answer_correct: r.meta?.final_answer_correct ?? r.label === -1, label: r.label };
}

/** A BIG-Bench Mistake JSONL line. */
export function asBigBenchMistake(r: SharedRecord): Record<string, unknown> {
  return { input: r.problem, steps: r.steps, answer: r.meta?.model_answer ?? null, target: r.answer, mistake_index: r.label === -1 ? null : r.label };
}

/** An MR-GSM8K element (`dataset/MR-GSM8K.json`). */
export function asMrGsm8k(r: SharedRecord): Record<string, unknown> {
  return {
    uuid: r.meta?.uuid ?? r.id,
    question: r.problem,
    ground_truth_solution: r.meta?.ground_truth_solution ?? '',
    ground_truth_answer: r.answer,
    model_output_steps: r.steps.map((s, i) => `Step ${i + 1}: ${s}`),
    model_output_answer_correctness: r.meta?.model_output_answer_correctness ?? 'wrong',
    model_output_solution_correctness: r.label === -1 ? 'correct' : 'wrong',
    model_output_solution_first_error_step: r.label === -1 ? 'N/A' : r.label + 1,
    model_output_solution_first_error_reason: r.meta?.first_error_reason ?? 'N/A',
    question_type: r.meta?.question_type ?? 'original',
  };
}

/** An MR-Ben element (`data/math.json`): question and options apart, steps as the model wrote them. */
export function asMrBen(r: SharedRecord): Record<string, unknown> {
  const at = r.problem.indexOf('\n\nOptions:\n');
  return {
    Question_UUID: r.meta?.question_uuid,
    Subject: r.meta?.subject,
    Question: at >= 0 ? r.problem.slice(0, at) : r.problem,
    Options: at >= 0 ? r.problem.slice(at + '\n\nOptions:\n'.length) : '',
    Ground_Truth: r.answer,
    Sampled_Model: r.meta?.sampled_model,
    Model_Solution_Steps: r.meta?.original_steps ?? r.steps.map((s, i) => `Step ${i + 1}: ${s}`),
    Model_Solution_Correctness: r.label === -1 ? 'correct' : 'incorrect',
    Model_Solution_First_Error_Step: r.label === -1 ? 'N/A' : String(r.label + 1),
    Model_Solution_Error_Reason: r.meta?.error_reason ?? 'N/A',
  };
}

/** A PRM800K phase-2 labeller line: steps pre-generated, ratings per step until the first -1. */
export function asPrm800k(r: SharedRecord, options: { finish?: string; neutralAt?: number } = {}): Record<string, unknown> {
  const upTo = r.label === -1 ? r.steps.length : r.label + 1;
  const steps = r.steps.slice(0, upTo).map((text, k) => {
    const rating = k === r.label ? -1 : k === options.neutralAt ? 0 : 1;
    return { completions: [{ text, rating, flagged: null }], human_completion: null, chosen_completion: rating === -1 ? null : 0 };
  });
  return {
    labeler: 'fixture',
    timestamp: '2026-01-01T00:00:00',
    generation: 1,
    is_quality_control_question: false,
    is_initial_screening_question: false,
    question: { problem: r.problem, ground_truth_answer: r.answer, pre_generated_steps: r.steps, pre_generated_answer: null, pre_generated_verifier_score: 0.5 },
    label: { steps, total_time: 1000, finish_reason: options.finish ?? (r.label === -1 ? 'solution' : 'found_error') },
  };
}

/** A TRL stepwise-supervision row: the steps up to and including the first wrong one. */
export function asTrl(r: SharedRecord): Record<string, unknown> {
  const upTo = r.label === -1 ? r.steps.length : r.label + 1;
  return { prompt: r.problem, completions: r.steps.slice(0, upTo), labels: r.steps.slice(0, upTo).map((_, k) => k !== r.label) };
}

/** MathCheck's process_judging item, preceded by the group's solving item (which holds the answer). */
export function asMathCheck(r: SharedRecord, group: number): Record<string, unknown>[] {
  const base = { question_type: 'seed_question', group_id: String(group), question: r.problem };
  return [
    { task_type: 'solving', ...base, id: `${group}-0`, answer: Number(r.answer) },
    { task_type: 'process_judging', ...base, id: `${group}-3`, solution: r.steps.map((s, i) => `Step ${i + 1}: ${s}`).join('\n'), answer: `Step ${r.label + 1}` },
  ];
}

/** A MathCritique refinement row (Alpaca layout) with a step-by-step critique naming step `label`. */
export function asMathCritique(r: SharedRecord): Record<string, unknown> {
  const blocks = r.steps.map((s, k) => `Step sentence: ${s}\nCorrectness of the step: ${r.label >= 0 && k >= r.label ? 'Wrong' : 'Correct'}\nExplanation: ${k === r.label ? 'This result does not follow.' : 'Fine.'}\n`);
  const instruction =
    `${r.problem} Please also give your final number in the format of 'The answer is [your answer].'\n\nAssistant:Let's break it down step by step:\n\n${r.steps.join('\n')}\n<|end_of_text|>\n` +
    `Human: I have made a step-by-step critic for your solution. Please read the following critic and use this critic as a reference to provide a new detailed, step-by-step solution.\n\n${blocks.join('\n')}\nCorrectness of the final answer: ${r.label >= 0 ? 'Wrong' : 'Correct'}\nExplanation: As above.\n`;
  return { instruction, input: '', output: `Let's break it down step by step:\n\nThe answer is ${r.answer}.` };
}
