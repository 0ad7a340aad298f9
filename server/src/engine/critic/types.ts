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
  /** How the answer was read: the requested JSON, or the critic's own prose. */
  format: 'json' | 'free-text';
  /** The critic's answer as it came. */
  raw: string;
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
  model: string;
  promptVersion: string;
  createdAt: string;
}
