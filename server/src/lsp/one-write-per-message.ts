import { Disposable, type RAL } from 'vscode-languageserver/node';

/**
 * The stream under vscode-jsonrpc's message writer, so that each message leaves in one write.
 * The writer hands over a message's header and then, once that write is done, its body: two
 * writes. On stdio each write to the pipe is a system call that wakes the client; at a
 * keystroke (a status and a diagnostics message) those calls were a third of the server's busy
 * time (`bench/lsp-latency.ts --cpu-prof`). The header is held here and sent with its body.
 */
export class OneWritePerMessage implements RAL.WritableStream {
  private header?: Buffer;

  constructor(private readonly stream: NodeJS.WritableStream) {}

  onClose(listener: () => void): Disposable {
    this.stream.on('close', listener);
    return Disposable.create(() => this.stream.off('close', listener));
  }

  onError(listener: (error: unknown) => void): Disposable {
    this.stream.on('error', listener);
    return Disposable.create(() => this.stream.off('error', listener));
  }

  onEnd(listener: () => void): Disposable {
    this.stream.on('end', listener);
    return Disposable.create(() => this.stream.off('end', listener));
  }

  write(data: Uint8Array | string, encoding?: RAL.MessageBufferEncoding): Promise<void> {
    if (typeof data === 'string') {
      // The writer writes strings for headers only, and waits for this before the body.
      const bytes = Buffer.from(data, encoding === 'ascii' ? 'ascii' : 'utf8');
      this.header = this.header ? Buffer.concat([this.header, bytes]) : bytes;
      return Promise.resolve();
    }
    const header = this.header;
    this.header = undefined;
    const bytes = header ? Buffer.concat([header, data]) : data;
    return new Promise((resolve, reject) => {
      this.stream.write(bytes, (error?: Error | null) => (error ? reject(error) : resolve()));
    });
  }

  end(): void {
    if (this.header) this.stream.write(this.header);
    this.header = undefined;
    this.stream.end();
  }
}
