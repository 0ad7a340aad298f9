import type { SolutionDirectives, Step } from '../solution/types';
import type { Finding } from './findings';

const covers = (codes: readonly string[], code: string) => codes.length === 0 || codes.includes(code);

/**
 * The findings a document's directives leave standing. The front matter's `mathcritic.disable`
 * covers the whole document; `disable-next-step` the first step that starts after it;
 * `disable` … `enable` the findings that start between them (an `enable` of one code inside a
 * `disable` of every code turns that one back on, as in ESLint). `findings` are sorted by start.
 */
export function applyDirectives(findings: Finding[], steps: readonly Step[], directives: SolutionDirectives | undefined): Finding[] {
  if (!directives || (directives.comments.length === 0 && !directives.frontMatter)) return findings;
  const whole = directives.frontMatter?.codes;
  const nextStep = new Map<number, string[][]>();
  let s = 0;
  for (const c of directives.comments) {
    if (c.kind !== 'disable-next-step') continue;
    while (s < steps.length && steps[s].span.start < c.span.end) s++;
    if (s < steps.length) nextStep.set(s, [...(nextStep.get(s) ?? []), c.codes]);
  }
  const regions = directives.comments.filter((c) => c.kind !== 'disable-next-step');
  let r = 0;
  let all = false;
  const off = new Set<string>();
  const on = new Set<string>(); // codes enabled again while every code is off
  return findings.filter((f) => {
    while (r < regions.length && regions[r].span.end <= f.span.start) {
      const { kind, codes } = regions[r++];
      if (codes.length === 0) {
        all = kind === 'disable';
        off.clear();
        on.clear();
      } else
        for (const code of codes) {
          (kind === 'disable' ? off : on).add(code);
          (kind === 'disable' ? on : off).delete(code);
        }
    }
    if (whole && covers(whole, f.code)) return false;
    if ((all && !on.has(f.code)) || off.has(f.code)) return false;
    return !(nextStep.get(f.stepIndex) ?? []).some((codes) => covers(codes, f.code));
  });
}
