import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../support/cli';
import { TestLspClient, fileUri } from '../support/lsp-client';

const examples = path.resolve(__dirname, '../../examples');
const tmp = () => mkdtempSync(path.join(tmpdir(), 'mathcritic-cli-config-'));
const doc = (body: string, front = 'answer: 18\n') => `---\n${front}---\n# Problem\n\nP\n\n# Solution\n\n${body}`;

interface Reported {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
}

/** A repository as CI checks it out: a .mathcritic.json at the root, one nested, directives, a README. */
function repository(): string {
  const root = tmp();
  mkdirSync(path.join(root, '.git'));
  mkdirSync(path.join(root, 'problems', 'strict'), { recursive: true });
  writeFileSync(
    path.join(root, '.mathcritic.json'),
    JSON.stringify({ severity: { 'wrong-solution': 'error', 'missing-final-answer': 'information' }, disable: ['no-steps'], solutionGlobs: ['problems/**/*.md'] }),
  );
  writeFileSync(path.join(root, 'problems', 'strict', '.mathcritic.json'), JSON.stringify({ severity: { 'wrong-equation': 'warning' } }));
  // Matched by the root's solutionGlobs only: no headings, no solution suffix.
  writeFileSync(path.join(root, 'problems', 'plain.md'), 'Step 1: 2 + 2 = 5\n\nStep 2: y - 1 - 8y = -3, so -7y = -4 and y = 4/7.\n');
  writeFileSync(
    path.join(root, 'problems', 'directives.md'),
    doc('Step 1: 2 + 2 = 5\n<!-- mathcritic-disable-next-step wrong-equation -->\nStep 2: 3 + 3 = 7\n\nStep 3: 1,200 + 1,300 = 2,600\n', 'answer: 20\nmathcritic: { disable: [wrong-final-answer] }\n'),
  );
  writeFileSync(path.join(root, 'problems', 'strict', 'nested.md'), doc('Step 1: 5 + 3 × 2 = 16\n\nStep 2: 16 - 0 = 16\n', 'answer: 16\n'));
  writeFileSync(path.join(root, 'problems', 'empty.solution.md'), doc(''));
  writeFileSync(path.join(root, 'README.md'), '# Notes\n\n| a | b |\n|---|---|\n| 2 + 2 = 5 | x |\n');
  return root;
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (name.startsWith('.')) return [];
    return statSync(p).isDirectory() ? markdownFiles(p) : name.endsWith('.md') ? [p] : [];
  });
}

const SEVERITY = ['', 'error', 'warning', 'information', 'hint'];

describe('one .mathcritic.json for the editor and CI', () => {
  test('the CLI and the language server give the same findings on the same folder', async () => {
    const root = repository();
    const cli = await runCli(['check', '--format', 'json', root]);
    assert.equal(cli.code, 1, cli.stderr);
    const fromCli = (JSON.parse(cli.stdout).findings as Reported[])
      .map((f) => `${path.relative(root, f.file)}:${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.severity} ${f.code}: ${f.message}`)
      .sort();

    // The editor: settings that disagree with the file, every Markdown file of the folder opened.
    const client = new TestLspClient({ check: { delayMs: 0 }, severity: { 'wrong-equation': 'hint', 'wrong-final-answer': 'off' }, solutionGlobs: [] });
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: fileUri(root),
      workspaceFolders: [{ uri: fileUri(root), name: 'repo' }],
      capabilities: { workspace: { configuration: true } },
    });
    await client.connection.sendNotification('initialized', {});
    const fromLsp: string[] = [];
    try {
      for (const file of markdownFiles(root)) {
        const uri = fileUri(file);
        client.open(uri, readFileSync(file, 'utf8'), 1);
        const { diagnostics } = await client.waitForVersion(uri, 1);
        for (const d of diagnostics) {
          fromLsp.push(
            `${path.relative(root, file)}:${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${SEVERITY[d.severity ?? 0]} ${d.code}: ${d.message}`,
          );
        }
      }
    } finally {
      await client.shutdown();
    }
    fromLsp.sort();
    assert.deepEqual(fromLsp, fromCli);
    // And the findings are the file's, not the defaults: each key had an effect.
    const all = fromCli.join('\n');
    assert.match(all, /problems\/plain\.md:1:\d+-1:\d+ error wrong-equation: 2 \+ 2 = 5/, 'solutionGlobs (relative to the file) made plain.md a solution');
    assert.match(all, /plain\.md:.* error wrong-solution/, 'severity: wrong-solution raised to error');
    assert.match(all, /strict\/nested\.md:.* warning wrong-equation/, 'the nearest file applies in problems/strict');
    assert.match(all, /directives\.md:.* error wrong-equation: 1,200 \+ 1,300 = 2,600/);
    assert.doesNotMatch(all, /directives\.md:.*(3 \+ 3 = 7|wrong-final-answer)/, 'the directive and the front matter silence their findings');
    assert.doesNotMatch(all, /no-steps|README/);
  });
});

describe('mathcritic check with .mathcritic.json', () => {
  test('a malformed file: exit 2, one line naming the file and the problem, nothing checked, no stack', async () => {
    const root = tmp();
    writeFileSync(path.join(root, '.git'), '');
    writeFileSync(path.join(root, 'a.solution.md'), doc('Step 1: 2 + 2 = 5\n'));
    const cases: Array<[string, RegExp]> = [
      ['{"severity": {"wrong-equation": "loud"}}', /"severity\.wrong-equation" is "loud": must be one of "error", "warning", "information", "hint", "off"/],
      ['{"disable": ["no-steps"', /:1:\d+: not valid JSON/],
      ['{"severites": {}}', /unknown key "severites"/],
    ];
    for (const [text, problem] of cases) {
      writeFileSync(path.join(root, '.mathcritic.json'), text);
      for (const args of [
        ['check', root],
        ['check', path.join(root, 'a.solution.md')],
        ['eval', path.join(root, 'data.jsonl')],
        ['critique', root, '--base-url', 'http://127.0.0.1:9/v1', '--model', 'm'],
      ]) {
        if (args[0] === 'eval') writeFileSync(path.join(root, 'data.jsonl'), `${JSON.stringify({ problem: 'P', steps: ['2 + 2 = 5'], label: 0 })}\n`);
        const r = await runCli(args);
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
        assert.equal(r.stdout, '');
        const line = r.stderr.trim();
        assert.ok(line.includes(path.join(root, '.mathcritic.json')), line);
        assert.match(line, problem);
        assert.doesNotMatch(line, /at .*\.js:\d+|internal error/);
      }
    }
  });

  test("eval reads the dataset folder's file: what counts as an error there", async () => {
    const root = tmp();
    writeFileSync(path.join(root, '.git'), '');
    const data = path.join(root, 'data.jsonl');
    writeFileSync(data, `${JSON.stringify({ problem: 'P', steps: ['2 + 2 = 4', '3 + 3 = 7'], label: 1 })}\n`);
    const score = async () => JSON.parse((await runCli(['eval', '--format', 'json', data])).stdout).overall.erroneous.accuracy;
    assert.equal(await score(), 1);
    writeFileSync(path.join(root, '.mathcritic.json'), '{"severity": {"wrong-equation": "warning"}}');
    assert.equal(await score(), 0);
  });

  test("--max-document-length on the command line wins over the file's maxDocumentLength", async () => {
    const root = tmp();
    writeFileSync(path.join(root, '.git'), '');
    const file = path.join(root, 'a.solution.md');
    writeFileSync(file, doc('Step 1: 2 + 2 = 4\n\n#### 18\n'));
    writeFileSync(path.join(root, '.mathcritic.json'), '{"maxDocumentLength": 10}');
    const limited = await runCli(['check', file]);
    assert.equal(limited.code, 2);
    assert.match(limited.stderr, /more than maxDocumentLength in .*\.mathcritic\.json \(10\)/);
    assert.equal((await runCli(['check', file, '--max-document-length', '0'])).code, 0);
  });
});

describe('one notion of "a solution" (the editor\'s)', () => {
  test('a named Markdown file with no Problem/Solution structure is skipped with a note, exit 0', async () => {
    const r = await runCli(['check', path.join(examples, 'README.md')]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /README\.md: skipped: not a solution document/);
    assert.match(r.stderr, /0 files checked/);
  });

  test('named beside a solution: the solution is checked, the README skipped', async () => {
    const r = await runCli(['check', '--format', 'json', path.join(examples, 'README.md'), path.join(examples, 'bakery.solution.md')]);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout);
    assert.equal(out.files, 1);
    assert.ok(out.findings.every((f: Reported) => f.file.endsWith('bakery.solution.md')));
    assert.deepEqual(out.problems, []);
  });
});
