/**
 * A typed array that grows as a scan appends to it: the index holds one number per record per
 * column, and a growing typed array costs 4–8 bytes a record where a JavaScript array of
 * numbers (then copied into a typed array) costs that twice over, at the scan's peak.
 */
export class GrowableColumn<A extends Float64Array | Int32Array | Uint32Array | Uint8Array> {
  data: A;
  length = 0;

  constructor(
    private readonly make: (n: number) => A,
    from?: A,
  ) {
    this.data = from ?? make(1024);
    if (from) this.length = from.length;
  }

  push(v: number): void {
    if (this.length === this.data.length) this.reserve(this.length + 1);
    this.data[this.length++] = v;
  }

  /** Room for `n` values (new room is zero). */
  reserve(n: number): void {
    if (n <= this.data.length) return;
    const bigger = this.make(Math.max(n, this.data.length * 2));
    bigger.set(this.data);
    this.data = bigger;
  }

  /** The values pushed so far (a view, not a copy). */
  values(): A {
    return this.data.subarray(0, this.length) as A;
  }
}
