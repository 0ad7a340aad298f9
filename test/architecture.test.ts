/**
 * The rooms of the house, enforced by reading every import (as rust-analyzer's tidy does):
 * the engine knows nothing of LSP, the CLI, the client or VS Code; the CLI does not go
 * through the server; the webview page (and everything it bundles) stays a browser page.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { architectureViolations, lazyLeafViolations, lazyLeaves } from './support/architecture';

const root = path.resolve(__dirname, '..');

test('every room imports only what it may', () => {
  const violations = architectureViolations(root);
  assert.deepEqual(violations, [], `Imports that cross a room's wall (see CONTRIBUTING.md, "Rooms"):\n${violations.join('\n')}`);
});

test('the check itself fails on a broken room', () => {
  // A miniature tree with one breach of each rule: the check must name every one.
  const dir = mkdtempSync(path.join(tmpdir(), 'mathcritic-arch-'));
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  };
  write('server/src/engine/a.ts', "import { x } from '../lsp/b';\nimport type { Y } from 'vscode-languageserver';\nexport const a = x;\n");
  write('server/src/engine/c.ts', "export async function c() { return import('../cli/d'); }\n");
  write('server/src/lsp/b.ts', 'export const x = 1;\n');
  write('server/src/cli/d.ts', "export { x } from '../lsp/b';\n");
  write('client/src/curator/webview/main.ts', "import { helper } from './helper';\nhelper();\n");
  write('client/src/curator/webview/helper.ts', "import { readFileSync } from 'node:fs';\nimport '../../../../protocol/curator';\nexport const helper = () => readFileSync;\n");
  write('protocol/curator.ts', "import * as os from 'os';\nexport const o = os;\n");
  const found = architectureViolations(dir).join('\n');
  assert.match(found, /server\/src\/engine\/a\.ts imports \.\.\/lsp\/b: the engine knows nothing of lsp\//);
  assert.match(found, /server\/src\/engine\/a\.ts imports vscode-languageserver: the engine knows nothing of VS Code or LSP/);
  assert.match(found, /server\/src\/engine\/c\.ts imports \.\.\/cli\/d: the engine knows nothing of cli\//);
  assert.match(found, /server\/src\/cli\/d\.ts imports \.\.\/lsp\/b: the CLI uses the engine, not the language server/);
  assert.match(found, /client\/src\/curator\/webview\/helper\.ts imports node:fs: the webview is a browser page/);
  // Reached from the page through helper.ts: the bundle would carry it.
  assert.match(found, /protocol\/curator\.ts imports os: the webview is a browser page \(bundled from client\/src\/curator\/webview\/main\.ts\)/);
});

test('the lazy leaves import libraries only, and are loaded where first used', () => {
  assert.ok(lazyLeaves(root).length > 0, 'esbuild.mjs lists its lazy leaves as { source, out }');
  const violations = lazyLeafViolations(root);
  assert.deepEqual(violations, [], `Lazy leaves (esbuild.mjs, LAZY) that would duplicate a module or load at start:\n${violations.join('\n')}`);
});

test('the lazy-leaf check fails on a leaf that imports the engine, or is imported at start', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mathcritic-lazy-'));
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  };
  write('esbuild.mjs', "const LAZY = [\n  { source: 'server/src/engine/leaf.ts', out: 'lazy/leaf.js' },\n  { source: 'server/src/engine/gone.ts', out: 'lazy/gone.js' },\n];\n");
  write('server/src/engine/leaf.ts', "import { state } from './state';\nimport type { T } from './types';\nexport { parse } from 'some-library';\nexport const s: T = state;\n");
  write('server/src/engine/state.ts', 'export const state = 1;\n');
  write('server/src/engine/types.ts', 'export type T = number;\n');
  write('server/src/engine/eager.ts', "import { parse } from './leaf';\nexport const p = parse;\n");
  write('server/src/engine/lazy.ts', "import type * as Leaf from './leaf';\nexport const load = () => require('./leaf') as typeof Leaf;\n");
  const found = lazyLeafViolations(dir).join('\n');
  assert.match(found, /server\/src\/engine\/leaf\.ts imports \.\/state: a lazy leaf imports libraries only/);
  assert.doesNotMatch(found, /imports \.\/types/, 'a type-only import brings no code');
  assert.match(found, /server\/src\/engine\/eager\.ts imports the lazy leaf \.\/leaf statically/);
  assert.doesNotMatch(found, /server\/src\/engine\/lazy\.ts/, 'require() is how a leaf is loaded');
  assert.match(found, /names the lazy leaf server\/src\/engine\/gone\.ts, which does not exist/);
});
