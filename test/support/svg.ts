/** An SVG as a DOM (xmldom), to check a plot's series, axes and labels by what it draws. */
import { DOMParser, type Element } from '@xmldom/xmldom';

export interface ParsedSvg {
  root: Element;
  /** The text of every <text> under groups whose class contains `cls` (e.g. "role-legend-label"). */
  texts(cls: string): string[];
  /**
   * The marks drawn, as vega describes each for screen readers: its kind ("line mark",
   * "point", "bar", "rule", "text mark") and its fields ("K: 1; accuracy: 33%; series: …").
   */
  marks(kind?: string): Array<{ kind: string; label: string; el: Element }>;
}

export function parseSvg(svg: string): ParsedSvg {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, msg) => void (level !== 'warning' && errors.push(msg)) }).parseFromString(svg, 'image/svg+xml');
  if (errors.length > 0) throw new Error(`not well-formed SVG: ${errors.join('; ')}`);
  const root = doc.documentElement as unknown as Element;
  if (root.tagName !== 'svg') throw new Error(`root is <${root.tagName}>, not <svg>`);
  const all = (el: Element, tag: string): Element[] => Array.from(el.getElementsByTagName(tag));
  const groups = (cls: string) => all(root, 'g').filter((g) => (g.getAttribute('class') ?? '').split(/\s+/).some((c) => c.includes(cls)));
  return {
    root,
    texts: (cls) => groups(cls).flatMap((g) => all(g, 'text').map((t) => t.textContent ?? '')),
    marks: (kind) =>
      all(root, '*')
        .filter((el) => el.getAttribute('role') === 'graphics-symbol')
        .map((el) => ({ kind: el.getAttribute('aria-roledescription') ?? '', label: el.getAttribute('aria-label') ?? '', el }))
        .filter((m) => kind === undefined || m.kind === kind),
  };
}
