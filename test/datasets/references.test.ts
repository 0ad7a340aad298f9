/**
 * Reference-solution datasets as published: GSM8K's own lines (openai/grade-school-math,
 * main and Socratic) and MATH's (hendrycks/math; MATH-500 and PRM800K's math_splits keep its
 * fields). The rows below are copied in the publishers' layouts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readDataset, type PlacedRecord } from '../../server/src/engine/datasets';
import { runCli } from '../support/cli';

const dir = mkdtempSync(path.join(tmpdir(), 'mc-references-'));
const write = (name: string, rows: unknown[]) => {
  const file = path.join(dir, name);
  writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
};
async function read(file: string): Promise<{ records: PlacedRecord[]; shape?: string }> {
  const records: PlacedRecord[] = [];
  let shape: string | undefined;
  for await (const r of readDataset(file, { onOpen: (i) => (shape = i.shape) })) records.push(r);
  return { records, shape };
}

const NATALIA = {
  question: 'Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many clips did Natalia sell altogether in April and May?',
  answer: 'Natalia sold 48/2 = <<48/2=24>>24 clips in May.\nNatalia sold 48+24 = <<48+24=72>>72 clips altogether in April and May.\n#### 72',
};
const SOCRATIC = {
  question: NATALIA.question,
  answer:
    'How many clips did Natalia sell in May? ** Natalia sold 48/2 = <<48/2=24>>24 clips in May.\nHow many clips did Natalia sell altogether in April and May? ** Natalia sold 48+24 = <<48+24=72>>72 clips altogether in April and May.\n#### 72',
};

test('GSM8K as published: one step per line, calculator annotations out, the "####" line kept, the answer after it, taken as right', async () => {
  const { records, shape } = await read(write('gsm8k.jsonl', [NATALIA, SOCRATIC]));
  assert.equal(shape, 'gsm8k');
  assert.deepEqual(records[0].steps, ['Natalia sold 48/2 = 24 clips in May.', 'Natalia sold 48+24 = 72 clips altogether in April and May.', '#### 72']);
  assert.equal(records[0].answer, '72');
  assert.equal(records[0].label, -1);
  assert.equal(records[0].meta?.subset, 'gsm8k');
  assert.deepEqual(records[1].steps, records[0].steps, 'the Socratic sub-questions are set aside');
  assert.equal(records[1].meta?.subset, 'gsm8k/socratic');
  assert.notEqual(records[0].id, records[1].id);
});

test('MATH, MATH-500 and PRM800K math_splits: the solution as steps, `answer` or else the last box, level and subject kept', async () => {
  const hendrycks = {
    problem: 'What is $\\frac{1}{2} + \\frac{1}{3}$?',
    level: 'Level 1',
    type: 'Prealgebra',
    solution: 'We have $\\frac{1}{2} + \\frac{1}{3} = \\frac{3}{6} + \\frac{2}{6} = \\frac{5}{6}$.\n\nSo the sum is $\\boxed{\\frac{5}{6}}$.',
  };
  const math500 = { problem: 'Compute $2^{10}$.', solution: '$2^{10} = 1024$, so the answer is $\\boxed{1024}$.', answer: '1024', subject: 'Algebra', level: 2, unique_id: 'test/algebra/1.json' };
  const { records, shape } = await read(write('math.jsonl', [hendrycks, math500]));
  assert.equal(shape, 'math');
  assert.equal(records[0].answer, '\\frac{5}{6}');
  assert.equal(records[0].meta?.subset, 'math/Prealgebra');
  assert.ok(records[0].steps.length >= 2, JSON.stringify(records[0].steps));
  assert.equal(records[1].id, 'test/algebra/1.json');
  assert.equal(records[1].answer, '1024');
  assert.equal(records[1].meta?.level, 2);
  assert.ok(records.every((r) => r.label === -1));
});

test('OlympiadBench: the first of its solutions, its final answers joined, the subfield as subset', async () => {
  const row = {
    id: 1606,
    subfield: 'Combinatorics',
    context: null,
    question: 'How many moves?',
    solution: ['We have $2 + 2 = 4$.\n\nSo the answer is 2.', 'Another way.'],
    final_answer: ['2'],
    is_multiple_answer: false,
    unit: null,
    answer_type: 'Numerical',
    error: null,
  };
  const { records, shape } = await read(write('olympiadbench.jsonl', [row]));
  assert.equal(shape, 'olympiadbench');
  assert.equal(records[0].id, '1606');
  assert.equal(records[0].answer, '2');
  assert.equal(records[0].label, -1);
  assert.equal(records[0].meta?.subset, 'olympiadbench/Combinatorics');
  assert.ok(!records[0].steps.join('\n').includes('Another way'));
});

test('`check` reads GSM8K as published: a slip in a reference solution is found, a right one is left clean', async () => {
  const slip = { question: 'Suzzane sells cookies.', answer: 'Her total revenue is $240 + $80 = $<<240+80=320>>320.\nSo, Suzzane has $32 - $20 = $<<320-20=300>>300 left.\n#### 300' };
  const r = await runCli(['check', write('gsm8k-check.jsonl', [NATALIA, slip])]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /:2:1: error: .*\$32 - \$20 = \$300 is wrong/);
  assert.doesNotMatch(r.stdout, /:1:1:/, 'the right solution has no finding');
});
