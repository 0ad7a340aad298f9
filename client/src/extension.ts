/**
 * The VS Code shell: starts the bundled language server, shows its status, contributes the
 * commands. Everything that thinks lives in the server's engine.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, State, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { ExecuteCommandRequest } from 'vscode-languageclient';
import { CHECK_DOCUMENT_COMMAND, STATUS_NOTIFICATION, type CheckSummary, type StatusParams } from '../../server/src/lsp/protocol';
import { CheckerStatus } from './status-bar';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('MathCritic', { log: true });
  const status = new CheckerStatus();
  context.subscriptions.push(output, status);

  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'markdown', scheme: 'file' },
      { language: 'markdown', scheme: 'untitled' },
    ],
    outputChannel: output,
    synchronize: { configurationSection: 'mathcritic' },
  };
  client = new LanguageClient('mathcritic', 'MathCritic', serverOptions, clientOptions);
  context.subscriptions.push(
    client.onNotification(STATUS_NOTIFICATION, (p: StatusParams) => status.update(p)),
    client.onDidChangeState((e) => status.setServerError(e.newState === State.Stopped ? 'the language server stopped' : undefined)),
    vscode.workspace.onDidCloseTextDocument((d) => status.forget(d.uri.toString())),
    vscode.commands.registerCommand('mathcritic.checkDocument', () => checkActiveDocument()),
  );
  try {
    await client.start();
  } catch (err) {
    status.setServerError('the language server failed to start');
    output.error(`MathCritic language server failed to start: ${String(err)}`);
  }
}

async function checkActiveDocument(): Promise<CheckSummary | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!client || !editor) {
    void vscode.window.showInformationMessage('MathCritic: open a solution document first.');
    return undefined;
  }
  const summary = (await client.sendRequest(ExecuteCommandRequest.type, {
    command: CHECK_DOCUMENT_COMMAND,
    arguments: [editor.document.uri.toString()],
  })) as CheckSummary;
  if (!summary.isSolution) {
    void vscode.window.showInformationMessage(
      'MathCritic: this is not a solution document. Name it *.solution.md, or give it "# Problem" and "# Solution" headings.',
    );
  } else if (summary.problems === 0) {
    void vscode.window.setStatusBarMessage('MathCritic: no problems found', 3000);
  } else {
    void vscode.commands.executeCommand('workbench.actions.view.problems');
  }
  return summary;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
