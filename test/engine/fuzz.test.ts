import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseSolutionDocument } from '../../server/src/engine/solution';
import { checkSolution } from '../../server/src/engine/check';
import { LineIndex } from '../../server/src/engine/text/line-index';

// Fragments that stress the parser and the checker: structure, line breaks, LaTeX, money,
// astral characters, unbalanced braces and dollars.
const fragment = fc.constantFrom(
  '---\n', '---\r\n', 'answer: ', 'answer: [', 'id: x\n', '# Problem\n', '# Solution\n', '## Step 1: ', 'Step 2: ', '**Step 3.** ',
  '1. ', '2) ', '\n', '\r\n', '\r', '\n\n', '\t', ' ', '\\boxed{', '\\fbox{', '{', '}', '\\{', '$', '$$', '\\(', '\\)', '\\[', '\\]',
  '\\frac{3}{4}', '\\cdot', '\\times', '\\sqrt{2}', '^', '=', '≈', '\\approx', '+', '-', '−', '×', '÷', '*', '/', '%', '(', ')',
  '1,200', '$18', '3.5', '0', '7', '2x', 'x', 'The answer is ', '#### ', 'Answer: ', '😀', '𝔸', 'é', '<<9*2=18>>', '`', '```\n',
);
const docText = fc.array(fc.oneof({ weight: 5, arbitrary: fragment }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) }), { maxLength: 120 }).map((a) => a.join(''));

function assertWellFormed(text: string): void {
  const { solution, issues } = parseSolutionDocument(text);
  const inside = (s: { start: number; end: number }) => 0 <= s.start && s.start <= s.end && s.end <= text.length;
  for (const issue of issues) assert.ok(inside(issue.span), `issue span ${JSON.stringify(issue.span)}`);
  solution.steps.forEach((step, i) => {
    assert.equal(step.index, i);
    assert.ok(inside(step.span));
    assert.equal(text.slice(step.textStart, step.span.end), step.text);
    if (i > 0) assert.ok(step.span.start >= solution.steps[i - 1].span.end, 'steps do not overlap');
  });
  if (solution.finalAnswer) assert.ok(inside(solution.finalAnswer.span));
  const result = checkSolution(solution, issues);
  const index = new LineIndex(text);
  for (const f of result.findings) {
    assert.ok(inside(f.span), `finding span ${JSON.stringify(f)}`);
    const p = index.positionAt(f.span.end);
    assert.ok(p.line < index.lineCount);
  }
}

test('parser and checker: no crash, no hang, every span inside the document (structured fuzz)', () => {
  fc.assert(fc.property(docText, assertWellFormed), { numRuns: 1500 });
});

test('parser and checker: arbitrary unicode text', () => {
  fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), assertWellFormed), { numRuns: 500 });
});

// A hang fails through the test's timeout; speed itself is measured in bench/, not here.
test('hostile inputs terminate', { timeout: 60_000 }, () => {
  const hostile = [
    '\\boxed{'.repeat(20_000),
    '{'.repeat(50_000) + '}'.repeat(10),
    '$'.repeat(50_000),
    '1 + '.repeat(20_000) + '1 = 5',
    '((((((((((' .repeat(2_000) + '1 = 1',
    `# Problem\n\nP\n\n# Solution\n\n${'Step 1: 2 + 2 = 4\n'.repeat(5_000)}`,
    '= '.repeat(30_000),
    `---\n${'a: '.repeat(3000)}\n---\n`,
  ];
  for (const text of hostile) {
    assertWellFormed(text);
  }
});
