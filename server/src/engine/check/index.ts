export { checkSolution, type CheckResult, type CheckOptions, type StepReport, type DocumentEquation, type AnswerReport } from './check-solution';
export { CHECKS, type Check, type CheckContext } from './registry';
export { StepCheckCache, SharedStepResults } from './step-cache';
export * from './findings';
