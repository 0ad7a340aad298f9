import { AnnotatedTextEdit, CodeActionKind, TextDocumentEdit, TextEdit, type CodeAction, type CodeActionParams, type Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { bestOfKRefinements, refineFromStep, refinementEdit, refineUntilAccepted } from '../engine/actor';
import { CritiqueCache, critiqueForActor } from '../engine/critic';
import type { ChatEndpoint } from '../engine/model';
import { actorEndpoint, criticEndpoint } from './endpoints';
import type { Solution } from '../engine/solution';
import { MODEL_SOURCE, type ModelCritic, type ModelDiagnosticData } from './model-critic';
import { REFINE_FROM_STEP_COMMAND, type RefineMode, type RefineResult } from '../../../protocol/server';
import { criticProfileOf, type Settings } from './settings';

/** "Refine from step k" on each critic diagnostic: a command, since the edit needs the actor first. */
export function refineCodeActions(params: CodeActionParams, doc: TextDocument): CodeAction[] {
  return params.context.diagnostics
    .filter((d) => d.source === MODEL_SOURCE && typeof (d.data as ModelDiagnosticData | undefined)?.stepIndex === 'number')
    .flatMap((d) => {
      const k = (d.data as ModelDiagnosticData).stepIndex;
      const action = (title: string, mode: RefineMode, isPreferred = false): CodeAction => ({
        title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred,
        command: { title, command: REFINE_FROM_STEP_COMMAND, arguments: [doc.uri, doc.version, k, mode] },
      });
      return [
        action(`Refine from step ${k + 1}`, 'once', true),
        action(`Refine from step ${k + 1} (best of K)`, 'best-of-k'),
        action('Refine until the critic accepts', 'until-accepted'),
      ];
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

/**
 * Runs the quick fix: the actor rewrites from step k with the critique, and the edit replaces
 * exactly steps k… as one versioned change, so it is one undo step and is refused if the
 * document changed while the actor was writing.
 */
export async function refineCommand(host: RefineHost, uri: string, version: number, k: number, mode: RefineMode = 'once'): Promise<RefineResult> {
  const cur = host.current(uri);
  if (!cur?.solution) throw new Error('MathCritic: the document is not open or is not a solution.');
  if (cur.doc.version !== version) throw new Error('MathCritic: the document changed since this quick fix was offered; run it again.');
  const critique = host.critic.latest(uri);
  if (!critique || critique.firstWrongStep !== k) throw new Error(`MathCritic: there is no critique of step ${k + 1} any more; critique the document again.`);
  const settings = host.settings();
  const endpoint = actorEndpoint(settings, host.apiKey);
  if (!endpoint.config.baseUrl || !endpoint.config.model) throw new Error('MathCritic: no actor model is configured (mathcritic.actor.* or mathcritic.critic.*).');
  const solution = cur.solution;
  const input = { problem: solution.problem, steps: solution.steps.map((s) => s.text) };
  // Work-done progress with a Cancel button: cancelling aborts the requests in flight.
  const controller = new AbortController();
  const progress = await host.connection.window.createWorkDoneProgress().catch(() => undefined);
  progress?.begin(mode === 'until-accepted' ? 'MathCritic: refining until the critic accepts' : `MathCritic: refining from step ${k + 1}`, undefined, 'the actor is writing…', true);
  progress?.token.onCancellationRequested(() => controller.abort());
  try {
    return await runRefinement(host, { uri, version, k, mode, solution, input, critique, settings, endpoint, controller, report: (m) => progress?.report(m) });
  } finally {
    progress?.done();
  }
}

interface RefinementRun {
  uri: string;
  version: number;
  k: number;
  mode: RefineMode;
  solution: Solution;
  input: { problem: string; steps: string[] };
  critique: NonNullable<ReturnType<ModelCritic['latest']>>;
  settings: Settings;
  endpoint: ChatEndpoint;
  controller: AbortController;
  report: (message: string) => void;
}

async function runRefinement(host: RefineHost, run: RefinementRun): Promise<RefineResult> {
  const { uri, version, k, mode, solution, input, critique, settings, endpoint, controller } = run;
  const actor = { endpoint, temperature: settings.actor.temperature, maxTokens: settings.actor.maxTokens, profile: settings.actor.profile, signal: controller.signal };
  const critic = {
    endpoint: criticEndpoint(settings, host.apiKey),
    temperature: settings.critic.temperature,
    maxTokens: settings.critic.maxTokens,
    samples: settings.critic.samples,
    ...criticProfileOf(settings),
    cache: refineCache,
    signal: controller.signal,
  };

  // The new steps from `from` to the end, whichever way they were reached.
  let from: number;
  let steps: string[];
  let message: string | undefined;
  if (mode === 'once') {
    const refinement = await refineFromStep(input, k, critiqueForActor(critique), actor);
    if (!refinement) throw new Error("MathCritic: the actor's answer could not be read as steps; nothing was changed.");
    from = refinement.fromStep;
    steps = refinement.steps;
  } else if (mode === 'best-of-k') {
    const best = await bestOfKRefinements(input, k, critiqueForActor(critique), settings.actor.samples, actor, critic);
    if (!best.chosen) throw new Error(`MathCritic: the critic accepted none of the ${best.candidates.length} refinements; nothing was changed.`);
    from = best.chosen.refinement.fromStep;
    steps = best.chosen.refinement.steps;
    message = `answer ${best.chosen.answer ?? '?'} chosen by ${best.votes} of ${best.candidates.filter((c) => c.accepted).length} accepted refinements (${best.candidates.length} written: ${best.candidates.map((c) => `${c.answer ?? '?'} ${c.accepted ? '✓' : '✗'}`).join(', ')})`;
    host.log(`Best of ${best.candidates.length} for ${uri}:\n${best.candidates.map((c, i) => `--- candidate ${i + 1} (${c.accepted ? 'accepted' : `critic: step ${c.critique.firstWrongStep + 1} wrong`}, answer ${c.answer ?? '?'})${c === best.chosen ? ' [chosen]' : ''}\n${c.refinement.steps.join('\n')}`).join('\n')}`);
  } else {
    const rounds = await refineUntilAccepted(input, settings.actor.maxRounds, actor, critic, (round, i) =>
      run.report(round.critique.firstWrongStep < 0 ? `round ${i + 1}: the critic accepts` : `round ${i + 1}: step ${round.critique.firstWrongStep + 1} is wrong, refining…`),
    critique);
    from = rounds.steps.findIndex((s, i) => s !== input.steps[i]);
    if (from < 0) from = Math.min(rounds.steps.length, input.steps.length);
    if (from >= input.steps.length && rounds.steps.length === input.steps.length) throw new Error('MathCritic: no refinement was made; nothing was changed.');
    from = Math.min(from, input.steps.length - 1);
    steps = rounds.steps.slice(from);
    message = `${rounds.rounds.length - 1} refinement round${rounds.rounds.length === 2 ? '' : 's'}, ${rounds.accepted ? 'the critic accepts the result' : 'the critic still finds an error'}`;
    host.critic.rememberRounds(uri, rounds.rounds);
  }
  const now = host.current(uri);
  if (!now || now.doc.version !== version) throw new Error('MathCritic: the document changed while the actor was writing; nothing was applied. Run the quick fix again.');
  const { start, end, newText } = refinementEdit(solution, from, steps);
  const range = { start: now.doc.positionAt(start), end: now.doc.positionAt(end) };
  // With preview on, the edit carries an annotation that needs confirmation: VS Code shows it
  // in the refactor preview and applies it only when the user accepts.
  // Best of K always opens in the preview: the choice among candidates is the user's to confirm.
  const preview = settings.actor.preview || mode === 'best-of-k';
  const annotationId = 'mathcritic-refine';
  const result = await host.connection.workspace.applyEdit({
    label: `Refine from step ${from + 1}`,
    edit: {
      documentChanges: [
        TextDocumentEdit.create({ uri, version }, [preview ? AnnotatedTextEdit.replace(range, newText, annotationId) : TextEdit.replace(range, newText)]),
      ],
      ...(preview ? { changeAnnotations: { [annotationId]: { label: `Refine from step ${from + 1}`, needsConfirmation: true, description: message ?? `rewritten by ${endpoint.config.model}` } } } : {}),
    },
  });
  if (!result.applied) throw new Error(`MathCritic: the refinement was not applied${result.failureReason ? `: ${result.failureReason}` : ''}.`);
  host.log(`Refined ${uri} from step ${from + 1} with ${endpoint.config.model} (${mode}): ${steps.length} new steps${message ? `; ${message}` : ''}.`);
  return { applied: true, fromStep: from, steps: steps.length, message };
}

/** Critiques of refinements, shared by the quick fixes of one server. */
const refineCache = new CritiqueCache();
