/**
 * Where a process's time went, from the `.cpuprofile` that `node --cpu-prof` writes: self time
 * by source file (through the bundle's source map) and the functions that took most, as shares
 * of the busy time (idle left out, garbage collection in). What the latency bench prints after
 * a run with `--cpu-prof`, so that "where the time goes" is a figure anyone can reproduce.
 */
import { readFileSync, existsSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  busyMs: number;
  totalMs: number;
  byFile: Array<{ name: string; ms: number }>;
  byFunction: Array<{ name: string; ms: number }>;
}

/** Self time of each node, where its source is (mapped when a `.map` sits beside the script). */
export function summarize(file: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
  }
  const maps = new Map<string, SourceMap | undefined>();
  const mapOf = (url: string) => {
    if (!maps.has(url)) {
      let map: SourceMap | undefined;
      try {
        const path = url.startsWith('file:') ? fileURLToPath(url) : url;
        if (existsSync(`${path}.map`)) map = new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8')));
      } catch {
        map = undefined;
      }
      maps.set(url, map);
    }
    return maps.get(url);
  };
  const byFile = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  for (const node of profile.nodes) {
    const ms = self.get(node.id) ?? 0;
    if (ms === 0) continue;
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') continue;
    busy += ms;
    let source = url || functionName;
    const entry = url ? mapOf(url)?.findEntry(lineNumber, columnNumber) : undefined;
    if (entry && 'originalSource' in entry && typeof entry.originalSource === 'string') source = entry.originalSource;
    source = shorten(source);
    byFile.set(source, (byFile.get(source) ?? 0) + ms);
    const fn = `${functionName || '(anonymous)'} ${source}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
  }
  const sorted = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms }));
  return { busyMs: busy, totalMs: (profile.endTime - profile.startTime) / 1000, byFile: sorted(byFile), byFunction: sorted(byFunction) };
}

/** node_modules/PKG/… → PKG/…; the project's own files from their room on. */
function shorten(source: string): string {
  const nm = source.lastIndexOf('node_modules/');
  if (nm >= 0) return source.slice(nm + 'node_modules/'.length);
  const room = source.search(/(server|protocol|client)\/src\//);
  if (room >= 0) return source.slice(room);
  return source.replace(/^.*\/(?=[^/]+$)/, '');
}

export function printSummary(file: string, label: string, top = 15): void {
  const s = summarize(file, top);
  const pct = (ms: number) => `${((100 * ms) / s.busyMs).toFixed(1).padStart(5)} %`;
  console.log(`  ${label}: busy ${s.busyMs.toFixed(0)} ms of ${s.totalMs.toFixed(0)} ms (${file})`);
  console.log('    by source file (self time, share of busy):');
  for (const f of s.byFile) console.log(`      ${pct(f.ms)}  ${f.ms.toFixed(0).padStart(6)} ms  ${f.name}`);
  console.log('    by function:');
  for (const f of s.byFunction) console.log(`      ${pct(f.ms)}  ${f.ms.toFixed(0).padStart(6)} ms  ${f.name}`);
}

if (require.main === module) {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.log('usage: node --import tsx bench/support/cpu-profile.ts FILE.cpuprofile [--top N]');
    process.exitCode = 2;
  }
  for (const f of files.filter((f) => f.endsWith('.cpuprofile'))) printSummary(f, f);
}
