import picomatch from 'picomatch';
import { readFrontMatter } from './front-matter';
import { findSections } from './sections';

export const DEFAULT_SOLUTION_GLOBS = ['**/*.solution.md', '**/*.sol.md'];

const matchers = new Map<string, (path: string) => boolean>();

function matcher(globs: readonly string[]): (path: string) => boolean {
  const key = globs.join('\0');
  let m = matchers.get(key);
  if (!m) {
    m = picomatch(globs.length ? [...globs] : ['\0never'], { dot: true, nocase: process.platform === 'win32' });
    matchers.set(key, m);
  }
  return m;
}

/**
 * Which documents are solutions: a path matching the configured globs, or any Markdown
 * document with the solution structure (front matter naming a problem or an answer, or both a
 * Problem and a Solution heading). An ordinary README has neither and never lights up.
 */
export function isSolutionDocument(path: string, text: string, globs: readonly string[] = DEFAULT_SOLUTION_GLOBS): boolean {
  const normalized = path.replace(/\\/g, '/');
  if (matcher(globs)(normalized) || matcher(globs)(normalized.replace(/^.*\//, ''))) return true;
  return hasSolutionStructure(text);
}

export function hasSolutionStructure(text: string): boolean {
  const { frontMatter } = readFrontMatter(text);
  const sections = findSections(text, frontMatter?.span.end ?? 0);
  if (sections.problem && sections.solution) return true;
  return frontMatter?.problem !== undefined && frontMatter.problem.length > 0;
}
