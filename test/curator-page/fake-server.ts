/**
 * A stand-in for the language server's curator requests, over fixture records in memory: enough
 * of the contract in protocol/curator.ts for the page to be driven as a person
 * would. It also records every request it got and can be told to fail the next ones.
 */
import {
  CURATOR_FIND,
  CURATOR_LABEL,
  CURATOR_RECORD,
  CURATOR_STATS,
  type CheckerFindingView,
  type CurationEvent,
  type CurationState,
  type CuratorOpenResult,
  type CuratorStats,
  type RecordFilter,
  type RecordView,
} from '../../protocol/curator';
import { applyEvent, emptyCuration, isLabelled } from '../../client/src/curator/webview/model';

export interface FixtureRecord {
  id: string;
  source?: string;
  problem: string;
  steps: string[];
  label?: number;
  answer?: string;
  critique?: { text: string; firstWrongStep: number | null; model?: string };
  findings?: CheckerFindingView[];
}

export class FakeCuratorServer {
  readonly requests: Array<{ method: string; params: Record<string, unknown> }> = [];
  readonly events: Array<{ index: number; event: CurationEvent }> = [];
  private readonly states: CurationState[];
  /** The next this many requests of `failMethod` fail. */
  failNext = 0;
  failMethod = CURATOR_LABEL;

  constructor(
    readonly uri: string,
    private readonly records: FixtureRecord[],
    private readonly openResult: Partial<CuratorOpenResult> = {},
  ) {
    this.states = records.map(() => emptyCuration());
  }

  open(): CuratorOpenResult {
    return { count: this.records.length, skipped: [], journalPath: '/data/fixture.critiques.jsonl.journal.jsonl', ...this.openResult };
  }

  state(index: number): CurationState {
    return this.states[index];
  }

  async handle(method: string, params: Record<string, unknown>): Promise<unknown> {
    this.requests.push({ method, params });
    if (params.uri !== this.uri) throw new Error(`unexpected uri ${String(params.uri)}`);
    if (method === this.failMethod && this.failNext > 0) {
      this.failNext--;
      throw new Error('journal write failed: EIO (simulated)');
    }
    switch (method) {
      case CURATOR_RECORD:
        return this.view(params.index as number);
      case CURATOR_FIND:
        return this.find(params.from as number, params.direction as 1 | -1, params.filter as RecordFilter);
      case CURATOR_LABEL: {
        const index = params.index as number;
        const event = params.event as CurationEvent;
        this.events.push({ index, event });
        this.states[index] = { ...applyEvent(this.states[index], event), updatedAt: new Date().toISOString() };
        return this.states[index];
      }
      case CURATOR_STATS:
        return this.stats();
    }
    throw new Error(`unknown method ${method}`);
  }

  private view(index: number): RecordView {
    const r = this.records[index];
    if (!r) throw new Error(`no record ${index}`);
    return {
      index,
      count: this.records.length,
      key: r.id,
      source: r.source,
      problem: r.problem,
      steps: r.steps,
      referenceAnswer: r.answer,
      datasetFirstWrongStep: r.label,
      critique: r.critique,
      findings: r.findings ?? [],
      curation: this.states[index],
    };
  }

  private matches(i: number, f: RecordFilter): boolean {
    const r = this.records[i];
    const s = this.states[i];
    if (f.unlabelled && isLabelled(s)) return false;
    if (f.source && r.source !== f.source) return false;
    if (f.verdict) {
      if (!r.critique || r.critique.firstWrongStep === null) return false;
      if ((r.critique.firstWrongStep === -1 ? 'correct' : 'incorrect') !== f.verdict) return false;
    }
    if (f.disagreement) {
      const known = [s.firstWrongStep, r.critique?.firstWrongStep ?? null, r.label ?? null].filter((x) => x !== null);
      if (new Set(known).size <= 1) return false;
    }
    return true;
  }

  private find(from: number, direction: 1 | -1, filter: RecordFilter): number | null {
    for (let i = from + direction; i >= 0 && i < this.records.length; i += direction) if (this.matches(i, filter)) return i;
    return null;
  }

  private stats(): CuratorStats {
    const s: CuratorStats = {
      count: this.records.length,
      labelled: 0,
      ratings: { correct: 0, neutral: 0, incorrect: 0 },
      critiqueVerdicts: { accepted: 0, rejected: 0 },
      humanCritic: { agree: 0, disagree: 0 },
      humanChecker: { agree: 0, disagree: 0 },
      sources: {},
    };
    this.records.forEach((r, i) => {
      const st = this.states[i];
      if (r.source) s.sources[r.source] = (s.sources[r.source] ?? 0) + 1;
      if (isLabelled(st)) s.labelled++;
      for (const v of Object.values(st.ratings)) s.ratings[v]++;
      if (st.critiqueVerdict) s.critiqueVerdicts[st.critiqueVerdict]++;
      if (st.firstWrongStep !== null) {
        if (r.critique && r.critique.firstWrongStep !== null) s.humanCritic[r.critique.firstWrongStep === st.firstWrongStep ? 'agree' : 'disagree']++;
        const checker = r.findings?.length ? Math.min(...r.findings.map((f) => f.step)) : -1;
        s.humanChecker[checker === st.firstWrongStep ? 'agree' : 'disagree']++;
      }
    });
    return s;
  }
}
