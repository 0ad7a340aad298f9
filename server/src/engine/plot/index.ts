export { renderSvg } from './render';
export { scaleCurvesSpec, CURVE_LABELS, CALLS_LABEL, GREEDY_LABEL } from './scale-plot';
export { f1Spec, REFERENCE_LEGEND, type CriticScores } from './f1-plot';
