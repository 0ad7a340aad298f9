export * from './types';
export * from './prompt';
export { parseCritique, firstSentence } from './parse';
export { aggregateCritiques, severityForAgreement } from './aggregate';
export { CritiqueCache, critiqueKey, type CritiqueKeyParts } from './cache';
export { critiqueSolution, critiqueKeyParts, prmOptions, resultFromAnswers, resultFromTexts, type CritiqueInput, type CriticOptions, type CritiqueOutcome } from './critique';
export {
  PROFILE_NAMES,
  DEFAULT_PROFILE,
  DEFAULT_PRM_OPTIONS,
  criticProfile,
  isProfileName,
  type CriticProfileName,
  type CriticProfile,
  type ChatProfile,
  type PoolingProfile,
  type ChatAnswer,
  type PrmOptions,
  type Reading,
} from './profiles';
export { critiqueForActor } from './for-actor';
