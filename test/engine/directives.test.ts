import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseSolutionDocument, readDirectives } from '../../server/src/engine/solution';
import { checkSolution } from '../../server/src/engine/check';

const doc = (body: string, front = 'answer: 18\n') => `---\n${front}---\n# Problem\n\nP\n\n# Solution\n\n${body}`;
const findings = (text: string) => {
  const { solution, issues } = parseSolutionDocument(text);
  return checkSolution(solution, issues).findings.map((f) => `${f.code}@${f.stepIndex}`);
};

describe('inline directives', () => {
  test('disable-next-step silences its codes on the next step only', () => {
    const text = doc('Step 1: 2 + 2 = 5\n<!-- mathcritic-disable-next-step wrong-equation -->\nStep 2: 3 + 3 = 7\nStep 3: 4 + 4 = 9\n#### 18\n');
    assert.deepEqual(findings(text), ['wrong-equation@0', 'wrong-equation@2']);
  });

  test('no code listed means every code', () => {
    const text = doc('Step 1: 2 + 2 = 5\n\n<!-- mathcritic-disable-next-step -->\nStep 2: 3 + 3 = 7. The answer is 17.\n');
    assert.deepEqual(findings(text), ['wrong-equation@0'], 'the wrong equation and the wrong final answer of step 2 are both silenced');
  });

  test('a code listed that is not the finding leaves it alone; several codes, commas and a reason after --', () => {
    const text = doc(
      'Step 1: 2 + 2 = 5\n<!-- mathcritic-disable-next-step wrong-solution -->\nStep 2: 3 + 3 = 7\n<!-- mathcritic-disable-next-step wrong-quantity, wrong-equation -- the text means it -->\nStep 3: 4 + 4 = 9\n#### 18\n',
    );
    assert.deepEqual(findings(text), ['wrong-equation@0', 'wrong-equation@1']);
  });

  test('disable … enable covers the findings between them; enable of one code inside a disable of all', () => {
    const text = doc(
      'Step 1: 2 + 2 = 5\n<!-- mathcritic-disable -->\nStep 2: 3 + 3 = 7\n<!-- mathcritic-enable wrong-equation -->\nStep 3: 4 + 4 = 9\n<!-- mathcritic-disable wrong-equation -->\nStep 4: 5 + 5 = 11\n<!-- mathcritic-enable -->\nStep 5: 6 + 6 = 13\n#### 18\n',
    );
    assert.deepEqual(findings(text), ['wrong-equation@0', 'wrong-equation@2', 'wrong-equation@4']);
  });

  test('a disable without an enable runs to the end of the document', () => {
    const text = doc('Step 1: 2 + 2 = 5\n<!-- mathcritic-disable wrong-final-answer -->\nStep 2: 3 + 3 = 7\n\nThe answer is 17.\n');
    assert.deepEqual(findings(text), ['wrong-equation@0', 'wrong-equation@1']);
  });

  test('front matter mathcritic.disable: a list, and no code listed for every code', () => {
    assert.deepEqual(findings(doc('Step 1: 2 + 2 = 5\n\nThe answer is 17.\n', 'answer: 18\nmathcritic: { disable: [wrong-final-answer] }\n')), ['wrong-equation@0']);
    assert.deepEqual(findings(doc('Step 1: 2 + 2 = 5\n\nThe answer is 17.\n', 'answer: 18\nmathcritic:\n  disable: []\n')), []);
    assert.deepEqual(findings(doc('Step 1: 2 + 2 = 5\n\nThe answer is 17.\n', 'answer: 18\nmathcritic:\n  disable:\n')), []);
  });

  test('a directive is no part of a step: not a paragraph step, not in the text the critic reads', () => {
    const text = doc('2 + 2 = 4\n\n<!-- mathcritic-disable-next-step -->\n\n3 + 3 = 7\n', '');
    const { solution } = parseSolutionDocument(text);
    assert.deepEqual(
      solution.steps.map((s) => s.text),
      ['2 + 2 = 4', '3 + 3 = 7'],
    );
    assert.deepEqual(findings(text), []);
    const between = parseSolutionDocument(doc('Step 1: 2 + 2 = 4\n<!-- mathcritic-disable-next-step -->\nStep 2: 3 + 3 = 7\n')).solution;
    assert.equal(between.steps[0].text, '2 + 2 = 4');
    for (const s of between.steps) assert.ok(!s.text.includes('mathcritic'), s.text);
  });

  test('a directive in a fenced code block or in inline code is an example, not a directive', () => {
    const fenced = doc('Step 1: write\n```\n<!-- mathcritic-disable -->\n```\nStep 2: 3 + 3 = 7\n#### 18\n');
    assert.deepEqual(findings(fenced), ['wrong-equation@1']);
    const inline = doc('Step 1: write `<!-- mathcritic-disable -->` to silence.\nStep 2: 3 + 3 = 7\n#### 18\n');
    assert.deepEqual(findings(inline), ['wrong-equation@1']);
  });

  test('an unknown directive or code is an invalid-directive warning, and silences nothing', () => {
    const { solution, issues } = parseSolutionDocument(
      doc('<!-- mathcritic-disable-next-step wrong-equaton -->\nStep 1: 2 + 2 = 5\n<!-- mathcritic-disabel -->\nStep 2: 3 + 3 = 6\n#### 18\n', 'answer: 18\nmathcritic: { disable: [nope] }\n'),
    );
    const result = checkSolution(solution, issues).findings;
    assert.deepEqual(
      result.map((f) => f.code),
      ['invalid-directive', 'invalid-directive', 'wrong-equation', 'invalid-directive'],
    );
    assert.match(result[0].message, /"nope", which is not a finding code/);
    assert.match(result[1].message, /"wrong-equaton", which is not a finding code/);
    assert.match(result[3].message, /Unknown directive "mathcritic-disabel"/);
    assert.equal(
      result.every((f) => f.code !== 'invalid-directive' || f.severity === 'warning'),
      true,
    );
  });

  test('a bad front matter mathcritic key is an invalid-front-matter finding that says what', () => {
    const { issues } = parseSolutionDocument(doc('Step 1: 1 + 1 = 2\n', 'mathcritic: { disable: 3 }\n'));
    assert.match(issues[0]?.message ?? '', /"mathcritic\.disable" must be a list of finding codes/);
    const other = parseSolutionDocument(doc('Step 1: 1 + 1 = 2\n', 'mathcritic: { silence: [no-steps] }\n'));
    assert.match(other.issues[0]?.message ?? '', /unknown key "silence"/);
  });

  test('hostile shapes: directives on one long line, one comment of a megabyte, an unknown name run on', () => {
    // Each used to cost a scan back to the line start (quadratic on one long line) or a regex over the whole comment.
    const line = `Step 1: 1 + 1 = 3. ${Array.from({ length: 20_000 }, (_, i) => `x${i} <!-- mathcritic-enable -->`).join(' ')}`;
    assert.deepEqual(findings(doc(`${line}\n`, '')), ['wrong-equation@0']);
    const long = readDirectives(`<!-- mathcritic-${'<!-- mathcritic-'.repeat(100_000)}-->`, 0);
    assert.equal(long.problems.length, 1);
    assert.ok(long.problems[0].message.length < 200, 'the message quotes at most the head of the comment');
    assert.equal(readDirectives('<!-- mathcritic-disable-next-stepx -->', 0).comments.length, 0);
  });

  test('an unclosed comment and a huge document of comments: no throw, linear', () => {
    assert.deepEqual(findings(doc('Step 1: 2 + 2 = 5 <!-- mathcritic-disable\n', '')), ['wrong-equation@0']);
    const steps = (n: number, directive: string) => doc(Array.from({ length: n }, (_, i) => `${directive}Step ${i + 1}: ${i} + 1 = ${i + 2}`).join('\n') + '\n', '');
    assert.equal(findings(steps(5_000, '')).length, 5_000);
    assert.deepEqual(findings(steps(5_000, '<!-- mathcritic-disable-next-step -->\n')), []);
  });
});
