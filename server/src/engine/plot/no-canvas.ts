/**
 * Stands in for `vega-canvas` in the bundles: vega asks it for a node-canvas to measure text
 * and draw PNGs. MathCritic draws SVG only and ships no native module, so there is never a
 * canvas, and vega falls back to its text-width estimate. (The real module's top-level
 * `await import('canvas')` also cannot be bundled to CommonJS.)
 */
export const canvas = (): null => null;
export const domCanvas = (): null => null;
export const nodeCanvas = (): null => null;
export const image = (): null => null;
