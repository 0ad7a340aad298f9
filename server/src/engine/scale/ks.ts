/** `--k 1,2,4,8,16`: distinct whole numbers ≥ 1, sorted; a clear error otherwise. */
export function parseKs(raw: string, max = 256): number[] {
  const parts = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const ks = parts.map(Number);
  const bad = parts.find((s, i) => !Number.isInteger(ks[i]) || ks[i] < 1 || ks[i] > max);
  if (parts.length === 0 || bad !== undefined) throw new RangeError(`--k takes whole numbers from 1 to ${max} separated by commas (e.g. 1,2,4,8,16), not "${raw}".`);
  return [...new Set(ks)].sort((a, b) => a - b);
}
