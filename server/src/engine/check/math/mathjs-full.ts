/**
 * All of mathjs, on the engine's BigNumber class. A leaf loaded on first use (evaluate.ts
 * requires it; the server bundle carries it as its own file, dist/lazy/mathjs.js): most checks
 * never need more than decimals, and creating every mathjs function was most of the server's
 * start. It imports mathjs and nothing of the engine, so no engine module is loaded twice.
 */
import { all, create, factory, type ConfigOptions, type MathJsInstance } from 'mathjs';
import type { BigNumberClass } from './evaluate';

/** mathjs with `BigNumber` as its own class: values made before it was loaded are its values. */
export function createMathjs(BigNumberClass: BigNumberClass, config: ConfigOptions): MathJsInstance {
  return create({ ...all, createBigNumberClass: factory('BigNumber', [], () => BigNumberClass, { isClass: true }) }, config);
}
