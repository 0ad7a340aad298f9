/**
 * The server's end of the wire, chosen from argv as vscode-languageserver would (--stdio,
 * --node-ipc, --socket=PORT, --pipe=NAME), but built here so that everything crossing it
 * passes two guards that no handler can forget:
 * - out: every message is redacted (secret-redaction.ts), so no log line, status, progress
 *   text or error reply carries a key, whichever code path produced it;
 * - in: `inbound` sees each message before any handler (message-guard.ts), and on the byte
 *   streams (stdio, socket, pipe) each header is checked before its body is waited for
 *   (framing-guard.ts).
 */
import { createConnection } from 'node:net';
import {
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  WriteableStreamMessageWriter,
  type Message,
  type MessageReader,
  type MessageWriter,
  type DataCallback,
  type Disposable,
} from 'vscode-languageserver/node';
import { redactOutgoing } from './secret-redaction';
import { guardFraming } from './framing-guard';
import { OneWritePerMessage } from './one-write-per-message';

export interface Transport {
  reader: MessageReader;
  writer: MessageWriter;
  /** stdio: stdout is the wire, so console output must go elsewhere. */
  stdio: boolean;
}

export function transportFromArgv(argv: readonly string[]): Transport | undefined {
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = argv[i].split('=', 2) as [string, string | undefined];
    if (flag === '--node-ipc') return { reader: new IPCMessageReader(process), writer: new IPCMessageWriter(process), stdio: false };
    if (flag === '--stdio') return { reader: new StreamMessageReader(guardFraming(process.stdin)), writer: new WriteableStreamMessageWriter(new OneWritePerMessage(process.stdout)), stdio: true };
    if (flag === '--socket' || flag === '--pipe') {
      const arg = value ?? argv[i + 1];
      if (!arg) return undefined;
      // What vscode-languageserver's createServerSocketTransport / createServerPipeTransport do, with the framing guard on the way in.
      const socket = flag === '--socket' ? createConnection(Number.parseInt(arg, 10), '127.0.0.1') : createConnection(arg);
      return { reader: new StreamMessageReader(guardFraming(socket)), writer: new WriteableStreamMessageWriter(new OneWritePerMessage(socket)), stdio: false };
    }
  }
  return undefined;
}

/** A writer that redacts each message before `inner` sends it. */
export class RedactingWriter implements MessageWriter {
  constructor(private readonly inner: MessageWriter) {}
  get onError() {
    return this.inner.onError;
  }
  get onClose() {
    return this.inner.onClose;
  }
  write(msg: Message): Promise<void> {
    return this.inner.write(redactOutgoing(msg));
  }
  end(): void {
    this.inner.end();
  }
  dispose(): void {
    this.inner.dispose();
  }
}

/** A reader whose messages pass `inbound` first: it returns false for a message that must not reach a handler. */
export class GuardedReader implements MessageReader {
  constructor(
    private readonly inner: MessageReader,
    private readonly inbound: (msg: Message) => boolean,
  ) {}
  get onError() {
    return this.inner.onError;
  }
  get onClose() {
    return this.inner.onClose;
  }
  get onPartialMessage() {
    return this.inner.onPartialMessage;
  }
  listen(callback: DataCallback): Disposable {
    return this.inner.listen((msg) => {
      if (this.inbound(msg)) callback(msg);
    });
  }
  dispose(): void {
    this.inner.dispose();
  }
}
