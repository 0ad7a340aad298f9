export { checkSolution, type CheckResult, type CheckOptions, type StepReport, type DocumentEquation, type AnswerReport } from './check-solution';
export { CHECKS, type Check, type CheckContext } from './registry';
export { StepCheckCache } from './step-cache';
export * from './findings';
