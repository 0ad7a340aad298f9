/**
 * The embedded checker on every file of ../shared/data, with no bench timing: false alarms on
 * the records labelled right (per file, per finding code, each listed), the first-error
 * accuracy on the records labelled wrong, and what it says on each.
 * `--dataset FILE` (repeatable) adds a dataset in any shape the reader knows, as published:
 * e.g. GSM8K's train split (openai/grade-school-math `grade_school_math/data/train.jsonl`,
 * 7,473 right solutions no rule here was written from).
 * Run: node --import tsx bench/checker-precision.ts [--list] [--misses FILE] [--dataset FILE]…
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { checkSolution } from '../server/src/engine/check';
import { solutionFromSteps, stepsRecordSchema } from '../server/src/engine/solution';
import { readDataset } from '../server/src/engine/datasets';

const dataDir = path.resolve(__dirname, '../../shared/data');
const list = process.argv.includes('--list');
const missesOf = process.argv.includes('--misses') ? process.argv[process.argv.indexOf('--misses') + 1] : undefined;
if (!existsSync(dataDir)) {
  console.error(`no shared data at ${dataDir}`);
  process.exit(2);
}

const pct = (a: number, n: number) => (n ? `${((100 * a) / n).toFixed(1)}%` : '—');

for (const file of readdirSync(dataDir)
  .filter((f) => f.endsWith('.jsonl'))
  .sort()) {
  report(
    file,
    readFileSync(path.join(dataDir, file), 'utf8')
      .split('\n')
      .filter((l) => l.trim()),
  );
}
// MR-GSM8K keeps the GSM8K reference solution of each question: 300 more right solutions,
// half of them to "reversed" questions, that no rule here was written from.
const references = readFileSync(path.join(dataDir, 'mrgsm8k-wrong.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .flatMap((l) => {
    const r = JSON.parse(l) as { id: string; problem: string; answer: string | null; meta?: { ground_truth_solution?: string } };
    const text = r.meta?.ground_truth_solution;
    if (!text) return [];
    const steps = text.split('\n').filter((s) => s.trim());
    const answer = /^####\s*(.+)$/m.exec(text)?.[1] ?? null;
    return [JSON.stringify({ id: `${r.id}-reference`, problem: r.problem, steps, answer, label: -1 })];
  });
report('mrgsm8k-wrong.jsonl meta.ground_truth_solution', references);

void (async () => {
  for (let i = process.argv.indexOf('--dataset'); i >= 0; i = process.argv.indexOf('--dataset', i + 1)) {
    const file = process.argv[i + 1];
    const lines: string[] = [];
    for await (const r of readDataset(file)) lines.push(JSON.stringify({ id: r.id, problem: r.problem, steps: r.steps, answer: r.answer ?? null, label: r.label ?? -1, meta: r.meta }));
    report(path.basename(file), lines);
  }
})();

function report(file: string, lines: string[]): void {
  let right = 0;
  let wrong = 0;
  let exact = 0;
  let early = 0;
  let exactW = 0;
  let earlyW = 0;
  const falseAlarms = new Map<string, number>();
  // Per subset, F1 as eval scores it (errors) and with the step-level warnings of new checks counted.
  const subsets = new Map<string, { wrong: number; right: number; exact: number; exactW: number; clean: number; cleanW: number }>();
  const listed: string[] = [];
  for (const line of lines) {
    const raw = JSON.parse(line) as { meta?: { subset?: unknown } };
    const record = stepsRecordSchema.parse(raw);
    const { solution } = solutionFromSteps(record);
    const { findings } = checkSolution(solution);
    const label = record.label ?? -1;
    const subset = typeof raw.meta?.subset === 'string' ? raw.meta.subset : file;
    const tally = subsets.get(subset) ?? { wrong: 0, right: 0, exact: 0, exactW: 0, clean: 0, cleanW: 0 };
    subsets.set(subset, tally);
    const stepLevel = (withWarnings: boolean) =>
      findings
        .filter((f) => f.stepIndex >= 0 && (f.severity === 'error' || (withWarnings && f.severity === 'warning' && f.code !== 'missing-final-answer')))
        .map((f) => f.stepIndex)
        .sort((a, b) => a - b)[0] ?? -1;
    if (label < 0) {
      tally.right++;
      if (stepLevel(false) < 0) tally.clean++;
      if (stepLevel(true) < 0) tally.cleanW++;
    } else {
      tally.wrong++;
      if (stepLevel(false) === label) tally.exact++;
      if (stepLevel(true) === label) tally.exactW++;
    }
    const flagged = findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
    if (label < 0) {
      right++;
      for (const f of flagged) falseAlarms.set(`${f.code} (${f.severity})`, (falseAlarms.get(`${f.code} (${f.severity})`) ?? 0) + 1);
      if (flagged.length > 0 && list) listed.push(`  ${record.id}: ${flagged.map((f) => `step ${f.stepIndex + 1} [${f.code}] ${f.message}`).join(' | ')}`);
    } else {
      wrong++;
      const first = findings
        .filter((f) => f.severity === 'error' && f.stepIndex >= 0)
        .map((f) => f.stepIndex)
        .sort((a, b) => a - b)[0];
      if (first === label) exact++;
      else if (first !== undefined && first < label) early++;
      // The same with the step-level warnings of new checks counted (missing-final-answer is not about a step).
      const firstW = findings
        .filter((f) => (f.severity === 'error' || f.severity === 'warning') && f.code !== 'missing-final-answer' && f.stepIndex >= 0)
        .map((f) => f.stepIndex)
        .sort((a, b) => a - b)[0];
      if (firstW === label) exactW++;
      else if (firstW !== undefined && firstW < label) earlyW++;
      if (missesOf && file.startsWith(missesOf) && first !== label) {
        console.log(`MISS ${record.id} label ${label + 1} got ${first === undefined ? '-' : first + 1}: ${JSON.stringify(record.steps[label]).slice(0, 300)}`);
        for (const f of findings) console.log(`    step ${f.stepIndex + 1} [${f.code}] ${f.message}`);
      }
    }
  }
  const alarms = [...falseAlarms].map(([k, v]) => `${k}: ${v}`).join(', ') || 'none';
  console.log(
    `${file}: right ${right}, findings on right records: ${alarms}; wrong ${wrong}, first error on its step ${exact} (${pct(exact, wrong)}), earlier ${early}; with warnings ${exactW} (${pct(exactW, wrong)}), earlier ${earlyW}`,
  );
  for (const l of listed) console.log(l);
  const f1 = (a: number, n: number, b: number, m: number) => (n && m && a + b > 0 ? (200 * (a / n) * (b / m)) / (a / n + b / m) : undefined);
  if (subsets.size > 1) {
    for (const [name, t] of subsets) {
      const e = f1(t.exact, t.wrong, t.clean, t.right);
      const w = f1(t.exactW, t.wrong, t.cleanW, t.right);
      console.log(
        `  ${name}: F1 ${e === undefined ? '—' : e.toFixed(1)} (errors), ${w === undefined ? '—' : w.toFixed(1)} (warnings counted); exact ${t.exact}/${t.exactW} of ${t.wrong}, right left clean ${t.clean}/${t.cleanW} of ${t.right}`,
      );
    }
  }
}
