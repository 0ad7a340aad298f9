export { problemsFromDataset, problemFromDocument, type ScaleProblem, type LoadedProblems } from './problems';
export { scaleRecordSchema, type ScaleRecord, type SampleRecord, type RefinementStep, type Verdict } from './record';
export { scaleProblem, isCorrect, type ScaleOptions } from './run-problem';
export { scaleCurves, majorityAnswer, answersAt, CURVES, type CurveName, type ScaleSummary } from './curves';
export { parseKs } from './ks';
export { readScalePredictions, parseScalePredictions, settingsMismatch, type ScalePredictions, type RunSettings } from './predictions';
export { formatScaleTable } from './table';
