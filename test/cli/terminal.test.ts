import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../server/src/cli/main';
import { runCli } from '../support/cli';
import { terminalText } from '../../server/src/engine/text/terminal';

// A record whose id and step carry escape sequences: clear screen, a terminal link, a title, a bell, a CR.
const ID = 'rec\u001b[2J\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007\u001b]0;pwned\u0007\r\u009b31m';

function dataset(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mathcritic-tty-'));
  const file = path.join(dir, 'data.jsonl');
  writeFileSync(file, `${JSON.stringify({ id: ID, problem: 'P', steps: ['2 + 2 = 5.'], answer: '5' })}\n`);
  return file;
}

const stream = (isTTY: boolean) => {
  const s = new PassThrough() as PassThrough & { isTTY?: boolean };
  s.isTTY = isTTY;
  let text = '';
  s.on('data', (d) => (text += d));
  return { s, text: () => text };
};

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

test('nothing a dataset carries reaches a terminal as a control: the id reads as written, with pictures for its controls', async () => {
  const file = dataset();
  const out = stream(true);
  const err = stream(true);
  await main(['check', file], out.s, err.s);
  for (const t of [out.text(), err.text()]) assert.doesNotMatch(t, CONTROL, JSON.stringify(t));
  assert.match(out.text(), /rec␛\[2J␛\]8;;https:\/\/evil\.example␇click/);
});

test('piped elsewhere, stderr is as clean, and JSON on stdout keeps the record as it was', async () => {
  const file = dataset();
  const r = await runCli(['check', file, '--format', 'json']);
  assert.doesNotMatch(r.stderr, CONTROL);
  assert.doesNotMatch(r.stdout, /[\u0000-\u0008\u000b-\u001f]/, 'JSON escapes every C0 control');
  const ids = JSON.stringify(JSON.parse(r.stdout));
  assert.ok(ids.includes(JSON.stringify(ID).slice(1, -1)), 'the id, C1 control included, is the dataset’s');
});

test('terminalText: CRLF becomes LF, tabs stay, other controls become visible; c1 = false keeps DEL and C1', () => {
  assert.equal(terminalText('a\tb\r\nc\rd\u0007'), 'a\tb\nc␍d␇');
  assert.equal(terminalText('x\u009by\u007f', false), 'x\u009by\u007f');
  assert.equal(terminalText('x\u009by\u007f'), 'x\ufffdy␡');
  assert.equal(terminalText('plain ✓ text'), 'plain ✓ text');
});
