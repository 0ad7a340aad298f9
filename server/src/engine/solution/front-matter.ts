import { parseDocument, isMap, isScalar } from 'yaml';
import type { DocumentIssue, Span } from './types';

export interface FrontMatter {
  /** Where the block sits, fences included; the body starts at `span.end`. */
  span: Span;
  answer?: string;
  answerSpan?: Span;
  id?: string;
  problem?: string;
  problemSpan?: Span;
  /** `mathcritic: { disable: [code …] }`: the codes (empty: every code) and where the key sits. */
  disable?: { codes: string[]; span: Span };
}

// A BOM before the fence (text that did not come through readTextFile) must not hide it.
const OPEN = /^\uFEFF?---[ \t]*(\r\n|\n|\r)/;
const CLOSE = /(^|\r\n|\n|\r)(---|\.\.\.)[ \t]*(?=\r\n|\n|\r|$)/g;

/**
 * Reads YAML front matter (`---` … `---` at the very top). A document without one is fine;
 * one that does not parse is reported with the YAML error's position, and the rest of the
 * document is still checked.
 */
export function readFrontMatter(text: string): { frontMatter?: FrontMatter; issues: DocumentIssue[] } {
  const open = OPEN.exec(text);
  if (!open) return { issues: [] };
  const yamlStart = open[0].length;
  CLOSE.lastIndex = yamlStart - open[1].length;
  const close = CLOSE.exec(text);
  if (!close) {
    return {
      issues: [
        {
          code: 'invalid-front-matter',
          message: 'Front matter starts with "---" but never ends: add a closing "---" line after the YAML.',
          span: { start: 0, end: 3 },
        },
      ],
    };
  }
  const yamlEnd = close.index + close[1].length;
  let end = close.index + close[0].length;
  if (text.startsWith('\r\n', end)) end += 2;
  else if (text[end] === '\n' || text[end] === '\r') end += 1;
  const span = { start: 0, end };
  // What follows depends on the header alone, and a keystroke in the body leaves it as it was:
  // its YAML is parsed again only when it changes.
  const header = text.slice(0, end);
  let read = parsed.get(header);
  if (!read) {
    read = readYaml(header, yamlStart, yamlEnd, span);
    if (parsed.size >= 32) parsed.clear();
    parsed.set(header, read);
  }
  return { ...(read.frontMatter ? { frontMatter: read.frontMatter } : {}), issues: [...read.issues] };
}

const parsed = new Map<string, { frontMatter?: FrontMatter; issues: DocumentIssue[] }>();

function readYaml(header: string, yamlStart: number, yamlEnd: number, span: { start: number; end: number }): { frontMatter?: FrontMatter; issues: DocumentIssue[] } {
  const source = header.slice(yamlStart, yamlEnd);
  const doc = parseDocument(source, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const at = yamlStart + (e.pos?.[0] ?? 0);
    return {
      frontMatter: { span },
      issues: [
        {
          code: 'invalid-front-matter',
          message: `Front matter is not valid YAML: ${firstLine(e.message)}`,
          span: { start: at, end: Math.max(at + 1, yamlStart + (e.pos?.[1] ?? 0)) },
        },
      ],
    };
  }
  const fm: FrontMatter = { span };
  const issues: DocumentIssue[] = [];
  if (doc.contents !== null && !isMap(doc.contents)) {
    issues.push({
      code: 'invalid-front-matter',
      message: 'Front matter must be a YAML mapping such as "answer: 42".',
      span: { start: yamlStart, end: Math.max(yamlStart + 1, yamlEnd) },
    });
    return { frontMatter: fm, issues };
  }
  for (const key of ['answer', 'id', 'problem'] as const) {
    const node = doc.get(key, true) as { value?: unknown; range?: [number, number, number] } | undefined;
    if (node === undefined || node === null) continue;
    const value = isScalar(node) ? node.value : node;
    if (value === null || value === undefined) continue;
    if (typeof value !== 'string' && typeof value !== 'number') {
      const at = yamlStart + (node.range?.[0] ?? 0);
      issues.push({
        code: 'invalid-front-matter',
        message: `Front matter "${key}" must be a string or a number, e.g. ${key}: "\\frac{3}{4}".`,
        span: { start: at, end: Math.max(at + 1, yamlStart + (node.range?.[1] ?? 0)) },
      });
      continue;
    }
    const str = String(value).trim();
    const valueSpan = node.range ? { start: yamlStart + node.range[0], end: yamlStart + node.range[1] } : undefined;
    if (key === 'answer') {
      fm.answer = str;
      fm.answerSpan = valueSpan;
    } else if (key === 'problem') {
      fm.problem = str;
      fm.problemSpan = valueSpan;
    } else fm.id = str;
  }
  readMathCriticKey(doc, yamlStart, fm, issues);
  return { frontMatter: fm, issues };
}

/** `mathcritic: { disable: [code …] }` (a list, one code, or none listed: every code). */
function readMathCriticKey(doc: ReturnType<typeof parseDocument>, yamlStart: number, fm: FrontMatter, issues: DocumentIssue[]): void {
  const node = doc.get('mathcritic', true) as { range?: [number, number, number] } | undefined;
  if (node === undefined) return;
  const span = node.range ? { start: yamlStart + node.range[0], end: Math.max(yamlStart + node.range[0] + 1, yamlStart + node.range[1]) } : { start: yamlStart, end: yamlStart + 1 };
  const problem = (message: string) => issues.push({ code: 'invalid-front-matter', message, span });
  const value: unknown = (doc.toJS() as Record<string, unknown>).mathcritic;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return void problem('Front matter "mathcritic" must be a mapping such as "mathcritic: { disable: [wrong-equation] }".');
  const unknown = Object.keys(value).filter((k) => k !== 'disable');
  if (unknown.length > 0) return void problem(`Front matter "mathcritic" has an unknown key "${unknown[0]}": the one key is "disable".`);
  const disable = (value as { disable?: unknown }).disable;
  if (disable === null || disable === undefined) fm.disable = { codes: [], span };
  else if (typeof disable === 'string')
    fm.disable = {
      codes: disable
        .split(/[\s,]+/)
        .filter(Boolean)
        .map((c) => c.toLowerCase()),
      span,
    };
  else if (Array.isArray(disable) && disable.every((c) => typeof c === 'string')) fm.disable = { codes: disable.map((c: string) => c.trim().toLowerCase()).filter(Boolean), span };
  else problem('Front matter "mathcritic.disable" must be a list of finding codes, e.g. "disable: [wrong-equation]" (none listed: every code).');
}

function firstLine(s: string): string {
  return s.split(/\r?\n/)[0];
}
