import { notInFormat, refuseIncomplete, type ChatAnswer, type ChatProfile, type ProfileInput, type Reading } from './types';

/**
 * ProcessBench's critique protocol (Zheng et al. 2024; github QwenLM/ProcessBench,
 * `code/templates/critique_template.txt` and `run_eval.py`): the solution as paragraphs tagged
 * `<paragraph_i>` from 0, one user turn, and the answer read from the last `\boxed{k}`: the
 * 0-based earliest wrong paragraph, or -1. The LLM judges of the ProcessBench table (GPT-4o,
 * o1-mini, QwQ, DeepSeek-R1) were asked exactly this.
 */
export const PROCESSBENCH_TEMPLATE = `The following is a math problem and a solution (split into paragraphs, enclosed with tags and indexed from 0):

[Math Problem]

{problem}

[Solution]

{tagged_response}

Your task is to review and critique the solution paragraph by paragraph. Once you identify an error in a paragraph, return the index of the paragraph where the earliest error occurs. Otherwise, return the index of -1 (which typically denotes "not found").

Please put your final answer (i.e., the index) in \\boxed{}.`;

/** The paragraphs as `run_eval.py`'s `prepare_input_boxed` tags them. */
export function taggedResponse(steps: readonly string[]): string {
  return steps
    .map((step, i) => `<paragraph_${i}>\n${step}\n</paragraph_${i}>\n\n`)
    .join('')
    .trim();
}

export function processBenchMessages(input: ProfileInput): Array<{ role: 'user'; content: string }> {
  // Replaced by a function so that `$&` or `$1` in a problem is kept as written.
  const prompt = PROCESSBENCH_TEMPLATE.replace('{problem}', () => input.problem).replace('{tagged_response}', () => taggedResponse(input.steps));
  return [{ role: 'user', content: prompt }];
}

/** The answer after the reasoning: after the last `</think>`, as R1-style models write it inline. */
export function splitThink(content: string): { answer: string; reasoning?: string } {
  const end = content.lastIndexOf('</think>');
  if (end < 0) {
    // An opened think that never closed: the answer never came.
    if (/<think>/.test(content)) return { answer: '', reasoning: content.slice(content.indexOf('<think>') + 7) };
    return { answer: content };
  }
  return { answer: content.slice(end + '</think>'.length), reasoning: content.slice(0, end).replace(/^\s*<think>/, '') };
}

/** The last `\boxed{…}` as `run_eval.py`'s `extract_answer` finds it (no nested braces), trimmed. */
export function lastBoxed(text: string): string | undefined {
  let last: string | undefined;
  for (const m of text.matchAll(/\\boxed\{([^}]*)\}/g)) last = m[1].trim();
  return last;
}

export function readProcessBench(answer: ChatAnswer, steps: readonly string[]): Reading {
  const stepCount = steps.length;
  const refused = refuseIncomplete('processbench', answer);
  if (refused) return { unreadable: refused };
  const { answer: text, reasoning: inline } = splitThink(answer.content);
  const reasoning = answer.reasoningContent ?? inline;
  if (text.trim() === '') return { unreadable: notInFormat('processbench', 'no answer after </think>') };
  const boxed = lastBoxed(text);
  if (boxed === undefined) return { unreadable: notInFormat('processbench', 'no \\boxed{} index') };
  // `\boxed{-1}`, `\boxed{ 3 }`, and the `\text{}`/`$` wrappers judges put around a number.
  const bare = boxed
    .replace(/^\\text\s*\{\s*(.*?)\s*\}$/, '$1')
    .replace(/^\$+|\$+$/g, '')
    .replace(/^paragraph[_\s]*/i, '')
    .trim();
  if (!/^[-−]?\d+$/.test(bare)) return { unreadable: notInFormat('processbench', `\\boxed{${boxed.slice(0, 40)}} is not a paragraph index`) };
  const k = Number(bare.replace('−', '-'));
  if (k < -1) return { unreadable: notInFormat('processbench', `\\boxed{${k}} is below -1`) };
  if (k >= stepCount) return { unreadable: notInFormat('processbench', `\\boxed{${k}} is past the last paragraph (${stepCount - 1})`) };
  const feedback = k >= 0 ? paragraphComment(text, k) : '';
  return {
    critique: {
      firstWrongStep: k,
      feedback,
      verdicts: [],
      format: 'processbench',
      raw: answer.content,
      ...(reasoning?.trim() ? { reasoning: reasoning.trim() } : {}),
    },
  };
}

/** What the judge wrote about paragraph k, when it names it; else its answer without the box. */
function paragraphComment(text: string, k: number): string {
  const named = new RegExp(`(?:paragraph[_\\s]*${k}\\b|<paragraph_${k}>)[^\\n]*(?:\\n(?!\\s*(?:paragraph[_\\s]*\\d|<paragraph_\\d))[^\\n]*)*`, 'i').exec(text);
  const chosen = (named ? named[0] : text).replace(/\\boxed\{[^}]*\}/g, '').trim();
  return chosen.length > 2000 ? `${chosen.slice(0, 1999)}…` : chosen;
}

export const processBenchProfile: ChatProfile = {
  kind: 'chat',
  name: 'processbench',
  version: 'processbench-critique-v1',
  description: "ProcessBench's critique template; the answer is the last \\boxed{k} (0-based paragraph, -1 for none)",
  // run_eval.py gives 8192 tokens (32768 for QwQ): reasoning judges think long before the box.
  defaultMaxTokens: 16_384,
  messages: processBenchMessages,
  read: readProcessBench,
};
