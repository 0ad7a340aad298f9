import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { DOMParser } from '@xmldom/xmldom';
import { ChatEndpoint } from '../../server/src/engine/model';
import { reportFromText, NotAPredictionsFile } from '../../server/src/engine/report';
import { scaleProblem } from '../../server/src/engine/scale';
import { OpenAITestServer } from '../support/openai-test-server';
import { PROBLEMS, scaleResponder } from '../support/scale-script';
import { parseSvg } from '../support/svg';

const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>';

/** The page's img's SVG, and the page without it (the base64 would hide nothing, but is noise). */
function split(html: string): { page: string; svg: string } {
  const m = /src="data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)"/.exec(html);
  assert.ok(m, 'the plot is a data: SVG image');
  return { page: html.replace(m[0], 'src="data:…"'), svg: Buffer.from(m[1], 'base64').toString('utf8') };
}

function assertStrictPage(html: string) {
  const { page, svg } = split(html);
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)?.[1].replace(/&#39;/g, "'");
  assert.ok(csp, 'a CSP meta');
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'none'/);
  assert.match(csp, /img-src data:(;|$)/);
  // Text from the data shows as text: no element of its own, no attribute of its own.
  assert.doesNotMatch(page, /<script|<iframe|<object|<embed|https?:\/\//i, 'no script, frame or remote URL in the page');
  assert.deepEqual(page.match(/<img\b[^>]*>/g)?.map((t) => t.replace(/alt="[^"]*"/, 'alt')), ['<img class="plot" alt src="data:…">']);
  assert.doesNotMatch(page.replace(/="[^"]*"/g, '=""'), /<[a-z]+[^>]*\son\w+=/i, 'no event handler attribute');
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  const elements = Array.from(doc.getElementsByTagName('*'));
  const tags = new Set(elements.map((e) => e.tagName));
  for (const t of ['script', 'foreignObject', 'img', 'image', 'a', 'iframe']) assert.ok(!tags.has(t), `no <${t}> in the plot`);
  assert.ok(elements.every((e) => Array.from(e.attributes).every((a) => !/^on/i.test(a.name))), 'no event handler attribute in the plot');
  return { page, svg };
}

describe('evaluation report', () => {
  test('an eval predictions file: the F1 table and plot, hostile subset names escaped, ProcessBench marks on its subsets', async () => {
    const lines = [
      { id: 1, subset: 'gsm8k', label: 1, prediction: 1, match: true, votes: 1, critic: 'model', profile: 'processbench', model: 'QwQ' },
      { id: 2, subset: 'gsm8k', label: -1, prediction: -1, match: true, votes: 1, critic: 'model', profile: 'processbench', model: 'QwQ' },
      { id: 3, subset: hostile, label: 0, prediction: 2, match: false, votes: 1, critic: 'model', profile: 'processbench', model: 'QwQ' },
      { id: 4, subset: hostile, label: -1, prediction: -1, match: true, votes: 1, critic: 'model', profile: 'processbench', model: 'QwQ' },
    ];
    const report = await reportFromText(lines.map((l) => JSON.stringify(l)).join('\n'), 'qwq.predictions.jsonl');
    assert.equal(report.kind, 'eval');
    assert.equal(report.title, 'Evaluation: QwQ (processbench)');
    const { page, svg } = assertStrictPage(report.html);
    assert.match(page, /<td>gsm8k<\/td><td>1<\/td><td>100\.0%<\/td><td>1<\/td><td>100\.0%<\/td><td>100\.0%<\/td>/);
    assert.match(page, /<td>&lt;script&gt;alert\(1\)&lt;\/script&gt;&lt;img src=x onerror=alert\(2\)&gt;<\/td><td>1<\/td><td>0\.0%<\/td><td>1<\/td><td>100\.0%<\/td><td>0\.0%<\/td>/);
    assert.match(page, /<tfoot><tr><td>overall<\/td><td>2<\/td><td>50\.0%<\/td>/);
    const plot = parseSvg(svg);
    assert.equal(plot.marks('bar').length, 2);
    assert.equal(plot.marks('point').length, 8, "ProcessBench's eight published rows on gsm8k only");
    assert.ok(plot.texts('role-axis-label').includes('gsm8k'));
  });

  test('a scale predictions file: the curves table and plot', async () => {
    const server = await OpenAITestServer.start({ responder: scaleResponder });
    try {
      const endpoint = new ChatEndpoint({ baseUrl: server.baseUrl, model: 'actor', timeoutMs: 10_000 });
      const options = { samples: 4, refinements: 1, profile: 'json', actor: { endpoint, temperature: 0.7, maxTokens: 256 }, critic: { endpoint, temperature: 0, maxTokens: 256, samples: 1 } };
      const records = await Promise.all(PROBLEMS.map((p) => scaleProblem({ ...p, source: 't' }, options)));
      const report = await reportFromText(records.map((r) => JSON.stringify(r)).join('\n') + '\n{"torn', 'run.jsonl');
      assert.equal(report.kind, 'scale');
      const { page, svg } = assertStrictPage(report.html);
      assert.match(page, /<tr><th>K<\/th><th>1<\/th><th>2<\/th><th>4<\/th><\/tr>/);
      assert.match(page, /<tr><td>critic_filtered<\/td><td>33\.3%<\/td><td>66\.7%<\/td><td>100\.0%<\/td><\/tr>/);
      assert.match(page, /<tr><td>calls\/problem<\/td><td>3\.3<\/td><td>6\.0<\/td><td>11\.3<\/td><\/tr>/);
      assert.match(page, /3 problems · greedy 66\.7% · profile json, L = 1 · 1 unreadable lines skipped/);
      assert.equal(parseSvg(svg).marks('line mark').length, 4);
    } finally {
      await server.close();
    }
  });

  test('any other file is refused with what to give instead', async () => {
    await assert.rejects(reportFromText('{"problem": "x", "steps": ["a"], "label": -1}\n', 'data.jsonl'), (e: unknown) => e instanceof NotAPredictionsFile && /data\.jsonl is not a predictions file: write one with `mathcritic eval … --predictions FILE`/.test((e as Error).message));
    await assert.rejects(reportFromText('', 'empty.jsonl'), NotAPredictionsFile);
  });
});
