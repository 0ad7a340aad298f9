/**
 * vega and vega-lite, as one leaf loaded on first use by render.ts (the server bundle carries
 * it as its own file, dist/lazy/vega.js): a plot is drawn only when a report is opened, and
 * parsing vega's code was a tenth of the server's start even when it never ran. (Imported
 * dynamically here too: from the TypeScript sources they are ES modules, which only `import()`
 * loads.)
 */
export const loadVega = (): Promise<[typeof import('vega'), typeof import('vega-lite')]> => Promise.all([import('vega'), import('vega-lite')]);
