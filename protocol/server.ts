/**
 * The language server's protocol: its commands (workspace/executeCommand) with their
 * arguments and results, what the client sends at start, and the status notification.
 * Neutral ground: the server and the VS Code client both import it, and any other LSP client
 * can read it as the reference. Constants and types only (no LSP library), so any bundle can.
 */
import type { CurationState, StepRating } from '../server/src/engine/curate/types';

export const SERVER_NAME = 'mathcritic';

/** workspace/executeCommand: re-check a document now; args: [uri]; returns CheckSummary. */
export const CHECK_DOCUMENT_COMMAND = 'mathcritic.server.checkDocument';

/** workspace/executeCommand: ask the model critic for a critique now; args: [uri]. */
export const CRITIQUE_DOCUMENT_COMMAND = 'mathcritic.server.critiqueDocument';

/** workspace/executeCommand: the actor rewrites from a step; args: [uri, version, stepIndex, RefineMode?]. */
export const REFINE_FROM_STEP_COMMAND = 'mathcritic.server.refineFromStep';

/** workspace/executeCommand: write a solution for a problem with none; args: [uri]. */
export const SOLVE_PROBLEM_COMMAND = 'mathcritic.server.solveProblem';

/** workspace/executeCommand: append the document's critique as a training record; args: [uri, file]. */
export const EXPORT_CRITIQUE_COMMAND = 'mathcritic.server.exportCritique';

/**
 * workspace/executeCommand: export training records from many solutions; args: [ExportTrainingDataParams].
 * Appends whole lines to `file` and skips ids already there (a rerun resumes). Reports
 * work-done progress on the request's `workDoneToken` if given, else on a server-created one
 * with Cancel; cancelling keeps what is written. Returns ExportTrainingDataResult.
 */
export const EXPORT_TRAINING_DATA_COMMAND = 'mathcritic.server.exportTrainingData';

export type ExportKind = 'critique' | 'refinement' | 'self-talk';

export type ExportSource =
  /** An open document (its current text) or a file on disk. */
  | { type: 'document'; uri: string }
  /** The solution documents below a folder (by `mathcritic.solutionGlobs` or the Problem/Solution structure). */
  | { type: 'folder'; path: string }
  /** A JSONL dataset of `{id, problem, steps[], answer}` records. */
  | { type: 'dataset'; path: string };

export interface ExportTrainingDataParams {
  kind: ExportKind;
  source: ExportSource;
  /** The .jsonl file to append to. */
  file: string;
}

export interface ExportTrainingDataResult {
  file: string;
  kind: ExportKind;
  total: number;
  written: number;
  /** Already in the file from an earlier run. */
  skipped: number;
  /** Ran but nothing to write on purpose (self-talk that did not verify; nothing to refine). */
  rejected: number;
  failed: number;
  cancelled: boolean;
  /** Why the run stopped early (an endpoint that is down), if it did. */
  stopped?: string;
  /** Inputs that could not be read, one line each. */
  problems: string[];
}

/** workspace/executeCommand: label a model-critic diagnostic into .mathcritic/labels.journal; args: [uri, version, critiqueId, stepIndex, 'reject-critique' | StepRating]. */
export const CURATOR_LABEL_COMMAND = 'mathcritic.server.curatorLabel';

/**
 * workspace/executeCommand: the table and plot of a predictions file (`mathcritic eval …
 * --predictions` or `mathcritic scale … --predictions`); args: [path]. Returns
 * EvaluationReportResult: a whole page, under a CSP with no script and nothing remote, for a
 * webview (or a browser) to show as it is.
 */
export const EVALUATION_REPORT_COMMAND = 'mathcritic.server.evaluationReport';

export interface EvaluationReportResult {
  kind: 'eval' | 'scale';
  title: string;
  html: string;
}

/** How "Refine from step k" reaches its steps. */
export type RefineMode = 'once' | 'best-of-k' | 'until-accepted';

/** What REFINE_FROM_STEP_COMMAND returns. */
export interface RefineResult {
  applied: boolean;
  fromStep: number;
  steps: number;
  message?: string;
}

/** What SOLVE_PROBLEM_COMMAND returns. */
export interface SolveResult {
  applied: boolean;
  answer?: string;
  votes: number;
  samples: number;
}

/** What EXPORT_CRITIQUE_COMMAND returns. */
export interface ExportCritiqueResult {
  uri: string;
  file: string;
  written: number;
}

/** What a quick fix on a critic diagnostic records (CURATOR_LABEL_COMMAND's last argument). */
export type DiagnosticLabel = 'reject-critique' | StepRating;

/** What CURATOR_LABEL_COMMAND returns. */
export interface DiagnosticLabelResult {
  journalPath: string;
  key: string;
  curation: CurationState;
}

/**
 * workspace/executeCommand: the embedded checker on every solution document of the workspace
 * folders, closed ones included (never the model critic); args: []. A client that asks for
 * workspace diagnostics gets the findings there, any other has them pushed. Returns CheckAllResult.
 */
export const CHECK_ALL_COMMAND = 'mathcritic.server.checkAll';

export interface CheckAllResult {
  folders: number;
  /** Solution documents checked, open and closed. */
  documents: number;
  problems: number;
  errors: number;
  cancelled: boolean;
}

/** What the client tells the server at start (initializationOptions). Never carries secrets. */
export interface InitializationOptions {
  /** False in an untrusted workspace: the embedded checker only, nothing sent to an endpoint. */
  trusted: boolean;
  /** Where the server may keep its critique cache (the extension's global storage). */
  storagePath?: string;
  settings?: unknown;
}

export interface CheckSummary {
  uri: string;
  isSolution: boolean;
  problems: number;
  errors: number;
}

/** What CRITIQUE_DOCUMENT_COMMAND returns. */
export interface CritiqueSummary {
  uri: string;
  ok: boolean;
  /** 0-based; -1 when the critic accepts the solution. */
  firstWrongStep?: number;
  votes?: number;
  readable?: number;
  samples?: number;
  message?: string;
}

/** Server → client notification: what the status bar shows for a document. */
export const STATUS_NOTIFICATION = 'mathcritic/status';

export interface StatusParams {
  uri: string;
  /** `too-large`: above `mathcritic.check.maxDocumentLength`, not checked (`message` says so). */
  state: 'checking' | 'done' | 'error' | 'not-a-solution' | 'too-large';
  problems: number;
  errors: number;
  /** A short line for the status bar tooltip, e.g. why the model endpoint is down. */
  message?: string;
}

/**
 * Every server command: its arguments and result. The server's table (lsp/commands.ts) must
 * have exactly these keys, and the client's `executeServerCommand` types its calls from it.
 */
export interface ServerCommands {
  [CHECK_DOCUMENT_COMMAND]: { args: [uri: string]; result: CheckSummary };
  [CRITIQUE_DOCUMENT_COMMAND]: { args: [uri: string]; result: CritiqueSummary };
  [REFINE_FROM_STEP_COMMAND]: { args: [uri: string, version: number, stepIndex: number, mode?: RefineMode]; result: RefineResult };
  [SOLVE_PROBLEM_COMMAND]: { args: [uri: string]; result: SolveResult };
  [EXPORT_CRITIQUE_COMMAND]: { args: [uri: string, file: string]; result: ExportCritiqueResult };
  [CURATOR_LABEL_COMMAND]: { args: [uri: string, version: number, critiqueId: string, stepIndex: number, label: DiagnosticLabel]; result: DiagnosticLabelResult };
  [EXPORT_TRAINING_DATA_COMMAND]: { args: [ExportTrainingDataParams]; result: ExportTrainingDataResult };
  [EVALUATION_REPORT_COMMAND]: { args: [path: string]; result: EvaluationReportResult };
  [CHECK_ALL_COMMAND]: { args: []; result: CheckAllResult };
}
export type ServerCommandId = keyof ServerCommands;
