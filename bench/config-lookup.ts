/**
 * What `.mathcritic.json` costs a keystroke: the server looks the file up (one stat per folder
 * up to the workspace folder, then the file's own stat; reused for a second by the server) and
 * reads the directives on every check. Printed beside the parse + check of the same 50-step document, measured in this run.
 *   node --import tsx bench/config-lookup.ts
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ConfigResolver, DEFAULT_CHECKER_OPTIONS } from '../server/src/engine/config';
import { parseSolutionDocument } from '../server/src/engine/solution';
import { checkSolution, StepCheckCache } from '../server/src/engine/check';

const root = mkdtempSync(path.join(tmpdir(), 'mathcritic-bench-config-'));
const deep = path.join(root, 'a', 'b', 'c', 'd', 'e', 'f');
mkdirSync(deep, { recursive: true });
writeFileSync(path.join(root, '.mathcritic.json'), JSON.stringify({ severity: { 'wrong-solution': 'error' }, disable: ['no-steps'] }));
const steps = Array.from({ length: 50 }, (_, i) => `Step ${i + 1}: ${i} + ${i} = ${2 * i} eggs.`);
const plain = `---\nanswer: 98\n---\n# Problem\n\nP\n\n# Solution\n\n${steps.join('\n\n')}\n`;
const directives = `---\nanswer: 98\n---\n# Problem\n\nP\n\n# Solution\n\n${steps.map((s, i) => (i % 5 === 0 ? `<!-- mathcritic-disable-next-step wrong-equation -->\n${s}` : s)).join('\n\n')}\n`;

function median(fn: () => void, runs = 2000): number {
  for (let i = 0; i < 200; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e3);
  }
  return times.sort((a, b) => a - b)[times.length >> 1];
}

const cache = new StepCheckCache();
const uncached = new ConfigResolver();
const lookup = median(() => uncached.options(deep, DEFAULT_CHECKER_OPTIONS, root));
const server = new ConfigResolver(1000); // what the language server uses
const served = median(() => server.options(deep, DEFAULT_CHECKER_OPTIONS, root));
const check = (text: string) => () => {
  const { solution, issues } = parseSolutionDocument(text);
  checkSolution(solution, issues, { cache });
};
const plainCheck = median(check(plain), 500);
const directiveCheck = median(check(directives), 500);
console.log(`config lookup, 7 folders deep:       ${lookup.toFixed(1)} µs median (every folder stat'ed)`);
console.log(`  as the server does it (1 s reuse): ${served.toFixed(1)} µs median (${(lookup / served).toFixed(0)}× less)`);
console.log(`parse + check, 50 steps (cached):    ${plainCheck.toFixed(1)} µs median`);
console.log(`  the same with 10 directives:       ${directiveCheck.toFixed(1)} µs median (${(directiveCheck / plainCheck).toFixed(2)}×)`);
console.log(`server lookup ÷ parse + check:       ${(served / plainCheck).toFixed(3)}×`);
