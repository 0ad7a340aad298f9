import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../support/cli';
import { OpenAITestServer } from '../support/openai-test-server';

const KEY = 'sk-test-0123456789abcdefSECRET';

// Servers echo the Authorization header in their error bodies. Before redaction, each of
// these runs printed "Bearer sk-test-…" on stderr.
describe('the API key never reaches the CLI\'s output', () => {
  let server: OpenAITestServer;
  before(async () => (server = await OpenAITestServer.start()));
  after(async () => server.close());

  const dataset = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mathcritic-secrets-'));
    const data = path.join(dir, 'data.jsonl');
    writeFileSync(data, `${JSON.stringify({ id: 'a', problem: 'P', steps: ['2 + 2 = 4'] })}\n`);
    return { data, out: path.join(dir, 'out.jsonl') };
  };

  for (const status of [401, 400, 500]) {
    test(`a ${status} whose body echoes the request headers`, async () => {
      const { data, out } = dataset();
      server.setResponder(() => ({ status, echoHeaders: true, content: 'invalid request' }));
      const r = await runCli(['critique', data, '--base-url', server.baseUrl, '--model', 'test-model', '--out', out, '--timeout-ms', '2000'], { env: { MATHCRITIC_API_KEY: KEY } });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, new RegExp(`answered ${status}`), 'the error itself is still told');
      assert.match(r.stderr, /\[redacted\]/);
      assert.ok(!r.stderr.includes(KEY) && !r.stdout.includes(KEY), r.stderr);
      assert.doesNotMatch(r.stderr, /Bearer sk-/);
      if (existsSync(out)) assert.ok(!readFileSync(out, 'utf8').includes(KEY));
      assert.equal(server.requests.at(-1)!.headers.authorization, `Bearer ${KEY}`, 'the key was sent, to the configured server only');
    });
  }
});
