import * as vscode from 'vscode';
import type { StatusParams } from '../../protocol/server';
import { redactSecrets } from '../../server/src/engine/text/redact';

/**
 * One status bar item for the active editor: checking / n problems / error, like ESLint's
 * and LTeX's. It hides itself on documents that are not solutions.
 */
export class CheckerStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('mathcritic.status', vscode.StatusBarAlignment.Right, 100);
  private readonly byUri = new Map<string, StatusParams>();
  private serverError: string | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    this.item.name = 'MathCritic';
    this.item.command = 'workbench.actions.view.problems';
    this.subscriptions.push(vscode.window.onDidChangeActiveTextEditor(() => this.render()));
    this.render();
  }

  update(status: StatusParams): void {
    this.byUri.set(status.uri, status);
    this.render();
  }

  setServerError(message: string | undefined): void {
    this.serverError = message;
    this.render();
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
    this.render();
  }

  private render(): void {
    if (this.serverError) {
      this.item.text = '$(error) MathCritic';
      this.item.tooltip = `MathCritic: ${this.serverError} (see the MathCritic output channel)`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      this.item.show();
      return;
    }
    this.item.backgroundColor = undefined;
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    const status = uri ? this.byUri.get(uri) : undefined;
    if (!status || status.state === 'not-a-solution') {
      this.item.hide();
      return;
    }
    if (status.state === 'checking') {
      this.item.text = '$(sync~spin) MathCritic';
      this.item.tooltip = 'MathCritic: checking…';
    } else if (status.state === 'too-large') {
      this.item.text = '$(circle-slash) MathCritic: not checked';
      this.item.tooltip = `MathCritic: ${status.message ?? 'this document is too large to check'}`;
    } else if (status.state === 'error') {
      this.item.text = '$(warning) MathCritic';
      this.item.tooltip = `MathCritic: ${status.message ?? 'the check failed'}`;
    } else if (status.problems === 0) {
      this.item.text = '$(check) MathCritic';
      this.item.tooltip = 'MathCritic: no problems found';
    } else {
      this.item.text = `$(${status.errors > 0 ? 'error' : 'warning'}) ${status.problems}`;
      this.item.tooltip = `MathCritic: ${status.problems} problem${status.problems === 1 ? '' : 's'} (${status.errors} error${status.errors === 1 ? '' : 's'})${status.message ? ` — ${status.message}` : ''}`;
    }
    if (typeof this.item.tooltip === 'string') this.item.tooltip = redactSecrets(this.item.tooltip);
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
    this.subscriptions.forEach((s) => s.dispose());
  }
}
