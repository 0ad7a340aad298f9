/** One step's verdict, as the critic gives it. `step` is 0-based here (1-based in prompts). */
export interface StepVerdict {
  step: number;
  correct: boolean;
  comment: string;
}

/** One critique of one solution by one sample of the critic. */
export interface Critique {
  /** 0-based index of the first wrong step, -1 when the critic accepts the solution. */
  firstWrongStep: number;
  /** Constructive feedback on the first wrong step (empty when accepted). */
  feedback: string;
  verdicts: StepVerdict[];
  /**
   * How the answer was read: the requested JSON or the critic's own prose (profile `json`), or
   * the layout of the profile that asked (`mathcritique`, `processbench`, `prm`).
   */
  format: 'json' | 'free-text' | 'mathcritique' | 'processbench' | 'prm';
  /** The critic's answer as it came (for `prm`: the scores, as JSON). */
  raw: string;
  /** The critic's verdict on the final answer, where its layout gives one (`mathcritique`). */
  finalAnswer?: { correct: boolean; explanation: string };
  /**
   * True when every judged step is right but the final answer is called wrong: a finding on the
   * answer. `firstWrongStep` is then the last step, the one that states the answer.
   */
  onFinalAnswer?: boolean;
  /** The reasoning a reasoning model handed back apart from its answer (`reasoning_content`, or before `</think>`). */
  reasoning?: string;
}

/** K sampled critiques of one solution, aggregated by majority (the paper's test-time scaling). */
export interface CritiqueResult {
  /** Stable id: a hash of what was critiqued and how (see cache key). */
  id: string;
  /** The majority's first wrong step, -1 when the majority accepts. */
  firstWrongStep: number;
  /** Feedback from a critique of the majority. */
  feedback: string;
  /** Votes for the majority, of `readable` critiques. */
  votes: number;
  readable: number;
  samples: number;
  critiques: Critique[];
  /** Raw answers that could not be read, kept for the output channel. */
  unreadable: string[];
  /**
   * Why each of `unreadable` could not be read, in the same order, naming the profile:
   * "the answer did not follow the processbench format: no \boxed{} index".
   */
  unreadableReasons: string[];
  model: string;
  /** The prompt or request version; for profile `json` the historical `critique-v1`. */
  promptVersion: string;
  /** The critic profile that asked and read (`json`, `mathcritique`, `processbench`, `prm`). */
  profile: string;
  profileVersion: string;
  /** p_right per step, `prm` only: every step's score, not only the first below the threshold. */
  stepScores?: number[];
  createdAt: string;
}
