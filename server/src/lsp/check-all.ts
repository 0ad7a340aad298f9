import type { CancellationToken, WorkDoneProgressReporter } from 'vscode-languageserver';
import type { CheckAllResult } from '../../../protocol/server';
import type { CommandContext } from './context';

/** "Check All Solution Documents", with progress on the request's token (or none). */
export async function checkAllCommand(ctx: Pick<CommandContext, 'diagnostics'>, token: CancellationToken, progress: WorkDoneProgressReporter): Promise<CheckAllResult> {
  progress.begin('MathCritic: checking the solution documents', 0, undefined, true);
  try {
    return await ctx.diagnostics.checkAll(token, (done, total) => progress.report(total ? Math.round((100 * done) / total) : 0, `${done} / ${total}`));
  } finally {
    progress.done();
  }
}
