import type { ChatMessage } from '../prompt';
import type { Critique } from '../types';

/** The critic profiles the registry knows; `json` is the default. */
export type CriticProfileName = 'json' | 'mathcritique' | 'processbench' | 'prm';

/** What was critiqued: the problem and its steps, in order. */
export interface ProfileInput {
  problem: string;
  steps: readonly string[];
}

/** One chat answer as the server gave it. */
export interface ChatAnswer {
  content: string;
  /** vLLM's reasoning parsers hand the reasoning back apart from the answer. */
  reasoningContent?: string;
  /** `length` means the answer was cut off: it is never read as a verdict. */
  finishReason?: string;
}

/** A reading: a critique, or the reason there is none (it names the profile). */
export type Reading = { critique: Critique } | { unreadable: string };

/** How a process reward model is asked and read (Qwen2.5-Math-PRM by default). */
export interface PrmOptions {
  /** Put after every step; the model scores the position of each tag. */
  stepTag: string;
  /** Which element of a tag's pair is the probability that the step is right. */
  rightIndex: number;
  /** A step whose p_right falls below this is wrong. */
  threshold: number;
  systemPrompt: string;
}

export const DEFAULT_PRM_OPTIONS: PrmOptions = {
  stepTag: '<extra_0>',
  rightIndex: 1,
  threshold: 0.5,
  // The system prompt of the Qwen2.5-Math-PRM model cards.
  systemPrompt: 'Please reason step by step, and put your final answer within \\boxed{}.',
};

interface ProfileBase {
  name: CriticProfileName;
  /** Part of every cache key and record: a change in how the request is built or read bumps it. */
  version: string;
  /** One line for help texts. */
  description: string;
  /** max_tokens when the user set none for this profile (reasoning judges need room). */
  defaultMaxTokens: number;
}

/** A critic asked through chat completions. */
export interface ChatProfile extends ProfileBase {
  kind: 'chat';
  messages(input: ProfileInput): ChatMessage[];
  /** Asked as `response_format` when the server takes it. */
  jsonSchema?: { name: string; schema: Record<string, unknown> };
  /** Reads one answer; `finish_reason: length`, empty answers and out-of-range steps are unreadable. */
  read(answer: ChatAnswer, steps: readonly string[]): Reading;
}

/** What a pooling request carries: a chat (vLLM applies the model's template) or a prompt. */
export type PoolingInput = { messages: ChatMessage[] } | { input: string };

/** A critic asked through vLLM's pooling API (process reward models). */
export interface PoolingProfile extends ProfileBase {
  kind: 'pooling';
  request(input: ProfileInput, prm: PrmOptions): PoolingInput;
  /** Reads the pooled output of the one input (vLLM's `data[0].data`). */
  read(pooled: unknown, steps: readonly string[], prm: PrmOptions): Reading & { stepScores?: number[] };
}

export type CriticProfile = ChatProfile | PoolingProfile;

/** The message every unreadable answer starts with, so that it names the profile. */
export const notInFormat = (profile: CriticProfileName, what: string): string => `the answer did not follow the ${profile} format: ${what}`;

/** What every chat profile refuses before reading: a cut-off or empty answer. */
export function refuseIncomplete(profile: CriticProfileName, answer: ChatAnswer): string | undefined {
  if (answer.finishReason === 'length') return notInFormat(profile, 'it was cut off at max_tokens (finish_reason: length); raise mathcritic.critic.maxTokens (--max-tokens)');
  if (answer.content.trim() === '') return notInFormat(profile, answer.reasoningContent?.trim() ? 'only reasoning came back, no answer after it' : 'the answer is empty');
  return undefined;
}
