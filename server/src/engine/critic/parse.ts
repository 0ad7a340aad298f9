import { critiqueAnswerSchema } from './prompt';
import type { Critique, StepVerdict } from './types';

/**
 * Reads a critic's answer: the requested JSON first, else the step-by-step prose critics write
 * ("Step 2: incorrect, …", "Conclusion: the first wrong step is Step 2."). Returns undefined
 * when nothing usable is there — a made-up verdict is worse than none.
 */
export function parseCritique(raw: string, stepCount: number): Critique | undefined {
  const json = parseJson(raw, stepCount);
  if (json === OUT_OF_RANGE) return undefined;
  return json ?? parseFreeText(raw, stepCount);
}

/** A JSON answer in the schema whose step is not one of the solution's: no verdict, and no second reading as prose. */
const OUT_OF_RANGE = Symbol('out of range');

function parseJson(raw: string, stepCount: number): Critique | typeof OUT_OF_RANGE | undefined {
  const unfenced = raw.replace(/^\s*```(?:json)?\s*/i, '').replace(/\s*```\s*$/, '');
  const start = unfenced.indexOf('{');
  const end = unfenced.lastIndexOf('}');
  if (start < 0 || end <= start) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(unfenced.slice(start, end + 1));
  } catch {
    return undefined;
  }
  const parsed = critiqueAnswerSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const answer = parsed.data;
  // 1-based: 0 (or anything past the last step) names no step, and is never "all correct".
  if (answer.first_wrong_step !== null && (answer.first_wrong_step < 1 || answer.first_wrong_step > stepCount)) return OUT_OF_RANGE;
  // A step judged wrong that the solution does not have: the critique is about another solution.
  if (answer.steps.some((v) => !v.correct && (v.step < 1 || v.step > stepCount))) return OUT_OF_RANGE;
  const verdicts: StepVerdict[] = answer.steps
    .filter((v) => v.step >= 1 && v.step <= stepCount)
    .map((v) => ({ step: v.step - 1, correct: v.correct, comment: v.comment.trim() }));
  let first = answer.first_wrong_step === null ? -1 : answer.first_wrong_step - 1;
  if (first === -1) {
    const wrong = verdicts.find((v) => !v.correct);
    if (wrong) first = wrong.step;
  }
  if (first < -1 || first >= stepCount) return OUT_OF_RANGE;
  const feedback = first >= 0 ? answer.feedback.trim() || verdicts.find((v) => v.step === first)?.comment || '' : '';
  return { firstWrongStep: first, feedback, verdicts, format: 'json', raw };
}

const STEP_LINE = /^[ \t>*_#-]*(?:\*\*)?step\s+(\d+)(?:\*\*)?\s*(?:\*\*)?\s*[:.)-]?\s*(?:\*\*)?\s*(?:is\s+|this step is\s+)?(correct|incorrect|wrong|right|erroneous|not correct)\b[*_]*[ \t]*[:,.;-]?[ \t]*(.*)$/gim;
const FIRST_WRONG = [
  /first\s+(?:wrong|incorrect|erroneous|error(?:neous)?)\s+step\s+(?:is\s+)?(?:in\s+)?(?:step\s+)?\**(\d+)/i,
  /(?:error|mistake)\s+(?:first\s+)?(?:is\s+|occurs\s+|appears\s+|lies\s+)?(?:in|at)\s+step\s+\**(\d+)/i,
  /step\s+\**(\d+)\**\s+is\s+(?:the\s+first\s+)?(?:incorrect|wrong|erroneous)/i,
];
const ALL_CORRECT = /\b(?:all\s+(?:the\s+)?steps\s+are\s+correct|the\s+(?:whole\s+)?solution\s+is\s+(?:entirely\s+|completely\s+)?correct|no\s+(?:errors?|mistakes?)\s+(?:were\s+)?(?:found|in\s+the\s+solution))\b/i;

function parseFreeText(raw: string, stepCount: number): Critique | undefined {
  const text = raw.trim();
  if (!text) return undefined;
  const verdicts: StepVerdict[] = [];
  for (const m of text.matchAll(STEP_LINE)) {
    const step = Number(m[1]) - 1;
    const correct = /^(correct|right)$/i.test(m[2]);
    // "Step 0: incorrect" or a wrong step past the last: a critique of some other solution.
    if ((step < 0 || step >= stepCount) && !correct) return undefined;
    if (step < 0 || step >= stepCount || verdicts.some((v) => v.step === step)) continue;
    verdicts.push({ step, correct, comment: (m[3] ?? '').trim() });
  }
  const conclusion = conclusionPart(text);
  let first: number | undefined;
  for (const re of FIRST_WRONG) {
    const m = re.exec(conclusion) ?? undefined;
    if (m) {
      first = Number(m[1]) - 1;
      // "The first wrong step is step 0" names no step (it is not "all correct").
      if (first < 0) return undefined;
      break;
    }
  }
  if (first === undefined && ALL_CORRECT.test(conclusion)) first = -1;
  if (first === undefined) {
    const wrong = verdicts.find((v) => !v.correct);
    if (wrong) first = wrong.step;
    else if (verdicts.length === stepCount && verdicts.every((v) => v.correct)) first = -1;
  }
  if (first === undefined || first < -1 || first >= stepCount) return undefined;
  const feedback = first >= 0 ? feedbackFor(text, first, verdicts) : '';
  return { firstWrongStep: first, feedback, verdicts, format: 'free-text', raw };
}

/** The conclusion, where critics name the first wrong step; the whole text when there is none. */
function conclusionPart(text: string): string {
  const at = text.search(/\b(?:conclusion|in summary|overall|final verdict)\b/i);
  return at >= 0 ? text.slice(at) : text;
}

function feedbackFor(text: string, step: number, verdicts: StepVerdict[]): string {
  const own = verdicts.find((v) => v.step === step);
  // The reason is the step's line and what follows it, up to the next step or the conclusion.
  const start = text.search(new RegExp(`step\\s+${step + 1}\\b`, 'i'));
  if (start >= 0) {
    const rest = text.slice(start);
    const stop = rest.slice(1).search(/\n\s*(?:[*_#>-]\s*)*(?:\*\*)?(?:step\s+\d+|conclusion)\b/i);
    const block = (stop >= 0 ? rest.slice(0, stop + 1) : rest).trim();
    const withoutHead = block.replace(/^(?:\*\*)?step\s+\d+(?:\*\*)?\s*[:.)-]?\s*(?:\*\*)?\s*(?:is\s+)?(?:correct|incorrect|wrong|right|erroneous|not correct)?\b[*_]*\s*[:,.;-]?\s*/i, '');
    if (withoutHead) return withoutHead;
  }
  return own?.comment ?? '';
}

/** The first sentence, for a diagnostic's message; the whole critique goes to hover. */
export function firstSentence(text: string, max = 240): string {
  const t = text.replace(/\s+/g, ' ').trim();
  const m = /^(.+?[.!?])(?:\s|$)/.exec(t);
  const s = m ? m[1] : t;
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
