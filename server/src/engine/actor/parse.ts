/**
 * The actor's rewritten steps, from "Step N: …" lines (preferred), a numbered list, or
 * paragraphs. Steps numbered before `fromStep` that the actor repeated anyway are dropped,
 * so a rewrite never duplicates the kept steps.
 */
export function parseRefinedSteps(raw: string, fromStep: number): string[] {
  const text = raw.replace(/^\s*```[a-z]*\s*\n?/i, '').replace(/\n?```\s*$/, '').trim();
  if (!text) return [];
  const marker = /^[ \t]*(?:\*\*)?step[ \t]+(\d+)[ \t]*(?:\*\*)?[ \t]*[:.)][ \t]*(?:\*\*)?[ \t]*/gim;
  const found = [...text.matchAll(marker)];
  if (found.length > 0) {
    return found
      .map((m, i) => ({ n: Number(m[1]), body: text.slice(m.index! + m[0].length, i + 1 < found.length ? found[i + 1].index : text.length).trim() }))
      .filter((s) => s.n > fromStep && s.body !== '')
      .map((s) => s.body);
  }
  const list = [...text.matchAll(/^[ \t]*(\d+)[.)][ \t]+/gm)];
  if (list.length >= 2) {
    return list.map((m, i) => text.slice(m.index! + m[0].length, i + 1 < list.length ? list[i + 1].index : text.length).trim()).filter(Boolean);
  }
  return text.split(/\n[ \t]*\n/).map((p) => p.trim()).filter(Boolean);
}
