/**
 * `stream` with every write passed through `redact` first; everything else (isTTY, columns,
 * once, end) is the stream's own, so commands cannot tell the difference.
 */
export function redacting<S extends NodeJS.WritableStream>(stream: S, redact: (text: string) => string): S {
  const write = (chunk: unknown, ...rest: unknown[]): boolean => {
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) || chunk instanceof Uint8Array ? Buffer.from(chunk).toString('utf8') : String(chunk);
    return (stream.write as (...a: unknown[]) => boolean).call(stream, redact(text), ...rest);
  };
  return new Proxy(stream, {
    get(target, prop) {
      if (prop === 'write') return write;
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
