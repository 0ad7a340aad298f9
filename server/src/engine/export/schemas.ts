import * as z from 'zod';
import type { CritiqueRecord } from './critique-record';
import type { RefinementRecord } from './refinement-record';
import type { SelfTalkRecord } from './self-talk';

/**
 * The training records as zod schemas: what a reader of an exported JSONL file may rely on.
 * Unknown extra fields are allowed (a later version may add some); the ones listed must hold.
 * Each schema is checked against its TypeScript type below, so the two cannot drift apart.
 */
const message = z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() });

export const critiqueRecordSchema = z.object({
  id: z.string().min(1),
  source: z.string().optional(),
  problem: z.string(),
  steps: z.array(z.string()),
  response: z.string(),
  critique: z.string(),
  first_wrong_step: z.number().int().min(-1),
  verdict: z.enum(['correct', 'incorrect']),
  step_verdicts: z.array(z.object({ step: z.number().int().min(0), correct: z.boolean(), comment: z.string() })),
  votes: z.number().int().min(0),
  readable: z.number().int().min(0),
  samples: z.number().int().min(1),
  model: z.string(),
  prompt_version: z.string(),
  profile: z.string(),
  profile_version: z.string(),
  step_scores: z.array(z.number().min(0).max(1)).optional(),
  critique_id: z.string(),
  created_at: z.string(),
  messages: z.array(message).min(2),
  question: z.string(),
  origin_response: z.string(),
  critic: z.string(),
  critic_model: z.string(),
});

export const refinementRecordSchema = critiqueRecordSchema.extend({
  refinement_steps: z.array(z.string()).min(1),
  refined_steps: z.array(z.string()).min(1),
  refined_answer: z.string().nullable(),
  refinement_correct: z.boolean().nullable(),
  actor_model: z.string(),
  actor_prompt_version: z.string(),
  critique_messages: z.array(message).min(2),
  messages: z.array(message).min(3),
  new_response: z.string(),
  'correctness-new': z.boolean().nullable(),
});

export const selfTalkRecordSchema = z.object({
  id: z.string().min(1),
  source: z.string().optional(),
  problem: z.string(),
  answer: z.string(),
  reflection_chain: z.string().min(1),
  self_talk: z.string().min(1),
  final_answer: z.string(),
  verified: z.literal(true),
  rounds: z.number().int().min(1),
  corrections: z.number().int().min(0),
  model: z.string(),
  prompt_version: z.string(),
  messages: z.array(z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() })).length(2),
});

// Compile-time: a record the engine builds always parses, and a parsed one is a record.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _critique: Same<z.infer<typeof critiqueRecordSchema>, CritiqueRecord> = true;
const _refinement: Same<z.infer<typeof refinementRecordSchema>, RefinementRecord> = true;
const _selfTalk: Same<z.infer<typeof selfTalkRecordSchema>, Omit<SelfTalkRecord, 'messages'> & { messages: Array<{ role: 'system' | 'user' | 'assistant'; content: string }> }> = true;
void _critique;
void _refinement;
void _selfTalk;
