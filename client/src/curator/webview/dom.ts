/** Building the page's elements. Text goes in as text; the only HTML is md()'s. */
import { renderMarkdown } from './markdown';

export type Child = Node | string | null | undefined | false | Child[];
interface Props {
  class?: string;
  title?: string;
  onclick?: (e: MouseEvent) => void;
  attrs?: Record<string, string>;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props?.class) el.className = props.class;
  if (props?.title) el.title = props.title;
  const onclick = props?.onclick;
  if (onclick) el.addEventListener('click', (e) => onclick(e as MouseEvent));
  for (const [k, v] of Object.entries(props?.attrs ?? {})) el.setAttribute(k, v);
  const add = (c: Child): void => {
    if (c === null || c === undefined || c === false) return;
    if (Array.isArray(c)) c.forEach(add);
    else el.append(c);
  };
  children.forEach(add);
  return el;
}

const mdCache = new Map<string, string>();
/** The only place record text becomes HTML: markdown-it (HTML off) + KaTeX (trust off). */
export function md(text: string, cls = ''): HTMLDivElement {
  let html = mdCache.get(text);
  if (html === undefined) {
    html = renderMarkdown(text);
    mdCache.set(text, html);
    if (mdCache.size > 500) mdCache.delete(mdCache.keys().next().value as string);
  }
  const div = h('div', { class: `md ${cls}` });
  div.innerHTML = html;
  return div;
}

export function kbd(keys: string): HTMLElement {
  return h('kbd', null, keys);
}

export function button(text: Child, onclick: () => void, opts: { cls?: string; title?: string; key?: string; pressed?: boolean } = {}): HTMLButtonElement {
  const b = h('button', { class: `btn ${opts.cls ?? ''}${opts.pressed ? ' pressed' : ''}`, title: opts.title, onclick: (e) => (e.stopPropagation(), onclick()) }, text, opts.key ? h('span', { class: 'key' }, opts.key) : null);
  b.type = 'button';
  if (opts.pressed !== undefined) b.setAttribute('aria-pressed', String(opts.pressed));
  return b;
}
