import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { redactSecrets, redactKnownSecrets, REDACTED } from '../../server/src/engine/text/redact';
import { redacting } from '../../server/src/cli/redacting-stream';
import { redactingChannel, errorText } from '../../client/src/redact';

const KEY = 'k3y-ThisIsTheConfiguredOne';

test('the configured key, Bearer tokens, sk- keys and credential fields are redacted from messages', () => {
  const echoed = `401 Unauthorized (request headers: {"authorization":"Bearer ${KEY}","x-api-key":"abc123456","host":"x"}) api_key=${KEY} and sk-proj-AbCdEf0123456789 and BEARER eyJhbGciOi.J9.xyz`;
  const out = redactSecrets(echoed, [KEY]);
  assert.ok(!out.includes(KEY), out);
  assert.doesNotMatch(out, /sk-proj-AbCd|abc123456|eyJhbGciOi/);
  assert.match(out, /"authorization":"\[redacted\]"/);
  assert.match(out, /sk-\[redacted\]/);
  assert.match(out, /"host":"x"/, 'other fields stay');
  assert.equal(redactSecrets(out, [KEY]), out, 'idempotent');
});

test('ordinary text is left alone', () => {
  for (const s of ['the bearer of bad news', 'task-force of 12 people', 'Step 2: 5 + 3 × 2 = 11', 'ask-me-anything', 'the key is 42']) assert.equal(redactSecrets(s), s);
});

test('the key is gone in its JSON-escaped and URL-encoded forms too', () => {
  const key = 'pa"ss/wo rd\\42';
  const text = `${JSON.stringify({ key })} ?k=${encodeURIComponent(key)} raw ${key}`;
  const out = redactKnownSecrets(text, [key]);
  for (const form of [key, JSON.stringify(key).slice(1, -1), encodeURIComponent(key)]) assert.ok(!out.includes(form), out);
});

test('property: a key embedded anywhere in any text never survives', () => {
  fc.assert(
    fc.property(
      fc.string({ minLength: 4, maxLength: 40 }).filter((k) => k.trim() === k && !REDACTED.includes(k) && !k.includes(REDACTED)),
      fc.string({ maxLength: 60 }),
      fc.string({ maxLength: 60 }),
      (key, before, after) => {
        const out = redactSecrets(`${before}${key}${after}`, [key]);
        return !out.includes(key);
      },
    ),
    { numRuns: 300 },
  );
});

test('the CLI streams redact every write; the rest of the stream is its own', () => {
  const written: string[] = [];
  const sink = { write: (s: string) => (written.push(s), true), isTTY: false, columns: 80 } as unknown as NodeJS.WritableStream & { columns: number };
  const err = redacting(sink, (s) => redactSecrets(s, [KEY]));
  err.write(`failed: Bearer ${KEY}\n`);
  err.write(Buffer.from(`and ${KEY}`));
  assert.deepEqual(written, ['failed: Bearer [redacted]\n', 'and [redacted]']);
  assert.equal(err.columns, 80);
});

test('the client output channel and error texts are redacted, whoever writes to them', () => {
  const lines: string[] = [];
  const channel = { name: 'MathCritic', append: (s: string) => lines.push(s), appendLine: (s: string) => lines.push(s), error: (s: string | Error) => lines.push(String(s)), info: (s: string) => lines.push(s) };
  const wrapped = redactingChannel(channel as never) as typeof channel;
  wrapped.append('stderr: Authorization: Bearer sk-abcdefghijkl12345\n');
  wrapped.info('[Trace] {"error":{"message":"bad key sk-abcdefghijkl12345"}}');
  wrapped.error(new Error('x-api-key=topsecret99'));
  assert.equal(wrapped.name, 'MathCritic');
  assert.ok(lines.every((l) => !/sk-abcdefghijkl|topsecret99/.test(l)), lines.join('\n'));
  assert.equal(errorText(new Error('Bearer sk-abcdefghijkl12345 refused')), 'Bearer [redacted] refused');
});
