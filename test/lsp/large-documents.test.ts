import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TestLspClient } from '../support/lsp-client';
import { STATUS_NOTIFICATION, type StatusParams } from '../../protocol/server';

// Issue 11 §5: big documents are checked off the request path, edits keep coalescing while a
// check runs, and a document above check.maxDocumentLength is refused with a clear status.
// Nothing here asserts a duration: only what is answered before what, and how many checks ran.

/** One line of dense arithmetic, `n` sentences long: one step, thousands of equations. */
const oneLine = (n: number) => `---\nanswer: 18\n---\n${'She buys 3 * 4 = 12 eggs and 5 + 3 × 2 = 16 more. '.repeat(n)}\n`;
const small = '---\nanswer: 18\n---\n# Problem\n\nP\n\n# Solution\n\nStep 1: 5 + 3 × 2 = 16\n\nStep 2: The answer is 18.\n';

test('hover and another document are answered while a big document is being checked', async () => {
  const client = new TestLspClient({ check: { delayMs: 0 } });
  try {
    await client.initialize();
    const order: string[] = [];
    const big = 'untitled:big.solution.md';
    const other = 'untitled:other.solution.md';
    client.open(big, oneLine(12_000), 1);
    // A generous wait: this asserts order, not speed, and CI machines can be loaded.
    const bigChecked = client.waitForDiagnostics(big, (p) => p.version === 1, 120_000).then(() => order.push('big'));
    client.open(other, small, 1);
    const otherChecked = client.waitForVersion(other, 1).then(() => order.push('other'));
    const hover = client.connection.sendRequest('textDocument/hover', { textDocument: { uri: big }, position: { line: 3, character: 10 } }).then(() => order.push('hover'));
    await Promise.all([bigChecked, otherChecked, hover]);
    assert.ok(order.indexOf('hover') < order.indexOf('big'), `hover waited for the big check: ${order.join(' → ')}`);
    assert.ok(order.indexOf('other') < order.indexOf('big'), `the other document waited for the big check: ${order.join(' → ')}`);
    const { diagnostics } = await client.waitForVersion(big, 1);
    assert.equal(diagnostics.filter((d) => d.code === 'wrong-equation').length, 12_000);
  } finally {
    await client.shutdown();
  }
});

test('a document shared between the worker and this thread gets every diagnostic, opened first or again', async () => {
  // Enough distinct steps to go past the worker's threshold, and steps longer than a slice
  // (which only the worker checks), on a server whose worker has not started yet.
  const long = (k: number) => `${'She buys 3 * 4 = 12 eggs. '.repeat(500)}Then ${k} + ${k} = ${2 * k + 1}.`;
  const steps = Array.from({ length: 2_000 }, (_, i) => (i % 500 === 250 ? long(i) : `${i} + ${i} = ${2 * i + (i % 7 === 0 ? 1 : 0)}, so we have ${i}.`));
  const wrongLines = steps.flatMap((s, i) => (i % 500 === 250 || i % 7 === 0 ? [i] : []));
  const text = `# Problem\n\nP\n\n# Solution\n\n${steps.map((s, i) => `Step ${i + 1}: ${s}`).join('\n')}\n`;
  const firstStepLine = 6;
  const client = new TestLspClient({ check: { delayMs: 0 } });
  try {
    await client.initialize();
    for (const [n, uri] of ['untitled:shared-1.solution.md', 'untitled:shared-2.solution.md'].entries()) {
      client.open(uri, text, 1);
      const { diagnostics } = await client.waitForDiagnostics(uri, (p) => p.version === 1, 120_000);
      const lines = [...new Set(diagnostics.filter((d) => d.code === 'wrong-equation').map((d) => d.range.start.line - firstStepLine))].sort((a, b) => a - b);
      assert.deepEqual(lines, wrongLines, `open ${n + 1}`);
    }
  } finally {
    await client.shutdown();
  }
});

test('edits that arrive while a long check runs are folded into one check after it', async () => {
  const client = new TestLspClient({ check: { delayMs: 50 } });
  try {
    await client.initialize();
    const uri = 'untitled:many.solution.md';
    // Every version changes every step, so no check is served from the step cache: each one is
    // longer than the debounce.
    const version = (v: number) => `# Problem\n\nP\n\n# Solution\n\n${Array.from({ length: 3000 }, (_, i) => `Step ${i + 1}: ${v} + ${i} = ${v + i + (i % 10 === 0 ? 1 : 0)} and ${v} * 2 = ${2 * v}.`).join('\n')}\n`;
    client.open(uri, version(1), 1);
    await client.waitForVersion(uri, 1);
    const before = client.published.length;
    for (let v = 2; v <= 12; v++) client.change(uri, v, version(v));
    const { diagnostics } = await client.waitForVersion(uri, 12);
    assert.equal(diagnostics.filter((d) => d.code === 'wrong-equation').length, 300);
    const checks = client.published.slice(before).filter((p) => p.uri === uri);
    assert.ok(checks.length <= 2, `11 quick edits made ${checks.length} checks (versions ${checks.map((p) => p.version).join(', ')})`);
  } finally {
    await client.shutdown();
  }
});

test('above check.maxDocumentLength a document is not checked, and the status says why', async () => {
  const client = new TestLspClient({ check: { delayMs: 0, maxDocumentLength: 1000 } });
  try {
    await client.initialize();
    const uri = 'untitled:long.solution.md';
    const text = `${small}${'Step 3: 1 + 1 = 3\n'.repeat(100)}`;
    client.open(uri, text, 1);
    const { diagnostics } = await client.waitForVersion(uri, 1);
    assert.deepEqual(diagnostics, []);
    const status = client.notifications.filter((n) => n.method === STATUS_NOTIFICATION).map((n) => n.params as StatusParams).find((s) => s.uri === uri);
    assert.equal(status?.state, 'too-large');
    assert.match(status?.message ?? '', /1,895 characters is more than mathcritic\.check\.maxDocumentLength \(1,000\)/);
    // Raising the limit checks it.
    client.settings = { check: { delayMs: 0, maxDocumentLength: 0 } };
    void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const after = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
    assert.equal(after.diagnostics.filter((d) => d.code === 'wrong-equation').length, 101);
  } finally {
    await client.shutdown();
  }
});
