import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export function tempDir(prefix = 'mathcritic-curate-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Writes `lines` joined by `eol` (with a final eol unless `noFinalNewline`) to a new temp file. */
export function writeDataset(lines: Array<string | object>, opts: { eol?: string; noFinalNewline?: boolean; name?: string; dir?: string } = {}): string {
  const dir = opts.dir ?? tempDir();
  const file = path.join(dir, opts.name ?? 'data.jsonl');
  const eol = opts.eol ?? '\n';
  const text = lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join(eol) + (opts.noFinalNewline ? '' : eol);
  writeFileSync(file, text);
  return file;
}

/** A small hand-made dataset: ProcessBench records, a critique record, sources, labels. */
export const SMALL = [
  { id: 'a', source: 'gsm8k', problem: 'What is 2 + 3 then times 4?', steps: ['2 + 3 = 5', '5 * 4 = 20'], label: -1, answer: '20' },
  { id: 'b', source: 'gsm8k', problem: 'What is 2 + 3 then times 4?', steps: ['2 + 3 = 6', '6 * 4 = 24'], label: 0, answer: '20' },
  { id: 'c', source: 'math', problem: 'Solve x + 1 = 3.', steps: ['Subtract 1: x = 2.', 'So x = 2.'], label: -1 },
  {
    id: 'd',
    source: 'critic',
    problem: 'Janet has 16 eggs, eats 3, bakes 4. How many left?',
    steps: ['16 - 3 = 13', '13 - 4 = 8'],
    critique: 'Step 1: correct.\nStep 2: incorrect. 13 - 4 = 9.\nConclusion: the first wrong step is Step 2.',
    first_wrong_step: 1,
    verdict: 'incorrect',
    model: 'critic-7b',
    messages: [
      { role: 'user', content: 'the solution' },
      { role: 'assistant', content: 'Step 1: correct.\nStep 2: incorrect. 13 - 4 = 9.\nConclusion: the first wrong step is Step 2.' },
    ],
  },
  { id: 'e', source: 'critic', problem: 'What is 10 / 2?', steps: ['10 / 2 = 5'], critique: 'All steps are correct.', first_wrong_step: -1, verdict: 'correct', model: 'critic-7b' },
];
