/**
 * "MathCritic: Show Evaluation Report": a predictions file's table and plot in a webview. The
 * server renders the whole page (engine/report); this only picks the file and shows the page,
 * with scripts off and no local resources: the page's own CSP allows no script and nothing
 * remote, and the plot is a data: image.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { EVALUATION_REPORT_COMMAND } from '../../protocol/server';
import { executeServerCommand } from './server-commands';

export async function showEvaluationReport(getClient: () => LanguageClient | undefined, resource?: vscode.Uri): Promise<void> {
  const client = getClient();
  if (!client) {
    void vscode.window.showErrorMessage('MathCritic: the language server is not running.');
    return;
  }
  const file = resource?.scheme === 'file' ? resource : await pickFile();
  if (!file) return;
  let report;
  try {
    report = await executeServerCommand(client, EVALUATION_REPORT_COMMAND, [file.fsPath]);
  } catch (e) {
    void vscode.window.showErrorMessage(e instanceof Error ? e.message : String(e));
    return;
  }
  if (!report) return;
  const panel = vscode.window.createWebviewPanel('mathcritic.evaluationReport', report.title, vscode.ViewColumn.Active, { enableScripts: false, localResourceRoots: [], enableFindWidget: true });
  panel.webview.html = report.html;
}

async function pickFile(): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file' && active.fsPath.endsWith('.jsonl')) return active;
  const picked = await vscode.window.showOpenDialog({
    title: 'Show Evaluation Report: a predictions file (mathcritic eval or scale --predictions)',
    filters: { 'JSON Lines': ['jsonl'] },
    canSelectMany: false,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  return picked?.[0];
}
