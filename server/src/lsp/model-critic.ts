import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../engine/check';
import { CritiqueCache, critiqueKeyParts, critiqueSolution, firstSentence, severityForAgreement, type CritiqueResult } from '../engine/critic';
import { EndpointError, type ChatEndpoint } from '../engine/model';
import { criticEndpoint } from './endpoints';
import type { Solution } from '../engine/solution';
import type { Round } from '../engine/actor';
import { rangeOf } from './diagnostics';
import type { Settings } from './settings';
import { markdownText } from './markdown-text';

export const MODEL_SOURCE = 'mathcritic-model';
export const MODEL_CODE = 'critic-first-wrong-step';

/** What a quick fix needs to find the critique again. */
export interface ModelDiagnosticData {
  stepIndex: number;
  critiqueId: string;
  /** The critic profile that gave the verdict (`json`, `mathcritique`, `processbench`, `prm`). */
  profile: string;
  /** True when the critic called only the final answer wrong (every judged step right). */
  onFinalAnswer?: boolean;
}

export interface CriticStatus {
  state: 'off' | 'idle' | 'critiquing' | 'done' | 'error';
  message?: string;
}

interface DocState {
  controller?: AbortController;
  idleTimer?: NodeJS.Timeout;
  /** The last critique and the step texts it judged. */
  result?: { critique: CritiqueResult; steps: string[] };
  status: CriticStatus;
}

export interface ModelCriticHost {
  settings(): Settings;
  trusted: boolean;
  storagePath?: string;
  apiKey?: string;
  /** The newest text of a document (the critique of an old version is never published). */
  current(uri: string): { doc: TextDocument; solution?: Solution } | undefined;
  /** Re-publish a document's diagnostics (checker + model). */
  republish(uri: string): void;
  log(message: string, level?: 'info' | 'warn' | 'error'): void;
}

/**
 * The model critic in the server: when to ask (on save by default, on idle, or on command),
 * cancelling what an edit made stale, caching by content, and turning the aggregated critique
 * into one diagnostic on the first wrong step. Trouble with the endpoint is said once, in the
 * status and the output channel, and the embedded checker's diagnostics stay.
 */
export class ModelCritic {
  private readonly docs = new Map<string, DocState>();
  private cache?: CritiqueCache;
  private lastProblem: string | undefined;

  constructor(private readonly host: ModelCriticHost) {}

  /** Off unless the workspace is trusted and a base URL and model are set. */
  get enabled(): boolean {
    const c = this.host.settings().critic;
    return this.host.trusted && c.baseUrl.trim() !== '' && c.model.trim() !== '';
  }

  status(uri: string): CriticStatus {
    if (!this.enabled) return { state: 'off' };
    return this.state(uri).status;
  }

  opened(uri: string): void {
    // Reopening a document costs no GPU time: a cached critique is shown, nothing is asked.
    if (!this.enabled) return;
    const cur = this.host.current(uri);
    if (!cur?.solution || cur.solution.steps.length === 0) return;
    const hit = this.cacheFor().get(this.keyParts(cur.solution));
    if (hit) {
      this.state(uri).result = { critique: hit, steps: cur.solution.steps.map((s) => s.text) };
      this.state(uri).status = { state: 'done', message: 'critique from cache' };
      this.host.republish(uri);
    }
  }

  changed(uri: string): void {
    const st = this.state(uri);
    // The request in flight judged text that is gone.
    st.controller?.abort();
    st.controller = undefined;
    if (!this.enabled) return;
    if (this.host.settings().critic.trigger === 'onIdle') {
      if (st.idleTimer) clearTimeout(st.idleTimer);
      st.idleTimer = setTimeout(() => void this.critique(uri), this.host.settings().critic.idleMs);
    }
  }

  saved(uri: string): void {
    if (this.enabled && this.host.settings().critic.trigger === 'onSave') void this.critique(uri);
  }

  closed(uri: string): void {
    const st = this.docs.get(uri);
    st?.controller?.abort();
    if (st?.idleTimer) clearTimeout(st.idleTimer);
    this.docs.delete(uri);
  }

  /** Asks for a critique of the document's current text; resolves when it is published. */
  async critique(uri: string): Promise<CritiqueResult | undefined> {
    if (!this.enabled) return undefined;
    const cur = this.host.current(uri);
    if (!cur?.solution || cur.solution.steps.length === 0) return undefined;
    const { doc, solution } = cur;
    const version = doc.version;
    const st = this.state(uri);
    st.controller?.abort();
    const controller = new AbortController();
    st.controller = controller;
    st.status = { state: 'critiquing' };
    this.host.republish(uri);
    const settings = this.host.settings().critic;
    try {
      const { result, cached } = await critiqueSolution(
        { problem: solution.problem, steps: solution.steps.map((s) => s.text) },
        { endpoint: this.endpointFor(), temperature: settings.temperature, maxTokens: settings.maxTokens, samples: settings.samples, profile: settings.profile, prm: settings.prm, cache: this.cacheFor(), signal: controller.signal },
      );
      if (controller.signal.aborted || this.host.current(uri)?.doc.version !== version) return undefined;
      this.problemSolved();
      const why = [...new Set(result.unreadableReasons)].join('; ');
      if (result.unreadable.length > 0) {
        this.host.log(`The critic's answer could not be read (${result.unreadable.length} of ${result.samples}): ${why}. Raw answer:\n${result.unreadable.join('\n---\n')}`, 'warn');
      }
      if (result.readable === 0) {
        st.status = { state: 'error', message: `the critic's answer could not be read: ${why || `the answer did not follow the ${result.profile} format`} (raw text in the output channel)` };
        st.result = undefined;
      } else {
        st.result = { critique: result, steps: solution.steps.map((s) => s.text) };
        st.status = { state: 'done', message: cached ? 'critique from cache' : undefined };
      }
      return result;
    } catch (err) {
      if (controller.signal.aborted || (err instanceof EndpointError && err.kind === 'aborted')) return undefined;
      const message = err instanceof Error ? err.message : String(err);
      st.status = { state: 'error', message };
      this.problem(message);
      return undefined;
    } finally {
      if (st.controller === controller) st.controller = undefined;
      this.host.republish(uri);
    }
  }

  /** The critic's diagnostic for the current text, if its verdict still applies. */
  diagnostics(doc: TextDocument, solution: Solution | undefined, checkerFindings: readonly Finding[]): Diagnostic[] {
    const st = this.docs.get(doc.uri);
    if (!this.enabled || !st?.result || !solution) return [];
    const { critique, steps } = st.result;
    const k = critique.firstWrongStep;
    if (k < 0) return [];
    // The verdict on step k holds while steps 1..k read as they did when it was given.
    const same = solution.steps.length > k && steps.slice(0, k + 1).every((t, i) => solution.steps[i].text === t);
    if (!same) return [];
    const step = solution.steps[k];
    const majority = critique.critiques.find((c) => c.firstWrongStep === k);
    const onFinalAnswer = majority?.onFinalAnswer === true;
    const agreement = critique.samples > 1 ? ` (${critique.votes} of ${critique.readable} critiques)` : '';
    const checker = checkerFindings.find((f) => f.stepIndex === k && f.severity !== 'hint');
    const both = checker ? ' The embedded checker flags this step too.' : '';
    const lead = firstSentence(critique.feedback) || (onFinalAnswer ? 'The final answer is wrong.' : `Step ${k + 1} is wrong.`);
    const severity = severityForAgreement(critique.votes, critique.readable);
    const related: DiagnosticRelatedInformation[] = [];
    if (checker) related.push({ location: { uri: doc.uri, range: rangeOf(doc, checker.span) }, message: `Embedded checker: ${checker.message}` });
    for (const v of critique.critiques[0]?.verdicts ?? []) {
      const s = solution.steps[v.step];
      if (s && v.step !== k && v.comment) related.push({ location: { uri: doc.uri, range: rangeOf(doc, s.span) }, message: `Step ${v.step + 1} ${v.correct ? '✓' : '✗'} ${v.comment}` });
    }
    const data: ModelDiagnosticData = { stepIndex: k, critiqueId: critique.id, profile: critique.profile, ...(onFinalAnswer ? { onFinalAnswer } : {}) };
    // A verdict on the answer alone goes on the answer where the text states one.
    const answerSpan = onFinalAnswer && solution.finalAnswer ? solution.finalAnswer.span : undefined;
    return [
      {
        range: rangeOf(doc, answerSpan ?? step.span),
        severity: severity === 'error' ? DiagnosticSeverity.Error : severity === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
        source: MODEL_SOURCE,
        code: MODEL_CODE,
        message: `${onFinalAnswer ? 'Final answer' : `Step ${k + 1}`}: ${lead}${agreement}${both}`,
        relatedInformation: related.length ? related : undefined,
        data,
      },
    ];
  }

  /** The full critique for hover on its step. */
  hover(uri: string, stepIndex: number): string | undefined {
    const last = this.docs.get(uri)?.result;
    const result = last?.critique;
    if (!result) return undefined;
    const scores = result.stepScores;
    if (scores) {
      // A PRM scores every step: each step's hover shows its own score while the steps up to it are unchanged.
      const now = this.host.current(uri)?.solution?.steps;
      if (!now || stepIndex >= scores.length || last.steps.slice(0, stepIndex + 1).some((t, i) => now[i]?.text !== t)) return undefined;
      const head = `**Critic (${markdownText(result.model)}, ${markdownText(result.promptVersion)})** — profile ${markdownText(result.profile)}, step ${stepIndex + 1}: p_right ${scores[stepIndex].toFixed(3)}`;
      const all = scores.map((p, i) => `${i === stepIndex ? '**' : ''}${i + 1}: ${p.toFixed(3)}${result.critiques[0]?.verdicts[i]?.correct === false ? ' ✗' : ''}${i === stepIndex ? '**' : ''}`).join(' · ');
      return [head, '', `p_right per step: ${all}`, ...(result.firstWrongStep === stepIndex ? ['', feedbackText(result.feedback)] : [])].join('\n');
    }
    if (result.firstWrongStep !== stepIndex) return undefined;
    const lines = [
      `**Critic (${markdownText(result.model)}, ${markdownText(result.promptVersion)})** — profile ${markdownText(result.profile)}, first wrong step: ${stepIndex + 1}${result.samples > 1 ? `, ${result.votes} of ${result.readable} critiques agree` : ''}`,
      '',
      feedbackText(result.feedback),
    ];
    return lines.join('\n');
  }

  /** The critique → refine rounds of the last "Refine until the critic accepts" (kept for the self-talk export). */
  private readonly rounds = new Map<string, Round[]>();

  rememberRounds(uri: string, rounds: Round[]): void {
    this.rounds.set(uri, rounds);
  }

  lastRounds(uri: string): Round[] | undefined {
    return this.rounds.get(uri);
  }

  /** Waits for cached critiques to reach the disk (on shutdown). */
  async flush(): Promise<void> {
    await this.cache?.flush();
  }

  /** The critique of exactly these steps, if that is what was critiqued last. */
  critiqueOf(uri: string, steps: readonly string[]): CritiqueResult | undefined {
    const last = this.docs.get(uri)?.result;
    if (!last || last.steps.length !== steps.length || last.steps.some((t, i) => t !== steps[i])) return undefined;
    return last.critique;
  }

  /** The last critique with the step texts it judged (a verdict on step i holds while steps 0..i read the same). */
  judged(uri: string): { critique: CritiqueResult; steps: readonly string[] } | undefined {
    return this.enabled ? this.docs.get(uri)?.result : undefined;
  }

  latest(uri: string): CritiqueResult | undefined {
    return this.docs.get(uri)?.result?.critique;
  }

  private state(uri: string): DocState {
    let st = this.docs.get(uri);
    if (!st) {
      st = { status: { state: 'idle' } };
      this.docs.set(uri, st);
    }
    return st;
  }

  private endpointFor(): ChatEndpoint {
    return criticEndpoint(this.host.settings(), this.host.apiKey);
  }

  private cacheFor(): CritiqueCache {
    this.cache ??= new CritiqueCache(this.host.storagePath ? `${this.host.storagePath}/critiques` : undefined);
    return this.cache;
  }

  private keyParts(solution: Solution) {
    const c = this.host.settings().critic;
    return critiqueKeyParts({ problem: solution.problem, steps: solution.steps.map((s) => s.text) }, c);
  }

  /** Endpoint trouble is logged once per distinct problem, not once per request. */
  private problem(message: string): void {
    if (message === this.lastProblem) return;
    this.lastProblem = message;
    this.host.log(`Model critic: ${message} The embedded checker keeps working.`, 'error');
  }

  private problemSolved(): void {
    if (this.lastProblem) this.host.log('Model critic: the endpoint answers again.', 'info');
    this.lastProblem = undefined;
  }
}

/**
 * A model's critique in a hover: text, never Markdown. Rendered, `![x](https://…)` in an
 * answer made the editor fetch that address, and `[x](…)` put a link under the mouse.
 */
function feedbackText(feedback: string): string {
  return markdownText(feedback, { maxRun: 400, maxLength: 8_000 });
}
