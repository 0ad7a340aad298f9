import * as z from 'zod';

/**
 * One line of a `scale --predictions` file: one problem, with every sample's answer, the
 * critic's verdict on it and each refinement, so that the curves can be recomputed (and
 * analysed) from the file alone and a rerun resumes from it. Fields are snake_case like the
 * other records MathCritic writes.
 */
export type Verdict = 'accepted' | 'rejected' | 'unreadable' | 'no-steps';

export interface RefinementStep {
  /** 0-based step the critic named and the actor rewrote from. */
  from_step: number;
  /** The steps written from `from_step` on. */
  steps: string[];
  answer: string | null;
  correct: boolean;
  /** The critic's verdict on the solution after this refinement. */
  verdict: Verdict;
  first_wrong_step: number | null;
}

export interface SampleRecord {
  steps: string[];
  /** The final answer as first written (null: none stated). */
  answer: string | null;
  correct: boolean;
  /** The critic's verdict on the first try. */
  verdict: Verdict;
  first_wrong_step: number | null;
  refinements: RefinementStep[];
  /** After critique and refinement: what `critic_majority` votes with. */
  final_answer: string | null;
  final_correct: boolean;
  /** The critic accepted the final solution: it votes in `critic_filtered`. */
  accepted: boolean;
  /** Model calls this sample cost: its generation, each critique, each refinement. */
  calls: number;
}

export interface ScaleRecord {
  id: string;
  source?: string;
  problem: string;
  /** The reference answer. */
  answer: string;
  greedy: { steps: string[]; answer: string | null; correct: boolean };
  samples: SampleRecord[];
  actor_model: string;
  critic_model: string;
  profile: string;
  /** L: refinements allowed per sample. */
  refinements: number;
  temperature: number;
  created_at: string;
}

const verdict = z.enum(['accepted', 'rejected', 'unreadable', 'no-steps']);
const refinementStep = z.object({
  from_step: z.number().int().min(0),
  steps: z.array(z.string()),
  answer: z.string().nullable(),
  correct: z.boolean(),
  verdict,
  first_wrong_step: z.number().int().min(-1).nullable(),
});
const sampleRecord = z.object({
  steps: z.array(z.string()),
  answer: z.string().nullable(),
  correct: z.boolean(),
  verdict,
  first_wrong_step: z.number().int().min(-1).nullable(),
  refinements: z.array(refinementStep),
  final_answer: z.string().nullable(),
  final_correct: z.boolean(),
  accepted: z.boolean(),
  calls: z.number().int().min(0),
});

/** What a reader of a predictions file may rely on (fields it does not know are dropped). */
export const scaleRecordSchema = z.object({
    id: z.string().min(1),
    source: z.string().optional(),
    problem: z.string(),
    answer: z.string(),
    greedy: z.object({ steps: z.array(z.string()), answer: z.string().nullable(), correct: z.boolean() }),
    samples: z.array(sampleRecord),
    actor_model: z.string(),
    critic_model: z.string(),
    profile: z.string(),
    refinements: z.number().int().min(0),
    temperature: z.number(),
    created_at: z.string(),
});

// Compile-time: a record the engine builds always parses, and a parsed one is a record.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _same: Same<z.infer<typeof scaleRecordSchema>, ScaleRecord> = true;
void _same;
