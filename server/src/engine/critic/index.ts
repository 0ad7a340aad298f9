export * from './types';
export * from './prompt';
export { parseCritique, firstSentence } from './parse';
export { aggregateCritiques, severityForAgreement } from './aggregate';
export { CritiqueCache, critiqueKey, type CritiqueKeyParts } from './cache';
export { critiqueSolution, critiqueKeyParts, type CritiqueInput, type CriticOptions, type CritiqueOutcome } from './critique';
