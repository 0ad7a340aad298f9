export { checkSolution, type CheckResult, type CheckOptions, type StepReport, type DocumentEquation } from './check-solution';
export { StepCheckCache } from './step-cache';
export * from './findings';
