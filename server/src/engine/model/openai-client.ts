/**
 * The `openai` package, as a leaf loaded when the first endpoint is made (endpoint.ts; the
 * server bundle carries it as its own file, dist/lazy/openai.js): without a model configured
 * the server never needs it.
 */
export { default as OpenAI } from 'openai';
