/**
 * The server's `workspace/executeCommand` table: one entry per command, and the capabilities
 * list is built from its keys, so a command is added here and nowhere else in the server.
 * Arguments arrive as JSON from any client: each command checks what it reads.
 */
import type { CancellationToken, WorkDoneProgressReporter } from 'vscode-languageserver';
import type { CommandContext } from './context';
import { exportCritique } from './export-critique';
import { exportTrainingData } from './exports';
import { refineCommand } from './refine';
import { solveCommand } from './solve';
import { evaluationReportCommand } from './evaluation-report';
import { checkAllCommand } from './check-all';
import {
  CHECK_ALL_COMMAND,
  CHECK_DOCUMENT_COMMAND,
  CRITIQUE_DOCUMENT_COMMAND,
  CURATOR_LABEL_COMMAND,
  EXPORT_CRITIQUE_COMMAND,
  EXPORT_TRAINING_DATA_COMMAND,
  EVALUATION_REPORT_COMMAND,
  REFINE_FROM_STEP_COMMAND,
  SOLVE_PROBLEM_COMMAND,
  type CheckSummary,
  type CritiqueSummary,
  type RefineMode,
  type ServerCommands,
} from '../../../protocol/server';

export interface ServerCommand<R = unknown> {
  /** Sends something to a model endpoint: refused in an untrusted workspace. */
  needsTrust: boolean;
  /** `args` is what the client sent (JSON, unchecked); the result is the protocol's. */
  run(ctx: CommandContext, args: unknown[], token: CancellationToken, progress: WorkDoneProgressReporter): R | Promise<R>;
}

export const UNTRUSTED_MESSAGE = 'MathCritic: this workspace is not trusted, so nothing is sent to a model endpoint. Trust the workspace to use the model critic.';

/** Exactly the protocol's commands (protocol/server.ts ServerCommands): one missing or extra does not compile. */
export const SERVER_COMMANDS: { [C in keyof ServerCommands]: ServerCommand<ServerCommands[C]['result']> } = {
  [CHECK_DOCUMENT_COMMAND]: { needsTrust: false, run: (ctx, args) => checkDocument(ctx, args) },
  [CRITIQUE_DOCUMENT_COMMAND]: { needsTrust: true, run: (ctx, args) => critiqueDocument(ctx, args) },
  [REFINE_FROM_STEP_COMMAND]: {
    needsTrust: true,
    run: (ctx, args) => {
      const [uri, version, step, mode] = args as [string, number, number, RefineMode | undefined];
      return refineCommand(ctx, uri, version, step, mode);
    },
  },
  [SOLVE_PROBLEM_COMMAND]: { needsTrust: true, run: (ctx, args) => solveCommand(ctx, typeof args[0] === 'string' ? args[0] : '') },
  [EXPORT_CRITIQUE_COMMAND]: { needsTrust: false, run: (ctx, args) => exportCritique(ctx, args) },
  [CURATOR_LABEL_COMMAND]: {
    needsTrust: false,
    run: (ctx, args) => {
      const result = ctx.curator.labelFromDiagnostic(args);
      ctx.republish(String(args[0])); // a verdict called "not an error" goes away at once
      return result;
    },
  },
  [EXPORT_TRAINING_DATA_COMMAND]: { needsTrust: true, run: (ctx, args, token, progress) => exportTrainingData(ctx, args[0], token, progress) },
  // Reads a local file and renders it; nothing is sent anywhere, so trust is not needed.
  [EVALUATION_REPORT_COMMAND]: { needsTrust: false, run: (_ctx, args) => evaluationReportCommand(args[0]) },
  // The embedded checker only: nothing is sent anywhere.
  [CHECK_ALL_COMMAND]: { needsTrust: false, run: (ctx, _args, token, progress) => checkAllCommand(ctx, token, progress) },
};

/** Runs `command`; throws (a failed request) for an unknown command or an untrusted workspace. */
export async function runServerCommand(ctx: CommandContext, command: string, args: unknown[] | undefined, token: CancellationToken, progress: WorkDoneProgressReporter): Promise<unknown> {
  const entry: ServerCommand | undefined = Object.hasOwn(SERVER_COMMANDS, command) ? SERVER_COMMANDS[command as keyof ServerCommands] : undefined;
  if (!entry) return null;
  if (entry.needsTrust && !ctx.trusted) throw new Error(UNTRUSTED_MESSAGE);
  return (await entry.run(ctx, args ?? [], token, progress)) ?? null;
}

function openDocument(ctx: CommandContext, args: unknown[]) {
  const uri = typeof args[0] === 'string' ? args[0] : undefined;
  const doc = uri ? ctx.document(uri) : undefined;
  if (!uri || !doc) throw new Error(`MathCritic: ${uri ?? 'no document'} is not open in the editor.`);
  return { uri, doc };
}

async function checkDocument(ctx: CommandContext, args: unknown[]): Promise<CheckSummary> {
  const { uri, doc } = openDocument(ctx, args);
  const check = await ctx.checks.runNow(doc);
  const findings = check.result?.findings ?? [];
  return { uri, isSolution: check.isSolution, problems: findings.length, errors: findings.filter((f) => f.severity === 'error').length };
}

async function critiqueDocument(ctx: CommandContext, args: unknown[]): Promise<CritiqueSummary> {
  const { uri, doc } = openDocument(ctx, args);
  if (!ctx.critic.enabled) throw new Error('MathCritic: no critique model is configured. Set mathcritic.critic.baseUrl and mathcritic.critic.model (see the README, "Serve a critique model").');
  const check = await ctx.checks.runNow(doc);
  if (check.skipped) throw new Error(`MathCritic: ${check.skipped}`);
  if (!check.isSolution) throw new Error('MathCritic: this document is not a solution document.');
  const result = await ctx.critic.critique(uri);
  const status = ctx.critic.status(uri);
  if (!result) return { uri, ok: false, message: status.message ?? 'the critique was cancelled' };
  return { uri, ok: result.readable > 0, firstWrongStep: result.firstWrongStep, votes: result.votes, readable: result.readable, samples: result.samples, message: status.message };
}
