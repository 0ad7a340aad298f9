/**
 * Renders the README's two plots from the loopback test server's scripted models (no real
 * model is involved; the figures show what the plots look like, not how good any model is):
 *
 * - media/scale-curves.svg: `mathcritic scale` on the first 60 GSM8K problems of
 *   ../shared/data, with a scripted actor that is right on about 40 % of its samples (its wrong
 *   answers spread over a few values), a scripted critic that catches 80 % of wrong solutions
 *   and rejects 10 % of right ones, and refinements that fix 60 % of what they are given.
 * - media/eval-f1.svg: `mathcritic eval --plot --reference processbench` on ../shared/data's
 *   ProcessBench sample: the embedded checker beside a scripted critic that names the labelled
 *   step on 3 solutions in 4 (its predictions file written from `mathcritic critique` records).
 *
 * Run: npm run build && node --import tsx media/src/plots.ts
 */
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { OpenAITestServer, type RecordedRequest } from '../../test/support/openai-test-server';

const root = path.resolve(__dirname, '../..');
const data = path.resolve(root, '../shared/data');
// Asynchronous: the scripted models answer from this very process.
const cli = (args: string[]) =>
  new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'dist/cli.js'), ...args], { stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`mathcritic ${args.join(' ')}: exit ${code}\n${stderr}`))));
  });
/** A number in [0, 1) fixed by its key: the scripted models' dice. */
const dice = (...key: unknown[]) => createHash('sha256').update(JSON.stringify(key)).digest().readUInt32BE(0) / 2 ** 32;
const critique = (wrong: number | null) => JSON.stringify({ steps: [], first_wrong_step: wrong, feedback: wrong ? `Step ${wrong} is wrong.` : '' });

async function scalePlot(dir: string) {
  const problems = readFileSync(path.join(data, 'gsm8k-test-correct.jsonl'), 'utf8').trim().split('\n').slice(0, 60).map((l) => JSON.parse(l) as { id: string; problem: string; answer: string });
  const answerOf = new Map(problems.map((p) => [p.problem.trim(), p.answer]));
  const reference = (text: string) => [...answerOf].find(([problem]) => text.includes(problem))?.[1] ?? '0';
  const solution = (answer: string, tag: string) => `Step 1: Work it out (${tag}).\nStep 2: The answer is \\boxed{${answer}}.`;
  const wrongAnswer = (ref: string, key: unknown) => String(Number(ref) + 1 + Math.floor(dice('wrong', key) * 3));
  const server = await OpenAITestServer.start({
    responder: (req: RecordedRequest) => {
      const system = String(req.body.messages[0].content);
      const user = String(req.body.messages[1].content);
      const ref = reference(user);
      if (/critiques step-by-step/.test(system)) {
        const right = new RegExp(`boxed\\{${ref}\\}`).test(user.slice(user.lastIndexOf('Step 2')));
        return { content: critique(right ? (dice('fp', user) < 0.1 ? 2 : null) : dice('catch', user) < 0.8 ? 2 : null) };
      }
      if (/corrects a step-by-step/.test(system)) return { content: `Step 2: Fixed. The answer is \\boxed{${dice('fix', user) < 0.6 ? ref : wrongAnswer(ref, user)}}.` };
      const n = req.body.n ?? 1;
      if (req.body.temperature === 0) return { content: solution(dice('greedy', ref, user) < 0.45 ? ref : wrongAnswer(ref, user), 'greedy') };
      return Array.from({ length: n }, (_, i) => ({ content: solution(dice('sample', user, i) < 0.4 ? ref : wrongAnswer(ref, [user, i]), `sample ${i}`) }));
    },
  });
  try {
    const file = path.join(dir, 'problems.jsonl');
    writeFileSync(file, problems.map((p) => JSON.stringify(p)).join('\n') + '\n');
    await cli(['scale', file, '--base-url', server.baseUrl, '--model', 'scripted-actor', '--critic-model', 'scripted-critic', '--k', '1,2,4,8,16', '--refinements', '2', '--concurrency', '32', '--plot', path.join(root, 'media/scale-curves.svg')]);
  } finally {
    await server.close();
  }
}

async function evalPlot(dir: string) {
  const dataset = path.join(data, 'processbench-sample.jsonl');
  const rows = readFileSync(dataset, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; problem: string; steps: string[]; label: number; meta?: { subset?: string } });
  const labelOf = new Map(rows.map((r) => [r.problem.trim(), r]));
  const server = await OpenAITestServer.start({
    responder: (req: RecordedRequest) => {
      const user = String(req.body.messages[1].content);
      const row = [...labelOf].find(([problem]) => user.includes(problem))?.[1];
      const label = row?.label ?? -1;
      const right = dice('critic', row?.id) < 0.75;
      const step = right ? label : label === -1 ? 0 : -1;
      return { content: critique(step === -1 ? null : step + 1) };
    },
  });
  try {
    const critiques = path.join(dir, 'critiques.jsonl');
    await cli(['critique', dataset, '--base-url', server.baseUrl, '--model', 'scripted-critic', '--out', critiques, '--concurrency', '16']);
    // The `eval --predictions` shape, from the critique records.
    const byId = new Map(rows.map((r) => [r.id, r]));
    const predictions = readFileSync(critiques, 'utf8').trim().split('\n').map((l) => {
      const c = JSON.parse(l) as { id: string; first_wrong_step: number; votes: number };
      const row = byId.get(c.id)!;
      return JSON.stringify({ id: c.id, subset: row.meta?.subset ?? 'processbench', label: row.label, prediction: c.first_wrong_step, match: c.first_wrong_step === row.label, votes: c.votes, critic: 'model', profile: 'json', model: 'scripted-critic' });
    });
    const file = path.join(dir, 'scripted-critic.predictions.jsonl');
    writeFileSync(file, predictions.join('\n') + '\n');
    await cli(['eval', dataset, '--from', file, '--plot', path.join(root, 'media/eval-f1.svg'), '--reference', 'processbench']);
  } finally {
    await server.close();
  }
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'mathcritic-media-'));
  await scalePlot(dir);
  await evalPlot(dir);
  console.log('wrote media/scale-curves.svg and media/eval-f1.svg');
}

void main();
