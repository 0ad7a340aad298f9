import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ConfigError, ConfigResolver, DEFAULT_CHECKER_OPTIONS, findConfigFile, isSolutionFile, optionsFromConfig, parseConfig } from '../../server/src/engine/config';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'mathcritic-config-'));

describe('finding .mathcritic.json', () => {
  test('the nearest one in the folder or an ancestor applies', () => {
    const root = tmp();
    const deep = path.join(root, 'a', 'b', 'c');
    mkdirSync(deep, { recursive: true });
    writeFileSync(path.join(root, '.mathcritic.json'), '{}');
    writeFileSync(path.join(root, 'a', '.mathcritic.json'), '{}');
    assert.equal(findConfigFile(deep, root), path.join(root, 'a', '.mathcritic.json'));
    assert.equal(findConfigFile(path.join(root, 'a'), root), path.join(root, 'a', '.mathcritic.json'));
    assert.equal(findConfigFile(root, root), path.join(root, '.mathcritic.json'));
  });

  test('the search stops at the workspace folder: a file above it does not apply', () => {
    const root = tmp();
    const folder = path.join(root, 'workspace');
    mkdirSync(path.join(folder, 'docs'), { recursive: true });
    writeFileSync(path.join(root, '.mathcritic.json'), '{}');
    assert.equal(findConfigFile(path.join(folder, 'docs'), folder), undefined);
  });

  test('without a workspace folder the search stops at the repository root (a folder holding .git)', () => {
    const root = tmp();
    const repo = path.join(root, 'repo');
    mkdirSync(path.join(repo, '.git'), { recursive: true });
    mkdirSync(path.join(repo, 'docs'));
    writeFileSync(path.join(root, '.mathcritic.json'), '{}');
    assert.equal(findConfigFile(path.join(repo, 'docs')), undefined);
    writeFileSync(path.join(repo, '.mathcritic.json'), '{}');
    assert.equal(findConfigFile(path.join(repo, 'docs')), path.join(repo, '.mathcritic.json'));
  });

  test('a folder named .mathcritic.json is not a config file', () => {
    const root = tmp();
    mkdirSync(path.join(root, '.mathcritic.json'));
    assert.equal(findConfigFile(root, root), undefined);
  });
});

describe('reading .mathcritic.json', () => {
  test('the keys: severity per code, codes to disable, solution globs, the size limit', () => {
    const config = parseConfig(
      JSON.stringify({ severity: { 'wrong-solution': 'error', 'no-steps': 'off' }, disable: ['missing-final-answer'], solutionGlobs: ['problems/*.md'], maxDocumentLength: 5000 }),
      '/r/.mathcritic.json',
    );
    const options = optionsFromConfig(config, '/r/.mathcritic.json');
    assert.deepEqual(options.severities, { 'wrong-solution': 'error', 'no-steps': 'off', 'missing-final-answer': 'off' });
    assert.deepEqual(options.solutionGlobs, ['problems/*.md']);
    assert.equal(options.maxDocumentLength, 5000);
    assert.equal(options.globBase, '/r');
  });

  test('keys the file leaves out take their defaults, not the editor settings', () => {
    const options = optionsFromConfig(parseConfig('{"disable": ["no-steps"]}', '/r/.mathcritic.json'), '/r/.mathcritic.json');
    assert.deepEqual(options.solutionGlobs, DEFAULT_CHECKER_OPTIONS.solutionGlobs);
    assert.equal(options.maxDocumentLength, DEFAULT_CHECKER_OPTIONS.maxDocumentLength);
  });

  test('solution globs are relative to the config file', () => {
    const options = optionsFromConfig(parseConfig('{"solutionGlobs": ["problems/*.md"]}', '/r/.mathcritic.json'), '/r/.mathcritic.json');
    assert.equal(isSolutionFile('/r/problems/one.md', 'just text', options), true);
    assert.equal(isSolutionFile('/r/notes/one.md', 'just text', options), false);
    assert.equal(isSolutionFile('/r/notes/one.md', '# Problem\n\nP\n\n# Solution\n\n1 + 1 = 2\n', options), true, 'the structure still makes a solution');
  });

  const bad: Array<[string, string, RegExp]> = [
    ['not JSON', '{"severity": {"no-steps": "off",}}', /\.mathcritic\.json(:1:\d+)?: not valid JSON/],
    ['an unknown finding code in severity', '{"severity": {"wrong-equaton": "off"}}', /"severity" has an unknown key "wrong-equaton" \(not a finding code\)/],
    ['an unknown severity', '{"severity": {"no-steps": "fatal"}}', /"severity\.no-steps" is "fatal": must be one of "error", "warning", "information", "hint", "off"/],
    ['an unknown code in disable', '{"disable": ["nope"]}', /"disable\[0\]" is "nope": must be one of "wrong-equation"/],
    ['an unknown key', '{"severities": {}}', /unknown key "severities" \(keys: severity, disable, solutionGlobs, maxDocumentLength\)/],
    ['a wrong type', '{"maxDocumentLength": "big"}', /"maxDocumentLength" is "big": must be a number/],
    ['a negative limit', '{"maxDocumentLength": -1}', /"maxDocumentLength"/],
    ['not an object', '[1, 2]', /must be an object/],
  ];
  for (const [name, text, message] of bad) {
    test(`${name}: a ConfigError naming the file and the problem`, () => {
      assert.throws(
        () => parseConfig(text, '/repo/.mathcritic.json'),
        (err: unknown) => err instanceof ConfigError && err.file === '/repo/.mathcritic.json' && err.message.startsWith('/repo/.mathcritic.json') && message.test(err.message),
      );
    });
  }

  test('a BOM and UTF-16 are read like every other file', () => {
    const dir = tmp();
    const file = path.join(dir, '.mathcritic.json');
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"disable": ["no-steps"]}', 'utf16le')]));
    const resolved = new ConfigResolver().resolve(dir, dir);
    assert.equal(resolved.error, undefined);
    assert.deepEqual(resolved.config?.disable, ['no-steps']);
  });
});

describe('ConfigResolver', () => {
  test('a changed file is read again; a broken one is an error beside the file, not a throw', () => {
    const dir = tmp();
    const file = path.join(dir, '.mathcritic.json');
    writeFileSync(file, '{"disable": ["no-steps"]}');
    const resolver = new ConfigResolver();
    assert.deepEqual(resolver.options(dir, DEFAULT_CHECKER_OPTIONS, dir).options.severities, { 'no-steps': 'off' });
    writeFileSync(file, '{"disable": [');
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const broken = resolver.options(dir, DEFAULT_CHECKER_OPTIONS, dir);
    assert.equal(broken.options, DEFAULT_CHECKER_OPTIONS, 'a broken file: the fallback options');
    assert.match(broken.error?.message ?? '', /\.mathcritic\.json.*not valid JSON/);
  });
});
