import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseSolutionDocument } from '../../server/src/engine/solution';
import { checkSolution, StepCheckCache, type CheckResult } from '../../server/src/engine/check';
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
