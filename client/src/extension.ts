/**
 * The VS Code shell: starts the bundled language server, shows its status, contributes the
 * commands. Everything that thinks lives in the server's engine.
 */
import * as vscode from 'vscode';
import { LanguageClient, RevealOutputChannelOn, TransportKind, State, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import {
  CHECK_ALL_COMMAND,
  CHECK_DOCUMENT_COMMAND,
  CRITIQUE_DOCUMENT_COMMAND,
  SOLVE_PROBLEM_COMMAND,
  EXPORT_CRITIQUE_COMMAND,
  type CheckSummary,
  type InitializationOptions,
} from '../../protocol/server';
import { StatusNotification } from '../../protocol/server-notifications';
import { executeServerCommand } from './server-commands';
import { CheckerStatus } from './status-bar';
import { apiKeyEnv, promptForApiKey } from './secrets';
import { newSolutionDocument } from './new-solution';
import { exportTrainingData } from './exports';
import { registerCurator } from './curator/provider';
import { showEvaluationReport } from './evaluation-report';
import { errorText, noticeText, redactingChannel, rememberSecret } from './redact';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  // The server process needs the API key in its environment, but only to call a model
  // endpoint: SecretStorage answers through the window, which is busy opening the editor now
  // (2.5 s of the wait for the first squiggle in code-server), so it is asked only when an
  // endpoint is configured, and first, before the rest of the setup.
  let keyRead = needsApiKey();
  const keyEnv = keyRead ? apiKeyEnv(context) : Promise.resolve({});
  keyEnv.catch(() => {}); // awaited (and reported) in startClient
  const output = redactingChannel(vscode.window.createOutputChannel('MathCritic', { log: true }));
  const status = new CheckerStatus();
  context.subscriptions.push(output, status);

  const restart = async () => {
    await stopClient();
    keyRead = needsApiKey();
    await startClient(context, output, status, keyRead ? apiKeyEnv(context) : Promise.resolve({}));
  };

  context.subscriptions.push(
    vscode.workspace.onDidCloseTextDocument((d) => status.forget(d.uri.toString())),
    vscode.commands.registerCommand('mathcritic.newSolution', newSolutionDocument),
    vscode.commands.registerCommand('mathcritic.checkDocument', () => runOnActiveDocument(CHECK_DOCUMENT_COMMAND)),
    vscode.commands.registerCommand('mathcritic.checkAll', checkAllDocuments),
    vscode.commands.registerCommand('mathcritic.critiqueDocument', critiqueActiveDocument),
    vscode.commands.registerCommand('mathcritic.solveProblem', solveActiveDocument),
    vscode.commands.registerCommand('mathcritic.exportCritique', exportCritique),
    vscode.commands.registerCommand('mathcritic.exportTrainingData', () => exportTrainingData(() => client, output)),
    vscode.commands.registerCommand('mathcritic.setApiKey', async () => {
      if (await promptForApiKey(context)) await restart();
    }),
    vscode.commands.registerCommand('mathcritic.restartServer', restart),
    vscode.commands.registerCommand('mathcritic.showEvaluationReport', (uri?: vscode.Uri) => showEvaluationReport(() => client, uri)),
    // Trusting a workspace lets the model critic run; the server learns it at start.
    vscode.workspace.onDidGrantWorkspaceTrust(restart),
    // An endpoint configured after a start without the key: the server needs it now.
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!keyRead && ENDPOINT_SETTINGS.some((s) => e.affectsConfiguration(s)) && needsApiKey()) void restart();
    }),
  );
  // The dataset curator (custom editor); it reaches the server through whichever client is running.
  context.subscriptions.push(...registerCurator(context, () => client, output));
  await startClient(context, output, status, keyEnv);
}

const ENDPOINT_SETTINGS = ['mathcritic.critic.baseUrl', 'mathcritic.actor.baseUrl'];

/** The key is sent to a model endpoint only: one configured (for the window or a folder) in a trusted workspace. */
function needsApiKey(): boolean {
  if (!vscode.workspace.isTrusted) return false;
  const scopes = [undefined, ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri)];
  return scopes.some((scope) => ENDPOINT_SETTINGS.some((s) => (vscode.workspace.getConfiguration(undefined, scope).get<string>(s) ?? '').trim() !== ''));
}

async function startClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, status: CheckerStatus, keyEnv: Promise<NodeJS.ProcessEnv>): Promise<void> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const asked = Date.now();
  const env = { ...process.env, ...(await keyEnv) };
  // The server starts once SecretStorage has answered (through the window): said, for bench/activation.ts --breakdown.
  output.info(`the API key lookup answered after ${Date.now() - asked} ms (0: not asked, no model endpoint is configured); starting the language server`);
  rememberSecret(env.MATHCRITIC_API_KEY);
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { env } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const initializationOptions: InitializationOptions = {
    trusted: vscode.workspace.isTrusted,
    storagePath: context.globalStorageUri.fsPath,
    // What the server's first `workspace/configuration` pull would answer (the client answers it
    // with this same call): with it, the first document is checked as soon as it is opened
    // instead of after a round trip through this busy extension host.
    settings: vscode.workspace.getConfiguration().get('mathcritic'),
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'markdown', scheme: 'file' },
      { language: 'markdown', scheme: 'untitled' },
    ],
    outputChannel: output,
    // Every command shows its own message for a failed request; the client's generic
    // "Request … failed." toast on top of it would say the same thing twice, truncated.
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    synchronize: { configurationSection: 'mathcritic' },
    initializationOptions,
  };
  const c = new LanguageClient('mathcritic', 'MathCritic', serverOptions, clientOptions);
  context.subscriptions.push(
    c.onNotification(StatusNotification, (p) => status.update(p)),
    c.onDidChangeState((e) => status.setServerError(e.newState === State.Stopped && client === c ? 'the language server stopped' : undefined)),
  );
  client = c;
  try {
    await c.start();
  } catch (err) {
    status.setServerError('the language server failed to start');
    output.error(`MathCritic language server failed to start: ${errorText(err)}`);
  }
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  await c?.stop();
}

async function runOnActiveDocument(command: typeof CHECK_DOCUMENT_COMMAND): Promise<CheckSummary | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!client || !editor) {
    void vscode.window.showInformationMessage('MathCritic: open a solution document first.');
    return undefined;
  }
  let summary: CheckSummary | null;
  try {
    summary = await executeServerCommand(client, command, [editor.document.uri.toString()]);
  } catch (err) {
    void vscode.window.showErrorMessage(errorText(err));
    return undefined;
  }
  if (!summary) return undefined;
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
  await stopClient();
}

/** "MathCritic: Critique Document": asks the model critic now, with progress, and says how it went. */
async function critiqueActiveDocument(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!client || !editor) {
    void vscode.window.showInformationMessage('MathCritic: open a solution document first.');
    return;
  }
  const c = client;
  try {
    const summary = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'MathCritic: the critic is reading the solution…', cancellable: false },
      () => executeServerCommand(c, CRITIQUE_DOCUMENT_COMMAND, [editor.document.uri.toString()]),
    );
    if (!summary) return;
    if (!summary.ok) void vscode.window.showWarningMessage(noticeText(`MathCritic: ${summary.message ?? 'no critique'}.`));
    else if (summary.firstWrongStep === -1) void vscode.window.setStatusBarMessage('MathCritic: the critic accepts every step', 4000);
    else void vscode.commands.executeCommand('workbench.actions.view.problems');
  } catch (err) {
    void vscode.window.showErrorMessage(errorText(err));
  }
}

/** "MathCritic: Check All Solution Documents": the embedded checker on the closed files too; the findings go to Problems. */
async function checkAllDocuments(): Promise<void> {
  const c = client;
  if (!c) return;
  try {
    const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'MathCritic: checking every solution document…', cancellable: true }, (_p, token) =>
      executeServerCommand(c, CHECK_ALL_COMMAND, [], { token }),
    );
    if (!r) return;
    const found = `${r.documents} solution document${r.documents === 1 ? '' : 's'} checked: ${r.problems} problem${r.problems === 1 ? '' : 's'} (${r.errors} error${r.errors === 1 ? '' : 's'})`;
    void vscode.window.setStatusBarMessage(`MathCritic: ${found}${r.cancelled ? ', cancelled' : ''}`, 6000);
    if (r.problems > 0) void vscode.commands.executeCommand('workbench.actions.view.problems');
  } catch (err) {
    void vscode.window.showErrorMessage(errorText(err));
  }
}

/** "MathCritic: Solve Problem": K solutions, critiqued and refined, the majority's inserted. */
async function solveActiveDocument(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!client || !editor) {
    void vscode.window.showInformationMessage('MathCritic: open a document with a problem first.');
    return;
  }
  const c = client;
  try {
    const r = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'MathCritic: solving, critiquing and refining…' },
      () => executeServerCommand(c, SOLVE_PROBLEM_COMMAND, [editor.document.uri.toString()]),
    );
    if (r?.applied) void vscode.window.setStatusBarMessage(`MathCritic: answer ${r.answer} (${r.votes} of ${r.samples} solutions agree)`, 6000);
  } catch (err) {
    void vscode.window.showErrorMessage(errorText(err));
  }
}

/** "MathCritic: Export Critique Record": appends the document's critique to a JSONL file. */
async function exportCritique(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!client || !editor) {
    void vscode.window.showInformationMessage('MathCritic: open a critiqued solution document first.');
    return;
  }
  const folder = vscode.workspace.getWorkspaceFolder(editor.document.uri)?.uri ?? vscode.Uri.file(process.cwd());
  const target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(folder, 'critiques.jsonl'), filters: { 'JSON Lines': ['jsonl'] }, saveLabel: 'Append record' });
  if (!target) return;
  try {
    await executeServerCommand(client, EXPORT_CRITIQUE_COMMAND, [editor.document.uri.toString(), target.fsPath]);
    void vscode.window.setStatusBarMessage(`MathCritic: critique record appended to ${vscode.workspace.asRelativePath(target)}`, 5000);
  } catch (err) {
    void vscode.window.showErrorMessage(errorText(err));
  }
}
