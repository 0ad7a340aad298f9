import { mathCritiqueFirstWrongStep } from '../../critic/profiles/mathcritique';
import { str, type Mapped, type Row, type Shape } from './shape';

/**
 * The MathCritique release (WooooDyy/MathCritique) in its two row forms:
 * - Alpaca rows `instruction` / `input` / `output`: the instruction holds the problem, then
 *   "Assistant:" and the actor's response, then a "Human:" turn with the step-by-step critique
 *   ("Step sentence: … / Correctness of the step: … / Explanation: …"); `output` is the refinement;
 * - ShareGPT rows `conversations: [{from, value}]`: the same text spread over turns.
 * The critique is read by the MathCritique critic layout reader, the one the curator uses, so
 * the same text gives the same first wrong step everywhere.
 */
export const mathCritiqueRows: Shape = {
  name: 'mathcritique',
  signature: 'instruction, input, output — or conversations[{from, value}] — MathCritique release rows',
  matches: (r) => (typeof r.instruction === 'string' && typeof r.output === 'string') || Array.isArray(r.conversations),
  reader: () => readMathCritique,
};

function readMathCritique(r: Row): Mapped {
  let text: string;
  let last: string | undefined;
  if (Array.isArray(r.conversations)) {
    const turns = r.conversations.filter((t): t is Row => !!t && typeof t === 'object');
    const value = (t: Row) => (typeof t.value === 'string' ? t.value : typeof t.content === 'string' ? t.content : '');
    const role = (t: Row) => String(t.from ?? t.role ?? '');
    if (turns.length < 2) return { skip: '"conversations" has fewer than two turns' };
    // Every turn but the model's last answer is the prompt; a human turn is prefixed as in the Alpaca rows.
    text = turns.slice(0, -1).map((t, i) => (i === 0 ? value(t) : `\n${/^(gpt|assistant)$/i.test(role(t)) ? 'Assistant:' : 'Human:'} ${value(t)}`)).join('');
    last = value(turns[turns.length - 1]);
  } else {
    text = [r.instruction, r.input].filter((s): s is string => typeof s === 'string' && s !== '').join('\n');
    last = typeof r.output === 'string' ? r.output : undefined;
  }
  const assistantAt = text.search(/\n\s*Assistant:/);
  if (assistantAt < 0) return { skip: 'no "Assistant:" response in the instruction: not a critique or refinement row' };
  // The paper's prompt ends the problem with a request for the answer's format: not part of the problem.
  const problem = str(text.slice(0, assistantAt).replace(/\s*Please (?:also )?give your final (?:number|answer) in the format of[\s\S]*$/, '').trim());
  if (!problem) return { skip: 'no problem before "Assistant:"' };
  const afterAssistant = text.slice(text.indexOf('Assistant:', assistantAt) + 'Assistant:'.length);
  const humanAt = afterAssistant.search(/(?:<\|end_of_text\|>|<\|eot_id\|>)?\s*\n\s*Human:/);
  const response = (humanAt >= 0 ? afterAssistant.slice(0, humanAt) : afterAssistant).replace(/<\|(?:end_of_text|eot_id)\|>/g, '');
  const steps = responseSteps(response);
  if (steps.length === 0) return { skip: 'the response has no steps' };

  // The critique sits in the human turn (refinement rows) or is the answer itself (critic rows).
  const rest = humanAt >= 0 ? afterAssistant.slice(humanAt) : '';
  const critiqueIn = (s: string | undefined) => (s && /correctness of (?:the|this) step\s*:/i.test(s) ? s.slice(s.search(/step sentence\s*:|correctness of (?:the|this) step\s*:/i)).trim() : undefined);
  const inPrompt = critiqueIn(rest);
  const critiqueText = inPrompt ?? critiqueIn(last);
  const out: Mapped = { problem, steps, meta: {} };
  if (critiqueText !== undefined) {
    const first = mathCritiqueFirstWrongStep(critiqueText, steps);
    out.critique = { text: critiqueText, firstWrongStep: first ?? null };
    if (first !== undefined) out.label = first;
    if (inPrompt !== undefined && last) out.refinement = last;
  } else if (last) {
    out.refinement = last;
  }
  return out;
}

/**
 * The actor's response as steps: one per line (the critique's "Step sentence" blocks follow
 * the lines), without a lead-in line ("Let's break it down step by step:") and without GSM8K's
 * calculator annotations `<<5*3=15>>`, which the critique quotes without.
 */
export function responseSteps(response: string): string[] {
  const lines = response
    .split('\n')
    .map((l) => l.replace(/<<[^<>]*>>/g, '').trim())
    .filter((l) => l !== '');
  if (lines.length > 1 && /:\s*$/.test(lines[0]) && /step[- ]by[- ]step|let'?s/i.test(lines[0])) lines.shift();
  return lines;
}
