/**
 * The peer's client, as lsp-sample's: on a Markdown file, start the server over IPC and give
 * it the Markdown documents. Nothing else, so what it costs is what any LSP extension costs.
 */
import type { ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = { run: { module, transport: TransportKind.ipc }, debug: { module, transport: TransportKind.ipc } };
  client = new LanguageClient('minimalLsp', 'Minimal LSP', serverOptions, { documentSelector: [{ scheme: 'file', language: 'markdown' }] });
  await client.start();
}

export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}
