import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseSolutionDocument } from '../../server/src/engine/solution';
import { reparseAfterEdit, type TextSource } from '../../server/src/engine/solution/incremental';
import { checkSolution, SharedStepResults, StepCheckCache, type CheckResult } from '../../server/src/engine/check';
import { checkStep } from '../../server/src/engine/check/step-checks';

// Steps that make every pass fire, including those that read other steps: a rewrite excused
// by an earlier relation, a substitution after a definition, a system, a directive, the answer.
const STEPS = [
  'She sells 16 - 3 - 4 = 9 eggs.',
  'Also 5 + 3 × 2 = 16.',
  '40 minutes + 100 minutes = 161 minutes.',
  '2.5 hours = 140 minutes.',
  'Solve 2x + 3 = 13, so 2x = 10 and x = 6.',
  'x + y = 10 and x - y = 2, so x = 6, y = 3.',
  '$(x+1)^2 = x^2 + x + 1 = x^2 + x + 1$',
  'Let f(x) = 2x^2 + 3.',
  'Then f(2) = 2 \\cdot 2^2 + 5 = 13.',
  'Since a + b = 0, $a^2 + 2ab + b^2 = (a + b)^2 = a^2 + b^2$.',
  '<!-- mathcritic-disable-next-step wrong-equation -->',
  '<!-- mathcritic-disable wrong-quantity -->',
  '<!-- mathcritic-enable -->',
  'She makes 9 * 2 = $18 every day.',
  'The answer is 18.',
  '#### 17',
];
const FRAGMENTS = ['1', ' 7', '=', ' = 12', '\n', '\n\n', 'Step 9: 2 + 2 = 5\n', '\nStep 4: ', 'x', '(', ')', '$', '\\boxed{18}', '<!-- mathcritic-disable -->', '× 3'];

/** What a check found, as plain data (a cached report places its equations when read). */
function plain(result: CheckResult) {
  return {
    findings: result.findings,
    steps: result.steps.map((s) => ({ stepIndex: s.stepIndex, equations: s.equations, wrong: [...s.wrong], mayDefine: s.mayDefine, answer: s.answer })),
  };
}

const edit = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...FRAGMENTS, ...STEPS.map((s) => `\nStep 3: ${s}`)) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  // A worker thread checked the missing steps: they come back through `put`.
  fc.record({ kind: fc.constant('worker' as const) }),
);

test('a check through a reused step cache finds exactly what a fresh check finds, after any edits', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...STEPS), { minLength: 1, maxLength: 14 }), fc.array(edit, { minLength: 1, maxLength: 12 }), (steps, edits) => {
      let text = `---\nanswer: 18\n---\n# Problem\n\nLet g(x) = x + 1 and a + c = 2.\n\n# Solution\n\n${steps.map((s, i) => `Step ${i + 1}: ${s}`).join('\n')}\n`;
      const cache = new StepCheckCache(8); // small, so that the spares fill up and turn over too
      const check = (t: string, withCache: boolean, worker = false) => {
        const { solution, issues } = parseSolutionDocument(t);
        if (worker) for (const missing of cache.missing(solution.steps)) cache.put(missing, checkStep(missing));
        return plain(checkSolution(solution, issues, withCache ? { cache } : {}));
      };
      assert.deepEqual(check(text, true), check(text, false));
      for (const e of edits) {
        if (e.kind === 'insert') {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.text + text.slice(at);
        } else if (e.kind === 'delete') {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + text.slice(at + e.length);
        }
        assert.deepEqual(check(text, true, e.kind === 'worker'), check(text, false), `after ${JSON.stringify(e)}:\n${text}`);
      }
    }),
    { numRuns: 150, seed: 15 },
  );
});

test('documents whose caches share step results find what a fresh check finds, whatever each was checked after', () => {
  fc.assert(
    fc.property(fc.array(fc.array(fc.constantFrom(...STEPS), { minLength: 1, maxLength: 10 }), { minLength: 2, maxLength: 5 }), fc.array(fc.nat(), { minLength: 1, maxLength: 12 }), (docs, order) => {
      // Small bounds, so that the shared generations and each cache's spares turn over too.
      const shared = new SharedStepResults(4);
      const caches = docs.map(() => new StepCheckCache(3, shared));
      const texts = docs.map((steps) => `---\nanswer: 18\n---\n# Problem\n\nLet g(x) = x + 1.\n\n# Solution\n\n${steps.map((s, i) => `Step ${i + 1}: ${s}`).join('\n')}\n`);
      for (const k of order) {
        const d = k % docs.length;
        const { solution, issues } = parseSolutionDocument(texts[d]);
        if (k % 3 === 0) for (const missing of caches[d].missing(solution.steps)) caches[d].put(missing, checkStep(missing));
        const fresh = parseSolutionDocument(texts[d]);
        assert.deepEqual(plain(checkSolution(solution, issues, { cache: caches[d] })), plain(checkSolution(fresh.solution, fresh.issues)), `document ${d}`);
      }
    }),
    { numRuns: 100, seed: 16 },
  );
});

test('a step checked for one document is not checked again for another, nor when a closed document is opened again', () => {
  const body = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `Step ${i + 1}: ${i + from} + 1 = ${i + from + 1}.`).join('\n');
  const doc = (b: string) => parseSolutionDocument(`# Problem\n\nP\n\n# Solution\n\n${b}\n`).solution;
  const shared = new SharedStepResults();
  const first = doc(body(100));
  checkSolution(first, [], { cache: new StepCheckCache(undefined, shared) });
  // Opened again in a new cache (the document was closed), and a document with half of its steps.
  assert.deepEqual(new StepCheckCache(undefined, shared).missing(first.steps), []);
  const other = doc(body(100, 50));
  assert.equal(new StepCheckCache(undefined, shared).missing(other.steps).length, 50, 'only the steps no document had are checked');
  assert.equal(new StepCheckCache().missing(first.steps).length, 100, 'a cache that shares nothing checks every step');
  // Bounded: past two generations of entries, the first document's steps are checked again.
  const small = new SharedStepResults(40);
  checkSolution(first, [], { cache: new StepCheckCache(undefined, small) });
  checkSolution(doc(body(100, 1_000)), [], { cache: new StepCheckCache(undefined, small) });
  assert.equal(new StepCheckCache(undefined, small).missing(first.steps).length, 100);
  // Bounded by characters too, and a step longer than a tenth of a generation is not kept.
  const byChars = new SharedStepResults(1_000, 2_000);
  for (const from of [0, 1_000, 5_000]) checkSolution(doc(body(100, from)), [], { cache: new StepCheckCache(undefined, byChars) });
  assert.equal(new StepCheckCache(undefined, byChars).missing(first.steps).length, 100, 'two generations of 2,000 characters later');
  const long = doc(`Step 1: ${'1 + 1 = 2 and '.repeat(20)}2 + 2 = 4.`);
  checkSolution(long, [], { cache: new StepCheckCache(undefined, byChars) });
  assert.equal(new StepCheckCache(undefined, byChars).missing(long.steps).length, 1, 'a long step is not shared');
  const short = doc('Step 1: 1 + 1 = 2.');
  checkSolution(short, [], { cache: new StepCheckCache(undefined, byChars) });
  assert.equal(new StepCheckCache(undefined, byChars).missing(short.steps).length, 0, 'a short one is');
});

test('an edit inside one step checks that step only; the steps after it are shifted, not checked', () => {
  const body = Array.from({ length: 200 }, (_, i) => `Step ${i + 1}: ${i + 1} + 1 = ${i % 10 === 9 ? i + 3 : i + 2}.`).join('\n');
  const text = `# Problem\n\nP\n\n# Solution\n\n${body}\n`;
  const cache = new StepCheckCache();
  const first = parseSolutionDocument(text).solution;
  checkSolution(first, [], { cache });
  const at = text.indexOf('.', text.indexOf('Step 100:'));
  const edited = parseSolutionDocument(`${text.slice(0, at)}0${text.slice(at)}`).solution;
  assert.deepEqual(cache.missing(edited.steps), ['100 + 1 = 1020.'], 'only the edited step is not cached');
  const result = checkSolution(edited, [], { cache });
  const wrong = result.findings.map((f) => [f.stepIndex, f.span.start]);
  const fresh = checkSolution(edited).findings.map((f) => [f.stepIndex, f.span.start]);
  assert.deepEqual(wrong, fresh);
  assert.ok(wrong.some(([s]) => s === 99) && wrong.some(([s]) => s === 199), 'the edited step and a step after it are both judged');
});

/** A text read as the language server's document serves it: a line, or a slice. */
function sourceOf(text: string): TextSource {
  return {
    slice: (start, end) => text.slice(start, end),
    lineAt(offset) {
      let start = offset;
      while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
      let end = offset;
      while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
      return { start, text: text.slice(start, end) };
    },
  };
}

// Documents of every layout the parser tells apart: step lines (plain, bold, as headings),
// numbered lists, paragraphs; with front matter or not, CRLF, fences, directives, boxed answers.
const LAYOUTS: Array<(steps: string[]) => string> = [
  (s) => `---\nanswer: 18\n---\n# Problem\n\nLet g(x) = x + 1.\n\n# Solution\n\n${s.map((t, i) => `Step ${i + 1}: ${t}`).join('\n')}\n`,
  (s) => `# Problem\n\nP\n\n## Solution\n\n${s.map((t, i) => `**Step ${i + 1}.** ${t}`).join('\n\n')}\n\nThe answer is 18.\n`,
  (s) => `# Solution\n\n${s.map((t, i) => `## Step ${i + 1}: ${t}`).join('\n')}\n`,
  (s) => `---\nanswer: 18\n---\n${s.map((t, i) => `${i + 1}. ${t}`).join('\n')}\n`,
  (s) => `Intro line.\n\n${s.join('\n\n')}\n\n\\boxed{18}\n`,
  (s) => `# Problem\r\n\r\nP\r\n\r\n# Solution\r\n\r\n${s.map((t, i) => `Step ${i + 1}: ${t}`).join('\r\n')}\r\n`,
  (s) => `# Solution\n\n${s.map((t, i) => `Step ${i + 1}: ${t}\ncontinued ${i} = ${i}`).join('\n')}\n\`\`\`\nStep 99: 1 = 2\n\`\`\`\n`,
  (s) => `# Solution\n\n${s.map((t, i) => `Step ${i + 1}: ${t}\n${i % 2 ? '<!-- mathcritic-disable -->' : '<!-- mathcritic-enable wrong-equation -->'} and 3 = 3`).join('\n')}\n`,
  (s) => `# Solution\n\n${s.map((t, i) => `Step ${i + 1}: $\\boxed{${i}}$ ${t}`).join('\n')}\n`,
  // Boxes joined into one answer list by a paragraph of "and" between them (and "or x", one edit from joining).
  (s) => `Intro.\n\n${s.map((_, i) => (i % 4 === 3 ? 'or x' : i % 2 === 1 ? 'and' : `$\\boxed{${i}}$`)).join('\n\n')}\n\n\\boxed{9}\n`,
];
const TYPED = [
  ' The answer is 7.',
  ' \\boxed{7}',
  '#### 7',
  'Answer: 7',
  ' and ',
  '1',
  '0',
  ' ',
  '  ',
  '=',
  ' = 12',
  'x',
  '#',
  '*',
  ':',
  '.',
  '-',
  '`',
  '$',
  '{',
  '}',
  '\\',
  'answer',
  'boxed',
  '<!--',
  '-->',
  'Step 4:',
  '1. ',
  '\n',
  'and',
  '---',
  '```',
  'Problem',
];

test('a parse after a typed edit, from the last parse, equals a fresh parse of the new text', () => {
  let incremental = 0;
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: LAYOUTS.length - 1 }),
      fc.array(fc.constantFrom(...STEPS), { minLength: 1, maxLength: 10 }),
      fc.array(fc.record({ at: fc.nat(), length: fc.integer({ min: 0, max: 6 }), text: fc.constantFrom('', ...TYPED) }), { minLength: 1, maxLength: 8 }),
      (layout, steps, edits) => {
        let text = LAYOUTS[layout](steps);
        let parsed = parseSolutionDocument(text);
        for (const e of edits) {
          // Mostly where a person types: inside a step's text.
          const inStep = parsed.solution.steps[e.at % Math.max(1, parsed.solution.steps.length)];
          const start = inStep && e.at % 3 !== 0 ? inStep.textStart + (e.at % (inStep.text.length + 1)) : e.at % (text.length + 1);
          const end = Math.min(text.length, start + (e.at % 2 === 0 ? 0 : e.length));
          const next = text.slice(0, start) + e.text + text.slice(end);
          const fresh = parseSolutionDocument(next);
          const quick = reparseAfterEdit(parsed, { start, end, text: e.text, removed: text.slice(start, end) }, sourceOf(next));
          if (quick) {
            incremental++;
            assert.deepEqual(quick, fresh, `after ${JSON.stringify({ start, end, text: e.text })}:\n${next}`);
          }
          text = next;
          parsed = quick ?? fresh;
        }
      },
    ),
    { numRuns: 600, seed: 15 },
  );
  assert.ok(incremental > 300, `the quick path is taken for most typed edits (${incremental})`);
});

test('a keystroke in one step of a 10,000-step document re-reads that step only', () => {
  const text = `# Solution\n\n${Array.from({ length: 10_000 }, (_, i) => `Step ${i + 1}: ${i} + 1 = ${i + 1}.`).join('\n')}\n`;
  const before = parseSolutionDocument(text);
  const at = text.indexOf('.', text.indexOf('Step 5000:'));
  const next = `${text.slice(0, at)}0${text.slice(at)}`;
  let read = 0;
  const source = sourceOf(next);
  const counting: TextSource = {
    slice: (a, b) => ((read += b - a), source.slice(a, b)),
    lineAt: (o) => {
      const l = source.lineAt(o);
      read += l.text.length;
      return l;
    },
  };
  const after = reparseAfterEdit(before, { start: at, end: at, text: '0', removed: '' }, counting);
  assert.ok(after, 'the edit is read incrementally');
  assert.deepEqual(after, parseSolutionDocument(next));
  assert.ok(read < 100, `read ${read} characters of ${next.length}`);
  assert.equal(after.solution.steps[5000].text, before.solution.steps[5000].text, 'the steps after it keep their text');
});

test('an edit that joins two boxes into one answer list is not read as a step edit', () => {
  const text = 'Intro.\n\n$\\boxed{1}$\n\nor x\n\n$\\boxed{2}$\n';
  const at = text.indexOf(' x');
  const next = text.slice(0, at) + text.slice(at + 2);
  const fresh = parseSolutionDocument(next);
  assert.equal(fresh.solution.finalAnswer?.text, '1, 2', 'the boxes now read as one answer');
  const quick = reparseAfterEdit(parseSolutionDocument(text), { start: at, end: at + 2, text: '', removed: ' x' }, sourceOf(next));
  assert.deepEqual(quick ?? fresh, fresh);
});
