import { CodeActionKind, TextDocumentEdit, TextEdit, type CodeAction, type CodeActionParams, type Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { refineFromStep, refinementEdit } from '../engine/actor';
import { ChatEndpoint } from '../engine/model';
import type { Solution } from '../engine/solution';
import { MODEL_SOURCE, type ModelCritic, type ModelDiagnosticData } from './model-critic';
import { REFINE_FROM_STEP_COMMAND } from './protocol';
import type { Settings } from './settings';

/** "Refine from step k" on each critic diagnostic: a command, since the edit needs the actor first. */
export function refineCodeActions(params: CodeActionParams, doc: TextDocument): CodeAction[] {
  return params.context.diagnostics
    .filter((d) => d.source === MODEL_SOURCE && typeof (d.data as ModelDiagnosticData | undefined)?.stepIndex === 'number')
    .map((d) => {
      const k = (d.data as ModelDiagnosticData).stepIndex;
      const title = `Refine from step ${k + 1}`;
      return { title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, command: { title, command: REFINE_FROM_STEP_COMMAND, arguments: [doc.uri, doc.version, k] } };
    });
}

export interface RefineHost {
  connection: Connection;
  settings(): Settings;
  apiKey?: string;
  critic: ModelCritic;
  current(uri: string): { doc: TextDocument; solution?: Solution } | undefined;
  log(message: string): void;
}

let actorEndpoint: { key: string; endpoint: ChatEndpoint } | undefined;

/** The actor's endpoint: its own settings, each empty field falling back to the critic's. */
function actorFor(settings: Settings, apiKey?: string): ChatEndpoint {
  const baseUrl = settings.actor.baseUrl || settings.critic.baseUrl;
  const model = settings.actor.model || settings.critic.model;
  const key = JSON.stringify([baseUrl, model, settings.critic.timeoutMs]);
  if (actorEndpoint?.key !== key) actorEndpoint = { key, endpoint: new ChatEndpoint({ baseUrl, model, apiKey, timeoutMs: settings.critic.timeoutMs, concurrency: settings.critic.concurrency }) };
  return actorEndpoint.endpoint;
}

/**
 * Runs the quick fix: the actor rewrites from step k with the critique, and the edit replaces
 * exactly steps k… as one versioned change, so it is one undo step and is refused if the
 * document changed while the actor was writing.
 */
export async function refineCommand(host: RefineHost, uri: string, version: number, k: number): Promise<{ applied: boolean; fromStep: number; steps: number }> {
  const cur = host.current(uri);
  if (!cur?.solution) throw new Error('MathCritic: the document is not open or is not a solution.');
  if (cur.doc.version !== version) throw new Error('MathCritic: the document changed since this quick fix was offered; run it again.');
  const critique = host.critic.latest(uri);
  if (!critique || critique.firstWrongStep !== k) throw new Error(`MathCritic: there is no critique of step ${k + 1} any more; critique the document again.`);
  const settings = host.settings();
  const endpoint = actorFor(settings, host.apiKey);
  if (!endpoint.config.baseUrl || !endpoint.config.model) throw new Error('MathCritic: no actor model is configured (mathcritic.actor.* or mathcritic.critic.*).');
  const solution = cur.solution;
  const refinement = await refineFromStep(
    { problem: solution.problem, steps: solution.steps.map((s) => s.text) },
    k,
    critique.feedback,
    { endpoint, temperature: settings.actor.temperature, maxTokens: settings.actor.maxTokens },
  );
  if (!refinement) throw new Error("MathCritic: the actor's answer could not be read as steps; nothing was changed.");
  const now = host.current(uri);
  if (!now || now.doc.version !== version) throw new Error('MathCritic: the document changed while the actor was writing; nothing was applied. Run the quick fix again.');
  const { start, end, newText } = refinementEdit(solution, refinement);
  const range = { start: now.doc.positionAt(start), end: now.doc.positionAt(end) };
  const result = await host.connection.workspace.applyEdit({
    label: `Refine from step ${k + 1}`,
    edit: { documentChanges: [TextDocumentEdit.create({ uri, version }, [TextEdit.replace(range, newText)])] },
  });
  if (!result.applied) throw new Error(`MathCritic: the refinement was not applied${result.failureReason ? `: ${result.failureReason}` : ''}.`);
  host.log(`Refined ${uri} from step ${k + 1} with ${endpoint.config.model}: ${refinement.steps.length} new steps.`);
  return { applied: true, fromStep: k, steps: refinement.steps.length };
}
