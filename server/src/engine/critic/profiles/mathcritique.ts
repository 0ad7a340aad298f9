import type { StepVerdict } from '../types';
import { notInFormat, refuseIncomplete, type ChatAnswer, type ChatProfile, type ProfileInput, type Reading } from './types';

/**
 * The critics of Xi et al. 2024 (AutoMathCritique), as their release asks them (github
 * WooooDyy/MathCritique, `selfimprove/critic.py` `critic_template`, the same text in
 * `data_filter.py`): an instruction, the question, and the solution one step per line, without
 * the actor's "Let's break it down step by step:" lead-in. The critic answers one block per
 * step (`Step sentence:` / `Correctness of the step:` / `Explanation:`), then
 * `Correctness of the final answer:` and its explanation.
 */
export const MATHCRITIQUE_INSTRUCTION = `Instruction:
For a given question, there is a step-by-step solution, where each line is a step. Please check step by step to tell me whether the solution is correct or wrong. You should repeat each step and give me an explanation on whether this step is correct or wrong. Finally, you should tell me whether the final answer is correct or wrong.

Your answer format should be:

Step sentence: [Repeated sentence, ignoring new line break]
Correctness of the step: [Correct/Wrong]
Explanation: [Your Explanation]

Correctness of the final answer: [Correct/Wrong]
Explanation: [Your Explanation]`;

const LEAD_IN = "Let's break it down step by step:";

/** The solution as their actor wrote it: one step per line, the lead-in dropped as `critic_template` drops it. */
export function mathCritiqueSolution(steps: readonly string[]): string {
  const lines = steps.map((s) => s.replace(/\s*\n\s*/g, ' ').trim());
  if (lines.length > 1 && lines[0] === LEAD_IN) lines.shift();
  return lines.join('\n');
}

export function mathCritiqueMessages(input: ProfileInput): Array<{ role: 'user'; content: string }> {
  return [{ role: 'user', content: `${MATHCRITIQUE_INSTRUCTION}\n\nQuestion:\n${input.problem.trim()}\n\nSolution:\n${mathCritiqueSolution(input.steps)}` }];
}

interface Block {
  sentence: string;
  label: string;
  explanation: string;
}

/**
 * A label as their critics write it: "Correct", "Wrong", "Incorrect", with trailing spaces or
 * markdown, or a longer phrase ("Correct for the equation but wrong in context", in their
 * Meta-Llama-3-8B SFT file): any word of wrongness makes it wrong. Undefined: no verdict.
 */
export function labelVerdict(label: string): boolean | undefined {
  const t = label
    .replace(/[*_`[\]]/g, ' ')
    .trim()
    .toLowerCase();
  if (/\b(?:wrong|incorrect|not\s+correct|false|erroneous|error|mistaken|invalid|flawed|partially)\b/.test(t)) return false;
  if (/^(?:correct|right|true|valid)\b/.test(t)) return true;
  return undefined;
}

const FIELD = /^[ \t>*#_-]*(?:\*\*)?(step sentence|correctness of (?:the|this) step|correctness of the final answer|explanation)(?:\*\*)?\s*:(?:\*\*)?[ \t]*(.*)$/gim;

/** The critique's fields in order, each with the text up to the next field. */
function fields(text: string): Array<{ name: string; value: string }> {
  const hits = [...text.matchAll(FIELD)];
  return hits.map((m, i) => {
    const end = i + 1 < hits.length ? (hits[i + 1].index as number) : text.length;
    const start = (m.index as number) + m[0].length - m[2].length;
    return { name: m[1].toLowerCase(), value: text.slice(start, end).trim() };
  });
}

/** Text compared without spacing, `$`, markdown or calculator annotations, which critics drop or add when they repeat a step. */
const squash = (s: string) =>
  s
    .replace(/<<[^<>]*>>/g, '')
    .replace(/[\s$*`\\]/g, '')
    .toLowerCase();

/**
 * Which step each block judges. A block repeats its step's sentence, or one sentence of it
 * (critics split a long line: their data has five blocks for one line), so it goes to the first
 * step at or after the previous block's that contains its sentence. When sentences cannot be
 * matched, blocks and steps are paired in order only if there are as many of each.
 */
function assign(blocks: Block[], steps: readonly string[]): Array<number | undefined> {
  const squashed = steps.map(squash);
  let cursor = 0;
  const found = blocks.map((b) => {
    const s = squash(b.sentence);
    if (s.length < 4) return undefined;
    for (let j = cursor; j < squashed.length; j++) {
      if (squashed[j].includes(s) || (squashed[j].length >= 8 && s.includes(squashed[j]))) {
        cursor = j;
        return j;
      }
    }
    return undefined;
  });
  if (found.every((f) => f === undefined) && blocks.length === steps.length) return blocks.map((_, i) => i);
  return found;
}

/** An Explanation ends at its paragraph: what follows a blank line ("The answer is 66.") is not part of it. */
const paragraph = (s: string) => s.split(/\n\s*\n/)[0].trim();

export function readMathCritique(answer: ChatAnswer, steps: readonly string[]): Reading {
  const refused = refuseIncomplete('mathcritique', answer);
  if (refused) return { unreadable: refused };
  const blocks: Block[] = [];
  let finalAnswer: { correct: boolean; explanation: string } | undefined;
  let finalLabel: string | undefined;
  let current: Block | undefined;
  let inFinal = false;
  for (const f of fields(answer.content)) {
    if (f.name === 'step sentence') {
      current = { sentence: f.value, label: '', explanation: '' };
      blocks.push(current);
      inFinal = false;
    } else if (f.name.startsWith('correctness of the final')) {
      finalLabel = f.value;
      const v = labelVerdict(f.value.split('\n')[0]);
      if (v !== undefined) finalAnswer = { correct: v, explanation: '' };
      inFinal = true;
      current = undefined;
    } else if (f.name.startsWith('correctness of')) {
      // A verdict without its sentence still judges a step (matched by position).
      if (!current || current.label) {
        current = { sentence: '', label: '', explanation: '' };
        blocks.push(current);
      }
      current.label = f.value.split('\n')[0];
    } else if (inFinal) {
      if (finalAnswer && !finalAnswer.explanation) finalAnswer.explanation = paragraph(f.value);
    } else if (current && !current.explanation) current.explanation = paragraph(f.value);
  }
  const judged = blocks.filter((b) => b.label !== '');
  if (judged.length === 0) return { unreadable: notInFormat('mathcritique', 'no "Correctness of the step:" block') };

  const owners = assign(judged, steps);
  const verdicts: StepVerdict[] = [];
  judged.forEach((b, i) => {
    const step = owners[i];
    const correct = labelVerdict(b.label);
    if (step === undefined || correct === undefined) return; // a block that judges no step we know, or says nothing
    const known = verdicts.find((v) => v.step === step);
    if (!known) verdicts.push({ step, correct, comment: b.explanation });
    else if (known.correct && !correct) Object.assign(known, { correct: false, comment: b.explanation });
  });
  verdicts.sort((a, b) => a.step - b.step);
  if (verdicts.length === 0) return { unreadable: notInFormat('mathcritique', `no block could be matched to one of the ${steps.length} steps, and there are ${judged.length} blocks`) };

  const wrong = verdicts.find((v) => !v.correct);
  const base = { verdicts, format: 'mathcritique' as const, raw: answer.content, ...(finalAnswer ? { finalAnswer } : {}), ...(answer.reasoningContent ? { reasoning: answer.reasoningContent } : {}) };
  if (wrong) return { critique: { ...base, firstWrongStep: wrong.step, feedback: wrong.comment } };
  if (finalAnswer && !finalAnswer.correct) {
    // Every judged step right and the answer wrong: a finding on the answer, placed on the step that states it.
    return { critique: { ...base, firstWrongStep: steps.length - 1, feedback: finalAnswer.explanation || 'The critic calls the final answer wrong.', onFinalAnswer: true } };
  }
  if (finalAnswer?.correct || verdicts.length === steps.length) return { critique: { ...base, firstWrongStep: -1, feedback: '' } };
  const what = finalLabel !== undefined ? `"Correctness of the final answer: ${finalLabel.split('\n')[0].slice(0, 40)}" is neither Correct nor Wrong` : 'no "Correctness of the final answer:" line';
  return { unreadable: notInFormat('mathcritique', `${what}, and ${steps.length - verdicts.length} of ${steps.length} steps were not judged`) };
}

/**
 * The first wrong step a MathCritique critique names (0-based, -1: none), read as the
 * `mathcritique` profile reads a live answer, so one text gives one verdict in the editor, the
 * curator and the dataset reader. Undefined when the text is not in that layout.
 */
export function mathCritiqueFirstWrongStep(text: string, steps: readonly string[]): number | undefined {
  const reading = readMathCritique({ content: text }, steps);
  return 'critique' in reading ? reading.critique.firstWrongStep : undefined;
}

export const mathCritiqueProfile: ChatProfile = {
  kind: 'chat',
  name: 'mathcritique',
  version: 'mathcritique-critic-v1',
  description: 'the prompt the MathCritique critics were trained on; one "Correctness of the step" block per step',
  // critic.py samples 1536 tokens; a block per step of a long solution needs more.
  defaultMaxTokens: 4096,
  messages: mathCritiqueMessages,
  read: readMathCritique,
};
