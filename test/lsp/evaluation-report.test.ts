import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { TestLspClient } from '../support/lsp-client';
import { EVALUATION_REPORT_COMMAND, type EvaluationReportResult } from '../../protocol/server';

describe('Show Evaluation Report in the language server', () => {
  let client: TestLspClient;
  const dir = mkdtempSync(path.join(tmpdir(), 'mathcritic-report-'));
  before(async () => {
    client = new TestLspClient({});
    await client.initialize({ trusted: false }); // nothing is sent anywhere: trust is not needed
  });
  after(async () => client.shutdown());

  const report = (file: unknown) => client.connection.sendRequest('workspace/executeCommand', { command: EVALUATION_REPORT_COMMAND, arguments: [file] }) as Promise<EvaluationReportResult>;

  test('a predictions file comes back as a whole page with its table and plot', async () => {
    const file = path.join(dir, 'checker.predictions.jsonl');
    writeFileSync(file, [{ id: 'a', subset: 'math', label: 1, prediction: 1, match: true, votes: 1, critic: 'embedded', profile: null, model: null }, { id: 'b', subset: 'math', label: -1, prediction: 0, match: false, votes: 1, critic: 'embedded', profile: null, model: null }].map((l) => JSON.stringify(l)).join('\n') + '\n');
    const r = await report(file);
    assert.equal(r.kind, 'eval');
    assert.equal(r.title, 'Evaluation: embedded checker');
    assert.match(r.html, /<td>math<\/td><td>1<\/td><td>100\.0%<\/td><td>1<\/td><td>0\.0%<\/td><td>0\.0%<\/td>/);
    assert.match(r.html, /script-src &#39;none&#39;/);
    assert.match(r.html, /<img class="plot" alt="[^"]*" src="data:image\/svg\+xml;base64,/);
  });

  test('a file that is not one, a missing file, no argument: failed requests that say why', async () => {
    const data = path.join(dir, 'data.jsonl');
    writeFileSync(data, '{"problem": "p", "steps": ["a"], "label": -1}\n');
    await assert.rejects(report(data), /data\.jsonl is not a predictions file: write one with `mathcritic eval/);
    await assert.rejects(report(path.join(dir, 'nope.jsonl')), /cannot read .*nope\.jsonl \(no such file\)/);
    await assert.rejects(report(42), /name a predictions file/);
  });
});
