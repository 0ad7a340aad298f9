import { inspect } from 'node:util';
import type { Connection } from 'vscode-languageserver/node';

/**
 * Over stdio, stdout is the wire: a stray console.log from any module would corrupt it. Sends
 * console output to the client's log instead (what vscode-languageserver does for the stdio
 * transport it builds itself), where the outgoing redaction also applies.
 */
export function routeConsoleTo(connection: Connection): void {
  const text = (args: unknown[]) => args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' ');
  console.log = (...args: unknown[]) => connection.console.log(text(args));
  console.info = (...args: unknown[]) => connection.console.info(text(args));
  console.debug = (...args: unknown[]) => connection.console.log(text(args));
  console.warn = (...args: unknown[]) => connection.console.warn(text(args));
  console.error = (...args: unknown[]) => connection.console.error(text(args));
}
