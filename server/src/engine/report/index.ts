export { evaluationReport, reportFromText, NotAPredictionsFile, type EvaluationReport } from './evaluation-report';
export { reportCsp } from './html';
