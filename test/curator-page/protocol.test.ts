/**
 * The curator's webview boundary without a browser: the zod checks on both sides, the host
 * bridge, the page's HTML and CSP, the Markdown/KaTeX rendering of hostile text, and the
 * label logic behind the keys.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseHostMessage, parsePageRequest, parsePageResult, parseWebviewMessage, OPEN_RESPONSE_ID } from '../../client/src/curator/messages';
import { handlePageMessage, type BridgeDeps } from '../../client/src/curator/host-bridge';
import { curatorCsp, curatorPageHtml, makeNonce } from '../../client/src/curator/page-html';
import { renderMarkdown } from '../../client/src/curator/webview/markdown';
import { actionForKey, applyEvent, disagree, emptyCuration, firstUnrated, firstWrongToggle, isLabelled, opinions, rateToggle, verdictToggle } from '../../client/src/curator/webview/model';
import { CURATOR_FIND, CURATOR_LABEL, CURATOR_RECORD, CURATOR_STATS, type HostToWebview, type RecordView } from '../../protocol/curator';
import { FakeCuratorServer } from './fake-server';
import { FIXTURE_URI, HOSTILE, RECORDS } from './fixtures';

describe('messages from the page (checked by the host)', () => {
  it('accepts the three kinds', () => {
    assert.ok(parseWebviewMessage({ type: 'ready' }).ok);
    assert.ok(parseWebviewMessage({ type: 'export' }).ok);
    assert.ok(parseWebviewMessage({ type: 'request', id: 3, method: CURATOR_RECORD, params: { index: 0 } }).ok);
  });
  it('rejects unknown, malformed and padded messages', () => {
    for (const bad of [null, 'ready', 42, [], {}, { type: 'eval', code: '1' }, { type: 'ready', extra: 1 }, { type: 'request', id: 0, method: CURATOR_RECORD, params: {} }, { type: 'request', id: 1.5, method: CURATOR_RECORD, params: {} }, { type: 'request', id: 1, method: CURATOR_RECORD, params: null }, { type: 'request', id: 1, method: 7, params: {} }]) {
      assert.equal(parseWebviewMessage(bad).ok, false, JSON.stringify(bad));
    }
  });
  it('lets the page ask for record, find, label and stats only, with exact params', () => {
    assert.ok(parsePageRequest(CURATOR_RECORD, { index: 4 }).ok);
    assert.ok(parsePageRequest(CURATOR_FIND, { from: -1, direction: 1, filter: { unlabelled: true, source: 'gsm8k' } }).ok);
    assert.ok(parsePageRequest(CURATOR_LABEL, { index: 0, event: { kind: 'rate-step', step: 2, rating: 'incorrect' } }).ok);
    assert.ok(parsePageRequest(CURATOR_LABEL, { index: 0, event: { kind: 'first-wrong-step', step: -1 } }).ok);
    assert.ok(parsePageRequest(CURATOR_LABEL, { index: 0, event: { kind: 'note', text: null } }).ok);
    assert.ok(parsePageRequest(CURATOR_STATS, {}).ok);
    const refused: Array<[string, unknown]> = [
      ['mathcritic/curator/export', { target: '/etc/cron.d/x' }], // export and close belong to the host
      ['mathcritic/curator/close', {}],
      ['mathcritic/curator/open', {}],
      ['workspace/executeCommand', {}],
      ['__proto__', {}],
      ['constructor', {}],
      [CURATOR_RECORD, { index: 0, uri: 'file:///etc/passwd' }], // the host adds the uri, the page cannot pick one
      [CURATOR_RECORD, { index: -1 }],
      [CURATOR_FIND, { from: 0, direction: 2, filter: {} }],
      [CURATOR_FIND, { from: 0, direction: 1, filter: { verdict: 'maybe' } }],
      [CURATOR_LABEL, { index: 0, event: { kind: 'rate-step', step: 1, rating: 'great' } }],
      [CURATOR_LABEL, { index: 0, event: { kind: 'rate-step', step: -1, rating: 'correct' } }],
      [CURATOR_LABEL, { index: 0, event: { kind: 'first-wrong-step', step: -2 } }],
      [CURATOR_LABEL, { index: 0, event: { kind: 'note', text: 'x'.repeat(200_001) } }],
      [CURATOR_LABEL, { index: 0, event: { kind: 'delete-dataset' } }],
    ];
    for (const [method, params] of refused) assert.equal(parsePageRequest(method, params).ok, false, `${method} ${JSON.stringify(params).slice(0, 80)}`);
  });
});

describe('messages from the host (checked by the page)', () => {
  it('accepts the protocol and rejects the rest', () => {
    assert.ok(parseHostMessage({ type: 'changed' }).ok);
    assert.ok(parseHostMessage({ type: 'goto', index: 3 }).ok);
    assert.ok(parseHostMessage({ type: 'response', id: 1, result: 5 }).ok);
    assert.ok(parseHostMessage({ type: 'response', id: OPEN_RESPONSE_ID, error: 'nope' }).ok);
    assert.ok(parseHostMessage({ type: 'open', result: { count: 3, skipped: [], journalPath: '/x' } }).ok);
    for (const bad of [undefined, 'changed', { type: 'goto', index: -1 }, { type: 'open', result: { count: 'many' } }, { type: 'response' }, { type: 'html', html: '<script>' }]) {
      assert.equal(parseHostMessage(bad).ok, false, JSON.stringify(bad));
    }
  });
  it('checks each result against its request', async () => {
    const fake = new FakeCuratorServer(FIXTURE_URI, RECORDS);
    const view = (await fake.handle(CURATOR_RECORD, { uri: FIXTURE_URI, index: 0 })) as RecordView;
    assert.ok(parsePageResult(CURATOR_RECORD, view).ok);
    // JSON turns the ratings' number keys into strings; that is still a CurationState.
    const state = JSON.parse(JSON.stringify(await fake.handle(CURATOR_LABEL, { uri: FIXTURE_URI, index: 0, event: { kind: 'rate-step', step: 1, rating: 'correct' } })));
    assert.ok(parsePageResult(CURATOR_LABEL, state).ok);
    assert.ok(parsePageResult(CURATOR_STATS, await fake.handle(CURATOR_STATS, { uri: FIXTURE_URI })).ok);
    assert.ok(parsePageResult(CURATOR_FIND, null).ok);
    assert.ok(parsePageResult(CURATOR_FIND, 2).ok);
    assert.equal(parsePageResult(CURATOR_RECORD, { ...view, steps: 'one' }).ok, false);
    assert.equal(parsePageResult(CURATOR_LABEL, { ...state, ratings: { 1: 'great' } }).ok, false);
    assert.equal(parsePageResult(CURATOR_FIND, -4).ok, false);
  });
});

describe('host bridge', () => {
  function deps(over: Partial<BridgeDeps> = {}): { d: BridgeDeps; posted: HostToWebview[]; log: string[]; sent: Array<[string, unknown]> } {
    const posted: HostToWebview[] = [];
    const log: string[] = [];
    const sent: Array<[string, unknown]> = [];
    const d: BridgeDeps = {
      post: (m) => posted.push(m),
      open: async () => ({ count: 2, skipped: [], journalPath: '/j' }),
      request: async (method, params) => (sent.push([method, params]), method === CURATOR_FIND ? 1 : {}),
      exportDataset: () => undefined,
      log: (l) => log.push(l),
      ...over,
    };
    return { d, posted, log, sent };
  }
  it('answers ready with the open result, or a failed open with response 0', async () => {
    const a = deps();
    await handlePageMessage({ type: 'ready' }, a.d);
    assert.deepEqual(a.posted, [{ type: 'open', result: { count: 2, skipped: [], journalPath: '/j' } }]);
    const b = deps({ open: async () => Promise.reject(new Error('no such file')) });
    await handlePageMessage({ type: 'ready' }, b.d);
    assert.deepEqual(b.posted, [{ type: 'response', id: OPEN_RESPONSE_ID, error: 'could not open the dataset: no such file' }]);
  });
  it('forwards a request with its checked params and posts the answer or the error', async () => {
    const a = deps();
    await handlePageMessage({ type: 'request', id: 7, method: CURATOR_FIND, params: { from: 0, direction: 1, filter: {} } }, a.d);
    assert.deepEqual(a.sent, [[CURATOR_FIND, { from: 0, direction: 1, filter: {} }]]);
    assert.deepEqual(a.posted, [{ type: 'response', id: 7, result: 1 }]);
    const b = deps({ request: async () => Promise.reject({ code: -32603, message: 'disk full' }) });
    await handlePageMessage({ type: 'request', id: 8, method: CURATOR_STATS, params: {} }, b.d);
    assert.deepEqual(b.posted, [{ type: 'response', id: 8, error: 'disk full' }]);
  });
  it('tells the other views after a label', async () => {
    let n = 0;
    const a = deps({ labelled: () => void n++ });
    await handlePageMessage({ type: 'request', id: 1, method: CURATOR_LABEL, params: { index: 0, event: { kind: 'note', text: 'x' } } }, a.d);
    assert.equal(n, 1);
  });
  it('ignores malformed messages with a log line and refuses bad requests with an error', async () => {
    const a = deps();
    await handlePageMessage({ type: 'request', id: 'x' }, a.d);
    await handlePageMessage(undefined, a.d);
    assert.equal(a.posted.length, 0);
    assert.equal(a.log.length, 2);
    await handlePageMessage({ type: 'request', id: 4, method: CURATOR_RECORD, params: { index: 0, uri: 'file:///other.jsonl' } }, a.d);
    assert.equal(a.sent.length, 0);
    assert.equal(a.posted[0].type, 'response');
    assert.match((a.posted[0] as { error?: string }).error ?? '', /^refused/);
  });
});

describe('page html', () => {
  const o = { scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/curator.js', styleUri: 'https://x/curator.css', katexStyleUri: 'https://x/katex/katex.min.css', cspSource: 'https://*.vscode-cdn.net', nonce: makeNonce() };
  it('has a strict CSP with the nonce and no remote or inline script', () => {
    const html = curatorPageHtml(o);
    const csp = curatorCsp(o.cspSource, o.nonce);
    assert.ok(html.includes(`content="${csp.replace(/'/g, '&#39;')}"`));
    assert.match(csp, /^default-src 'none'; script-src 'nonce-[A-Za-z0-9]{32}'; style-src https:\/\/\*\.vscode-cdn\.net 'unsafe-inline'; font-src https:\/\/\*\.vscode-cdn\.net; img-src https:\/\/\*\.vscode-cdn\.net data:/);
    assert.doesNotMatch(csp, /unsafe-eval|script-src[^;]*unsafe-inline|\*(?!\.vscode-cdn)/);
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.deepEqual(scripts, [`<script nonce="${o.nonce}" src="${o.scriptUri}">`]);
    assert.doesNotMatch(html, /<script[^>]*>[^<]/, 'no inline script');
  });
  it('escapes the title and refuses a bad nonce', () => {
    const html = curatorPageHtml({ ...o, title: '"><script>alert(1)</script>.jsonl' });
    assert.doesNotMatch(html, /<script>alert/);
    assert.throws(() => curatorPageHtml({ ...o, nonce: `x' 'unsafe-inline` }));
  });
  it('makes different nonces', () => {
    assert.notEqual(makeNonce(), makeNonce());
  });
});

describe('rendering record text', () => {
  it('typesets $…$ and $$…$$ with KaTeX', () => {
    const html = renderMarkdown('A fraction $\\frac{a}{b}$ and\n\n$$x^2$$');
    assert.match(html, /class="katex"/);
    assert.match(html, /class="mfrac"/);
    assert.match(html, /class="katex-display"/);
  });
  it('turns hostile text into text', () => {
    const html = renderMarkdown(HOSTILE.join('\n') + '\n\n![x](https://evil.example/t.png) [ok](https://example.com) <a href="javascript:1">a</a> [d](data:text/html;base64,PHNjcmlwdD4=) [v](vbscript:x)');
    assert.doesNotMatch(html, /<(script|img|iframe|object|embed|svg)\b/i, 'no element from the text');
    assert.doesNotMatch(html, /<[a-z][^>]*\son[a-z]+\s*=/i, 'no event handler attribute');
    assert.doesNotMatch(html, /href="(javascript|data|vbscript):/i);
    assert.doesNotMatch(html, /evil\.example\/t\.png"/, 'images are not loaded');
    assert.match(html, /&lt;script&gt;window.__pwned=1&lt;\/script&gt;/);
    // A safe link is shown as text with its target in the title: no anchor to follow.
    assert.match(html, /<span class="md-link" title="https:\/\/example.com">ok<\/span>/);
    assert.doesNotMatch(html, /<a[\s>]/);
    // KaTeX with trust off renders \href as an error, never as a link.
    assert.doesNotMatch(renderMarkdown('$\\href{javascript:alert(1)}{x}$ $\\url{javascript:1}$ $\\htmlData{foo=1}{x}$ $\\includegraphics{https://evil.example/i.png}$'), /<a |href=|src=|data-foo|<img/);
  });
  it('does not blow up on pathological maths', () => {
    const html = renderMarkdown('$' + '\\def\\a{\\a\\a}\\a' + '$ $\\rule{100000em}{100000em}$ $\\frac{$');
    assert.equal(typeof html, 'string');
  });
});

describe('labels behind the keys', () => {
  it('applies events like the journal replay', () => {
    let s = emptyCuration();
    s = applyEvent(s, { kind: 'rate-step', step: 2, rating: 'incorrect' });
    s = applyEvent(s, { kind: 'rate-step', step: 0, rating: 'correct' });
    s = applyEvent(s, { kind: 'rate-step', step: 0, rating: null });
    s = applyEvent(s, { kind: 'first-wrong-step', step: 2 });
    s = applyEvent(s, { kind: 'edit-critique', text: 'better' });
    assert.deepEqual(s.ratings, { 2: 'incorrect' });
    assert.equal(s.firstWrongStep, 2);
    assert.equal(s.editedCritique, 'better');
    assert.ok(isLabelled(s));
    assert.equal(isLabelled(emptyCuration()), false);
  });
  it('toggles: the same key twice clears', () => {
    const s = applyEvent(emptyCuration(), { kind: 'rate-step', step: 1, rating: 'correct' });
    assert.deepEqual(rateToggle(s, 1, 'correct'), { kind: 'rate-step', step: 1, rating: null });
    assert.deepEqual(rateToggle(s, 1, 'neutral'), { kind: 'rate-step', step: 1, rating: 'neutral' });
    assert.deepEqual(firstWrongToggle(emptyCuration(), -1), { kind: 'first-wrong-step', step: -1 });
    assert.deepEqual(firstWrongToggle({ ...emptyCuration(), firstWrongStep: -1 }, -1), { kind: 'first-wrong-step', step: null });
    assert.deepEqual(verdictToggle({ ...emptyCuration(), critiqueVerdict: 'accepted' }, 'rejected'), { kind: 'critique-verdict', verdict: 'rejected' });
    assert.equal(firstUnrated(s, 3), 0);
    assert.equal(firstUnrated(applyEvent(s, { kind: 'rate-step', step: 0, rating: 'correct' }), 3), 2);
  });
  it('maps the keys of the help line', () => {
    assert.deepEqual(actionForKey('j'), { kind: 'next' });
    assert.deepEqual(actionForKey('ArrowLeft'), { kind: 'prev' });
    assert.deepEqual(actionForKey('3'), { kind: 'select', step: 2 });
    assert.deepEqual(actionForKey('0'), { kind: 'all-correct' });
    assert.deepEqual(actionForKey('x'), { kind: 'rate', rating: 'incorrect' });
    assert.equal(actionForKey('q'), undefined);
  });
  it('sees disagreement between human, critic, dataset and a checker that flags a step', () => {
    const r = { findings: [{ step: 1, code: 'missing-final-answer', severity: 'warning', message: 'm' }], critique: { text: '', firstWrongStep: 1 }, datasetFirstWrongStep: 1 } as RecordView;
    assert.equal(opinions(r, emptyCuration()).checker, -1, 'a warning is not a verdict');
    assert.equal(disagree(opinions(r, emptyCuration())), false);
    assert.equal(disagree(opinions(r, { ...emptyCuration(), firstWrongStep: 2 })), true);
    const flagged = { ...r, findings: [{ step: 3, code: 'wrong-equation', severity: 'error', message: 'm' }] } as RecordView;
    assert.equal(opinions(flagged, emptyCuration()).checker, 3);
    assert.equal(disagree(opinions(flagged, emptyCuration())), true);
    assert.equal(disagree(opinions({ ...flagged, critique: undefined, datasetFirstWrongStep: undefined }, emptyCuration())), false, 'the checker alone is no disagreement');
  });
});
