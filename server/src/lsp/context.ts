import type { Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Solution } from '../engine/solution';
import type { DocumentChecks } from './document-checks';
import type { ModelCritic } from './model-critic';
import type { CuratorService } from './curator';
import type { Settings } from './settings';
import type { PullDiagnostics } from './pull-diagnostics';

/** An open document's newest text and its parse (when it is a solution). */
export interface CurrentDocument {
  doc: TextDocument;
  solution?: Solution;
}

/**
 * The one host the server builds at start. Every service (model critic, curator, exports,
 * refine, solve) takes the slice of it that it needs, so what they share (the settings, the
 * trust, the API key read once from the environment) has one source.
 */
export interface ServerContext {
  readonly connection: Connection;
  settings(): Settings;
  /** The settings of one document (its workspace folder's, when the client answers per scope). */
  settingsFor(uri: string): Settings;
  /** False in an untrusted workspace: nothing is sent to a model endpoint. */
  readonly trusted: boolean;
  /** Where the critique cache may live (the client's global storage). */
  readonly storagePath: string | undefined;
  /** From the client's SecretStorage through the environment: never from settings. */
  readonly apiKey: string | undefined;
  /** An open document, or undefined. */
  document(uri: string): TextDocument | undefined;
  /** An open document with its parse (the last check's when it is of this version). */
  current(uri: string): CurrentDocument | undefined;
  /** Publishes a document's diagnostics again (checker + model). */
  republish(uri: string): void;
  log(message: string, level?: 'info' | 'warn' | 'error'): void;
}

/** What a server command runs with: the context and the services main.ts built on it. */
export interface CommandContext extends ServerContext {
  readonly checks: DocumentChecks;
  readonly critic: ModelCritic;
  readonly curator: CuratorService;
  readonly diagnostics: PullDiagnostics;
}
