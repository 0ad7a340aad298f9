/**
 * "MathCritic: Export Training Data…": quick picks for the kind of record and the source, a
 * save dialog, then the server's export with VS Code's progress notification (counts as the
 * server reports them, a Cancel button that stops the export and keeps what is written), and
 * a closing message with the counts and "Open File".
 */
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import { WorkDoneProgress, type LanguageClient, type WorkDoneProgressBegin, type WorkDoneProgressReport } from 'vscode-languageclient/node';
import { EXPORT_TRAINING_DATA_COMMAND, type ExportKind, type ExportSource, type ExportTrainingDataParams, type ExportTrainingDataResult } from '../../protocol/server';
import { executeServerCommand } from './server-commands';
import { errorText, noticeText } from './redact';

// `recordKind`, not `kind`: QuickPickItem.kind is the separator flag.
const KINDS: Array<vscode.QuickPickItem & { recordKind: ExportKind; file: string }> = [
  { recordKind: 'critique', file: 'critiques.jsonl', label: 'Critique records', description: 'train critics', detail: '(problem, response, critique, first wrong step) with chat messages for SFT' },
  { recordKind: 'refinement', file: 'refinements.jsonl', label: 'Refinement records', description: 'train actors; uses the actor', detail: 'where the critic finds a wrong step, the actor rewrites from it; solutions the critic accepts are not written' },
  { recordKind: 'self-talk', file: 'self-talk.jsonl', label: 'Self-talk records', description: 'uses the critic, the actor and a smoother', detail: 'reflections woven in, refined until the critic accepts, smoothed; only chains that reach the reference answer are written' },
];

export async function exportTrainingData(getClient: () => LanguageClient | undefined, output: vscode.LogOutputChannel): Promise<void> {
  const client = getClient();
  if (!client) {
    void vscode.window.showErrorMessage('MathCritic: the language server is not running.');
    return;
  }
  // Said before any dialog: nothing is sent without trust and a configured endpoint.
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('MathCritic: this workspace is not trusted, so nothing is sent to a model endpoint. Trust the workspace to export training data.');
    return;
  }
  const critic = vscode.workspace.getConfiguration('mathcritic.critic');
  if (!critic.get<string>('baseUrl')?.trim() || !critic.get<string>('model')?.trim()) {
    const open = 'Open Settings';
    const pick = await vscode.window.showWarningMessage('MathCritic: no critique model is configured, so nothing can be exported. Set mathcritic.critic.baseUrl and mathcritic.critic.model.', open);
    if (pick === open) void vscode.commands.executeCommand('workbench.action.openSettings', 'mathcritic.critic');
    return;
  }

  const kind = await vscode.window.showQuickPick(KINDS, { title: 'Export Training Data (1/3): which records?', placeHolder: 'Records are appended to a JSONL file (or written as Parquet); rerunning resumes where it stopped', matchOnDetail: true });
  if (!kind) return;
  const picked = await pickSource();
  if (!picked) return;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? (picked.near ? vscode.Uri.file(picked.near) : undefined);
  const target = await vscode.window.showSaveDialog({
    title: `Export Training Data (3/3): ${kind.label.toLowerCase()} to… (an existing file is appended to; ids already in it are skipped)`,
    defaultUri: folder ? vscode.Uri.joinPath(folder, kind.file) : undefined,
    filters: { 'JSON Lines': ['jsonl'], Parquet: ['parquet'] },
    saveLabel: 'Export (append / resume)',
  });
  if (!target) return;
  const params: ExportTrainingDataParams = { kind: kind.recordKind, source: picked.source, file: target.fsPath };
  await run(client, params, kind.label, output);
}

async function pickSource(): Promise<{ source: ExportSource; near?: string } | undefined> {
  type Item = vscode.QuickPickItem & { pick: () => Promise<{ source: ExportSource; near?: string } | undefined> };
  const items: Item[] = [];
  const editor = vscode.window.activeTextEditor;
  if (editor && editor.document.languageId === 'markdown') {
    items.push({ label: '$(file) Current document', description: vscode.workspace.asRelativePath(editor.document.uri), pick: async () => ({ source: { type: 'document', uri: editor.document.uri.toString() } }) });
  }
  for (const f of vscode.workspace.workspaceFolders ?? []) {
    if (f.uri.scheme !== 'file') continue;
    items.push({ label: `$(folder) Solution documents in ${f.name}`, description: 'by mathcritic.solutionGlobs', pick: async () => ({ source: { type: 'folder', path: f.uri.fsPath }, near: f.uri.fsPath }) });
  }
  items.push({
    label: '$(folder-opened) A folder of solution documents…',
    pick: async () => {
      const [dir] = (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Export from this folder' })) ?? [];
      return dir ? { source: { type: 'folder', path: dir.fsPath }, near: dir.fsPath } : undefined;
    },
  });
  items.push({
    label: '$(json) A dataset of solutions…',
    description: 'JSON Lines, JSON array or Parquet: ProcessBench, PRM800K, MR-GSM8K, MR-Ben, MathCritique, TRL, …',
    pick: async () => {
      const [file] = (await vscode.window.showOpenDialog({ canSelectFiles: true, filters: { Datasets: ['jsonl', 'json', 'parquet'] }, openLabel: 'Export from this dataset' })) ?? [];
      return file ? { source: { type: 'dataset', path: file.fsPath }, near: vscode.Uri.joinPath(file, '..').fsPath } : undefined;
    },
  });
  const item = await vscode.window.showQuickPick(items, { title: 'Export Training Data (2/3): from where?' });
  return item?.pick();
}

async function run(client: LanguageClient, params: ExportTrainingDataParams, label: string, output: vscode.LogOutputChannel): Promise<void> {
  let result: ExportTrainingDataResult | null;
  try {
    result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `MathCritic: exporting ${label.toLowerCase()}`, cancellable: true }, async (progress, cancel) => {
      // The server reports on our token; Cancel cancels the request, and the server stops there.
      const workDoneToken = randomUUID();
      let shown = 0;
      const listener = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
        if (value.kind === 'end') return;
        const { message, percentage } = value as WorkDoneProgressBegin | WorkDoneProgressReport;
        const increment = percentage !== undefined ? Math.max(0, percentage - shown) : undefined;
        if (percentage !== undefined) shown = Math.max(shown, percentage);
        progress.report({ message, increment });
      });
      try {
        return await executeServerCommand(client, EXPORT_TRAINING_DATA_COMMAND, [params], { token: cancel, workDoneToken });
      } finally {
        listener.dispose();
      }
    });
  } catch (err) {
    if (err instanceof vscode.CancellationError) {
      void vscode.window.showInformationMessage('MathCritic: export cancelled. The lines already written are kept; run it again to resume.');
      return;
    }
    void vscode.window.showErrorMessage(errorText(err));
    return;
  }
  if (!result) return;
  for (const p of result.problems) output.warn(`Export: ${p}`);
  const counts = [`${result.written} written`];
  if (result.skipped) counts.push(`${result.skipped} already in the file`);
  if (result.rejected) counts.push(`${result.rejected} ${params.kind === 'self-talk' ? 'not verified' : params.kind === 'refinement' ? 'accepted by the critic' : 'not written'}`);
  if (result.failed) counts.push(`${result.failed} failed (see the MathCritic output)`);
  if (result.problems.length) counts.push(`${result.problems.length} unreadable inputs`);
  const where = vscode.workspace.asRelativePath(result.file);
  const open = 'Open File';
  const show = result.stopped || result.failed ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const head = result.cancelled ? 'export cancelled' : result.stopped ? 'export stopped' : 'export done';
  const tail = result.cancelled ? ' Run it again to resume.' : result.stopped ? ` ${result.stopped}` : '';
  const choice = await show(noticeText(`MathCritic: ${head}, ${where}: ${counts.join(', ')}.${tail}`), open);
  if (choice === open) await vscode.window.showTextDocument(vscode.Uri.file(result.file));
}
