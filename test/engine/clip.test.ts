import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { clipQuoted, MAX_MESSAGE, MAX_RUN } from '../../server/src/engine/text/clip';
import { checkSolution } from '../../server/src/engine/check';
import { parseSolutionDocument } from '../../server/src/engine/solution';

test('ordinary messages are left as they are, LaTeX written without spaces included', () => {
  for (const m of ['5 + 3 × 2 = 16 is wrong: 5 + 3 × 2 = 11', '\\frac{5\\times4\\times3}{2\\times1}=30 is wrong', 'x'.repeat(MAX_RUN)]) assert.equal(clipQuoted(m), m);
});

test('a huge run keeps its head and tail and says how long it was', () => {
  const out = clipQuoted(`${'9'.repeat(200_000)} + 1 = 5 is wrong`);
  assert.match(out, /^9{20,}…9{20,} \(200,000 characters\) \+ 1 = 5 is wrong$/);
  assert.ok(out.length < 120);
});

test('a long message keeps its head and tail, within the limit', () => {
  const out = clipQuoted(Array.from({ length: 2_000 }, (_, i) => `a${i}`).join(' + '));
  assert.ok(out.length <= MAX_MESSAGE, String(out.length));
  assert.ok(out.startsWith('a0 + a1 + '));
  assert.ok(out.endsWith('a1998 + a1999'));
  assert.ok(out.includes(' … '));
});

test('never a lone surrogate, never longer than the limit, whatever the text', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.constantFrom('😀', ' ', '9', 'x', '\\frac{1}{2}', '×'), fc.string()), { maxLength: 600 }), (parts) => {
      const out = clipQuoted(parts.join(''));
      assert.ok(out.length <= Math.max(MAX_MESSAGE, parts.join('').length), 'not longer than the limit, or the text');
      assert.doesNotMatch(out.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''), /[\uD800-\uDFFF]/, 'a lone surrogate');
    }),
  );
});

test("a finding quotes a huge number briefly; the fix's replacement stays whole", () => {
  const doc = `---\nanswer: 5\n---\n# Problem\n\nP.\n\n# Solution\n\nStep 1: ${'9'.repeat(5_000)} + 1 = 5.\n\nThe answer is 5.\n`;
  const { solution, issues } = parseSolutionDocument(doc);
  const wrong = checkSolution(solution, issues).findings.find((f) => f.code === 'wrong-equation');
  assert.ok(wrong);
  assert.ok(wrong.message.length < 400, String(wrong.message.length));
  assert.equal(wrong.suggestions?.length, 1, 'a fix is offered');
  for (const s of wrong.suggestions ?? []) {
    assert.ok(s.title.length < 400);
    assert.equal(s.text, `1${'0'.repeat(5_000)}`, 'the replacement is the whole number');
  }
});
