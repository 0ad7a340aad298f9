/**
 * The stats panel's bar chart: a few horizontal bars as inline SVG, built with DOM calls (no
 * markup strings, no chart library: a handful of bars does not need one, a library would be
 * most of the bundle, and plain SVG takes the theme's colours from CSS variables).
 */
const SVG = 'http://www.w3.org/2000/svg';

export interface Bar {
  label: string;
  value: number;
  /** CSS class of the bar: `good`, `bad`, `neutral`, `info`. */
  tone: 'good' | 'bad' | 'neutral' | 'info';
}

export interface BarGroup {
  title: string;
  bars: Bar[];
  /** Bars of a group share a scale; `share` shows each as a fraction of the group's sum too. */
  share?: boolean;
}

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** One SVG with every group: a title line, then one row per bar (label, bar, count). */
export function barChart(groups: BarGroup[], width = 300): SVGSVGElement {
  const labelW = 92;
  const countW = 64;
  const barMax = Math.max(20, width - labelW - countW - 8);
  const rowH = 18;
  const titleH = 20;
  const gap = 10;
  let y = 0;
  const rows: SVGElement[] = [];
  for (const g of groups) {
    rows.push(el('text', { x: 0, y: y + 13, class: 'chart-title' }, g.title));
    y += titleH;
    const max = Math.max(1, ...g.bars.map((b) => b.value));
    const sum = g.bars.reduce((a, b) => a + b.value, 0);
    for (const b of g.bars) {
      const w = b.value === 0 ? 0 : Math.max(2, Math.round((b.value / max) * barMax));
      const row = el('g', { class: `chart-row ${b.tone}`, transform: `translate(0 ${y})` });
      const title = el('title', {}, `${b.label}: ${b.value}${g.share && sum ? ` (${Math.round((100 * b.value) / sum)}%)` : ''}`);
      row.append(
        title,
        el('text', { x: 0, y: 13, class: 'chart-label' }, b.label),
        el('rect', { x: labelW, y: 3, width: barMax, height: rowH - 6, rx: 2, class: 'chart-track' }),
        el('rect', { x: labelW, y: 3, width: w, height: rowH - 6, rx: 2, class: 'chart-bar' }),
        el('text', { x: labelW + barMax + 6, y: 13, class: 'chart-count' }, g.share && sum ? `${b.value} · ${Math.round((100 * b.value) / sum)}%` : String(b.value)),
      );
      rows.push(row);
      y += rowH;
    }
    y += gap;
  }
  const svg = el('svg', { viewBox: `0 0 ${width} ${Math.max(1, y - gap)}`, width, height: Math.max(1, y - gap), role: 'img', class: 'chart' });
  svg.append(el('title', {}, groups.map((g) => `${g.title}: ${g.bars.map((b) => `${b.label} ${b.value}`).join(', ')}`).join('; ')), ...rows);
  return svg;
}
