import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseSolutionDocument, isSolutionDocument, solutionFromSteps } from '../../server/src/engine/solution';
import { LineIndex } from '../../server/src/engine/text/line-index';

const doc = (s: string) => parseSolutionDocument(s);
const stepTexts = (s: string) => doc(s).solution.steps.map((st) => st.text);

describe('front matter', () => {
  test('reads answer, id and problem', () => {
    const { solution, issues } = doc('---\nid: p1\nanswer: "\\\\frac{3}{4}"\n---\n# Solution\n\nStep 1: 1 + 1 = 2\n');
    assert.deepEqual(issues, []);
    assert.equal(solution.id, 'p1');
    assert.equal(solution.referenceAnswer, '\\frac{3}{4}');
  });

  test('a numeric answer becomes its string', () => {
    assert.equal(doc('---\nanswer: 1250\n---\nStep 1: x\n').solution.referenceAnswer, '1250');
  });

  test('invalid YAML is reported at its position and the rest is still parsed', () => {
    const text = '---\nanswer: [1, 2\nid: x\n---\n# Problem\n\nP\n\n# Solution\n\nStep 1: 2 + 2 = 4\n';
    const { solution, issues } = doc(text);
    assert.equal(issues.length, 1);
    assert.equal(issues[0].code, 'invalid-front-matter');
    assert.match(issues[0].message, /not valid YAML/);
    assert.ok(issues[0].span.start >= 4 && issues[0].span.end <= text.indexOf('\n---\n', 3) + 1);
    assert.equal(solution.steps.length, 1);
  });

  test('an unclosed front matter block says how to fix it', () => {
    const { issues } = doc('---\nanswer: 3\n# Problem\n');
    assert.equal(issues[0].code, 'invalid-front-matter');
    assert.match(issues[0].message, /closing "---"/);
  });

  test('a mapping is required', () => {
    assert.equal(doc('---\n- a\n- b\n---\nStep 1: y\n').issues[0].code, 'invalid-front-matter');
  });

  test('an answer that is a list is refused with an example', () => {
    const { issues, solution } = doc('---\nanswer:\n  - 1\n  - 2\n---\nStep 1: y\n');
    assert.equal(issues[0].code, 'invalid-front-matter');
    assert.match(issues[0].message, /answer/);
    assert.equal(solution.referenceAnswer, undefined);
  });
});

describe('sections', () => {
  test('problem and solution by headings; sub-headings stay inside the solution', () => {
    const text = '# Problem\n\nWhat is 2+2?\n\n# Solution\n\n## Step 1: add\n\n2 + 2 = 4\n\n## Step 2: done\n\nThe answer is 4.\n';
    const { solution } = doc(text);
    assert.equal(solution.problem, 'What is 2+2?');
    assert.equal(solution.steps.length, 2);
    assert.equal(solution.stepStyle, 'step-lines');
    assert.equal(solution.finalAnswer?.text, '4');
  });

  test('a Problem without a Solution part is reported, not guessed', () => {
    const { solution, issues } = doc('# Problem\n\nWhat is 2+2?\n\n1. 2 + 2 = 4\n2. so 4\n');
    assert.equal(issues[0].code, 'no-solution-part');
    assert.equal(solution.steps.length, 0);
  });

  test('front matter problem: with a bare body', () => {
    const { solution } = doc('---\nproblem: What is 2+2?\nanswer: 4\n---\n2 + 2 = 4\n\nThe answer is 4.\n');
    assert.equal(solution.problem, 'What is 2+2?');
    assert.deepEqual(
      solution.steps.map((s) => s.text),
      ['2 + 2 = 4', 'The answer is 4.'],
    );
  });

  test('headings inside a code fence are not sections', () => {
    const { solution } = doc('# Problem\n\nP\n\n```\n# Solution\n```\n\n# Solution\n\nStep 1: a\n');
    assert.equal(solution.steps.length, 1);
  });

  test('a solution with no steps says so, on its heading', () => {
    const text = '# Problem\n\nP\n\n# Solution\n\n   \n';
    const { issues, solution } = doc(text);
    assert.equal(solution.steps.length, 0);
    assert.equal(issues.length, 1);
    assert.equal(issues[0].code, 'no-steps');
    assert.equal(text.slice(issues[0].span.start, issues[0].span.end), '# Solution');
  });
});

describe('steps', () => {
  test('Step N: lines win over a numbered list, and a preamble is no step', () => {
    const texts = stepTexts('# Problem\n\nP\n\n# Solution\n\nLet us go.\n\nStep 1: a = 1\n1. not a step marker\n\nStep 2: b\n');
    assert.deepEqual(texts, ['a = 1\n1. not a step marker', 'b']);
  });

  test('bold and heading step markers', () => {
    assert.deepEqual(stepTexts('**Step 1:** first\n\n**Step 2.** second\n\n### Step 3 - third\n'), ['first', 'second', 'third']);
  });

  test('numbered list items with continuation lines', () => {
    const texts = stepTexts('# Problem\n\nP\n\n# Solution\n\n1. first\n   still first\n2) second\n\n3. third\n');
    assert.deepEqual(texts, ['first\n   still first', 'second', 'third']);
  });

  test('paragraphs separated by blank lines (ProcessBench split)', () => {
    assert.deepEqual(stepTexts('# Problem\n\nP\n\n# Solution\n\nOne.\nStill one.\n\n  \nTwo.\n\n\nThree.'), ['One.\nStill one.', 'Two.', 'Three.']);
  });

  test('a single numbered item is a paragraph, not a list', () => {
    const { solution } = doc('# Problem\n\nP\n\n# Solution\n\n1. only\n\nmore\n');
    assert.equal(solution.stepStyle, 'paragraphs');
  });
});

describe('exact ranges', () => {
  const awkward = [
    { name: 'CRLF', text: '---\r\nanswer: 4\r\n---\r\n# Problem\r\n\r\nWhat is 2+2?\r\n\r\n# Solution\r\n\r\nStep 1: 2 + 2 = 4\r\nStep 2: The answer is $\\boxed{4}$.\r\n' },
    { name: 'lone CR', text: '# Problem\r\rP\r\r# Solution\r\rStep 1: 1 + 1 = 2\rStep 2: done\r' },
    { name: 'tabs', text: '# Problem\n\n\tP\n\n# Solution\n\n\tStep 1:\t3\t+ 4 = 7\n\tStep 2:\tok\n' },
    { name: 'astral characters', text: '# Problem\n\n𝑥 😀 P\n\n# Solution\n\nStep 1: 😀😀 2 + 2 = 4 𝔸\nStep 2: 𝟙 + 𝟙 and \\boxed{𝟚}\n' },
    { name: 'LaTeX', text: '# Problem\n\n$\\frac{1}{2}$\n\n# Solution\n\n1. $\\frac{3}{4}\\cdot 8 = 6$ \\\\ next\n2. $$\\sum_{i=1}^{n} i$$ so \\boxed{\\frac{a}{\\sqrt{b}}}\n' },
  ];
  for (const { name, text } of awkward) {
    test(`${name}: every span slices back to the step and the answer`, () => {
      const { solution } = doc(text);
      assert.ok(solution.steps.length >= 2, `steps found in ${name}`);
      for (const step of solution.steps) {
        assert.equal(text.slice(step.textStart, step.span.end), step.text);
        assert.ok(step.span.start <= step.textStart && step.span.end <= text.length);
        assert.doesNotMatch(step.text, /[\r\n]$/);
      }
      if (solution.finalAnswer) assert.equal(text.slice(solution.finalAnswer.span.start, solution.finalAnswer.span.end), solution.finalAnswer.text);
    });
  }

  test('line/character positions under CRLF and astral text', () => {
    const text = 'a😀\r\nb\rc\n\nd';
    const idx = new LineIndex(text);
    assert.deepEqual(idx.positionAt(text.indexOf('b')), { line: 1, character: 0 });
    assert.deepEqual(idx.positionAt(text.indexOf('c')), { line: 2, character: 0 });
    assert.deepEqual(idx.positionAt(text.indexOf('d')), { line: 4, character: 0 });
    assert.deepEqual(idx.positionAt(3), { line: 0, character: 3 }, 'the emoji counts as two UTF-16 units');
    assert.deepEqual(idx.positionAt(4), { line: 0, character: 3 }, 'the \\r\\n belongs to no character of the line');
    for (let o = 0; o <= text.length; o++) {
      const p = idx.positionAt(o);
      assert.ok(idx.offsetAt(p) <= o);
    }
  });
});

describe('final answer', () => {
  const answer = (body: string) => doc(`# Problem\n\nP\n\n# Solution\n\n${body}`).solution.finalAnswer;

  test('boxed with nested braces, the last one wins', () => {
    assert.equal(answer('Step 1: \\boxed{1}\nStep 2: \\boxed{\\frac{\\sqrt{3}}{2}}')?.text, '\\frac{\\sqrt{3}}{2}');
    assert.equal(answer('Step 1: x\nStep 2: \\boxed{\\frac{\\sqrt{3}}{2}}')?.stepIndex, 1);
  });
  test('boxed with escaped braces and an unbalanced one', () => {
    assert.equal(answer('Step 1: \\boxed{\\{1, 2\\}}')?.text, '\\{1, 2\\}');
    assert.equal(answer('Step 1: \\boxed{3 and never closed'), undefined);
  });
  test('"The answer is" ends at the sentence, keeps decimals and strips $ and bold', () => {
    assert.equal(answer('Step 1: The answer is 3.5 dollars. Done.')?.text, '3.5 dollars');
    assert.equal(answer('Step 1: So the final answer is: **$42$**.')?.text, '42');
    assert.equal(answer('Step 1: The answer is $2,000.')?.text, '$2,000');
  });
  test('GSM8K #### and Answer: lines', () => {
    assert.equal(answer('Step 1: 9 * 2 = 18\n#### 18')?.text, '18');
    assert.equal(answer('Step 1: 9 * 2 = 18\n\n**Answer:** 18')?.text, '18');
    assert.equal(answer('Step 1: 9 * 2 = 18\n#### 18')?.stepIndex, 0, 'the #### line belongs to the last step');
  });
  test('boxed is preferred over "the answer is"', () => {
    assert.equal(answer('Step 1: the answer is 3\nStep 2: \\boxed{4}')?.text, '4');
  });
});

describe('which documents are solutions', () => {
  test('by glob', () => {
    assert.ok(isSolutionDocument('/w/a/b/x.solution.md', 'anything'));
    assert.ok(isSolutionDocument('C:\\w\\x.sol.md', 'anything'));
    assert.ok(!isSolutionDocument('/w/x.md', 'anything'));
    assert.ok(isSolutionDocument('/w/x.md', 'a', ['**/*.md']));
  });
  test('by structure', () => {
    assert.ok(isSolutionDocument('/w/notes.md', '# Problem\n\nP\n\n## Solution\n\nS\n'));
    assert.ok(isSolutionDocument('/w/notes.md', '---\nproblem: What is 1+1?\n---\n1 + 1 = 2\n'));
  });
  test('an ordinary README never lights up', () => {
    const readme = '# MyLib\n\n## Installation\n\nnpm i mylib\n\n## Usage\n\n1. call `f(2) = 4`\n2. done\n\n## Problems\n\nNone. The answer is 42.\n';
    assert.ok(!isSolutionDocument('/w/README.md', readme));
    assert.ok(!isSolutionDocument('/w/README.md', '---\ntitle: x\nanswer: 3\n---\n# Intro\n'));
  });
});

test('solutionFromSteps lays out a dataset record with exact spans', () => {
  const { solution, text } = solutionFromSteps({ id: 'r1', problem: 'P?', steps: ['a = 1', 'b\nc', '#### 7'], answer: '7' });
  assert.equal(solution.steps.length, 3);
  for (const s of solution.steps) assert.equal(text.slice(s.textStart, s.span.end), s.text);
  assert.equal(solution.finalAnswer?.text, '7');
  assert.equal(solution.finalAnswer?.stepIndex, 2);
  assert.equal(solution.referenceAnswer, '7');
});

test('the last final answer is found wherever it sits in a long solution, also across the windows it is read from the end in', () => {
  // Every offset of the statement against the 4,096-character windows, and later statements
  // with nothing after them, which do not count.
  const filler = Array.from({ length: 300 }, (_, i) => `Step ${i + 1}: ${i} + 1 = ${i + 1}.`).join('\n');
  for (let pad = 0; pad < 120; pad++) {
    for (const [form, stated] of [
      ['the-answer-is', 'The final answer is 41.'],
      ['hashes', '#### 41'],
      ['answer-line', 'Answer: 41'],
    ] as const) {
      const tail = form === 'the-answer-is' ? '\nStep 302: so the answer is $$\n' : '\n';
      // What follows the statement is about one window long, so the window's start sweeps across it.
      const text = `# Solution\n\n${filler}\nStep 301: ok\n${stated}\nStep 303: ${'z'.repeat(4000 + pad)}\n${tail}`;
      const final = doc(text).solution.finalAnswer;
      assert.equal(final?.text, '41', `${form}, pad ${pad}`);
      assert.equal(final?.form, form);
      assert.equal(text.slice(final.span.start, final.span.end), '41');
      assert.equal(final.span.start, text.indexOf(stated) + stated.indexOf('41'));
    }
  }
});

test('front matter read again after a body edit gives the same answer and issues; an edit of the header is read anew', () => {
  const bad = '---\nanswer: [\n---\n# Solution\n\nStep 1: 1 + 1 = 2\n';
  const first = doc(bad);
  first.issues.push({ code: 'no-steps', message: 'a caller adding to its issues', span: { start: 0, end: 0 } });
  const again = doc(`${bad}Step 2: 2 + 2 = 4\n`);
  assert.deepEqual(
    again.issues.map((i) => i.code),
    ['invalid-front-matter'],
  );
  assert.equal(doc('---\nanswer: 18\n---\nStep 1: 1 + 1 = 2\n').solution.referenceAnswer, '18');
  assert.equal(doc('---\nanswer: 18\n---\nStep 1: 1 + 1 = 3\n').solution.referenceAnswer, '18');
  assert.equal(doc('---\nanswer: 19\n---\nStep 1: 1 + 1 = 3\n').solution.referenceAnswer, '19');
});
