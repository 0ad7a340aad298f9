export * from './types';
export { parseSolutionDocument } from './parse';
export { isSolutionDocument, hasSolutionStructure, DEFAULT_SOLUTION_GLOBS } from './detect';
export { solutionFromSteps, stepsRecordSchema, type StepsRecord } from './from-steps';
export { DEFAULT_MAX_DOCUMENT_LENGTH, tooLongToCheck } from './size-limit';
export { readFrontMatter } from './front-matter';
export { readDirectives } from './directives';
