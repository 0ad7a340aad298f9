/**
 * vega and vega-lite, as one leaf loaded on first use by render.ts (the server bundle carries
 * it as its own file, dist/lazy/vega.js): a plot is drawn only when a report is opened, and
 * parsing vega's code was a tenth of the server's start even when it never ran.
 */
export * as vega from 'vega';
export * as vegaLite from 'vega-lite';
