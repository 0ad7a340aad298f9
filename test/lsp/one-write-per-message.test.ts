import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { StreamMessageReader, WriteableStreamMessageWriter, type Message } from 'vscode-languageserver/node';
import { OneWritePerMessage } from '../../server/src/lsp/one-write-per-message';

test('each message leaves in one write, header and body together, and reads back intact in order', async () => {
  const chunks: Buffer[] = [];
  const wire = new PassThrough();
  wire.on('data', (c: Buffer) => chunks.push(c));
  const writer = new WriteableStreamMessageWriter(new OneWritePerMessage(wire));
  const messages: Message[] = [
    { jsonrpc: '2.0', method: 'mathcritic/status', params: { state: 'done', message: 'ünïcödé ×' } } as Message,
    { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'untitled:a', diagnostics: Array.from({ length: 500 }, (_, i) => ({ message: `d${i}` })) } } as Message,
    { jsonrpc: '2.0', id: 3, result: null } as Message,
  ];
  await Promise.all(messages.map((m) => writer.write(m)));
  assert.equal(chunks.length, messages.length, 'one write per message');
  for (const c of chunks) assert.match(c.toString('latin1'), /^Content-Length: \d+\r\n\r\n\{/);

  const read: Message[] = [];
  const replay = new PassThrough();
  const reader = new StreamMessageReader(replay);
  const all = new Promise<void>((resolve) => reader.listen((m) => read.push(m) === messages.length && resolve()));
  replay.end(Buffer.concat(chunks));
  await all;
  assert.deepEqual(read, messages);
  reader.dispose();
});

test('a write that fails rejects, and the writer reports the error', async () => {
  const broken = new Writable({ write: (_c, _e, cb) => cb(new Error('EPIPE: the client is gone')) });
  broken.on('error', () => {});
  const writer = new WriteableStreamMessageWriter(new OneWritePerMessage(broken));
  const errors: unknown[] = [];
  writer.onError((e) => errors.push(e));
  await assert.rejects(writer.write({ jsonrpc: '2.0', method: 'x' } as Message), /EPIPE/);
  assert.ok(errors.length >= 1);
});
