import type { DatasetRecord } from '../types';
import { splitSteps } from '../../solution/steps';

/** What a shape makes of one row: a record (id and source filled in later when absent), or why not. */
export type Mapped = (Omit<DatasetRecord, 'id' | 'source'> & { id?: string; source?: string }) | { skip: string };

export type Row = Record<string, unknown>;

/**
 * A dataset's record layout, as its publisher wrote it. `matches` looks at one row's fields
 * (the reader asks it of a file's first record); `reader` makes the mapper for one file, so
 * a shape may keep what earlier rows said (MathCheck's reference answers sit in other rows).
 */
export interface Shape {
  name: string;
  /** The fields that identify it, for the "shapes known" message. */
  signature: string;
  matches(row: Row): boolean;
  reader(): (row: Row) => Mapped;
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

export function idOf(v: unknown): string | undefined {
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

export function answerOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() === '' ? undefined : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

export const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** "3", 3, "Step 3" → 3; "N/A", null, "" → undefined. */
export function stepNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string') {
    const m = /^\s*(?:step\s*)?(\d+)\s*$/i.exec(v);
    if (m) return Number(m[1]);
  }
  return undefined;
}

/** A solution written as one text, split as a solution document's steps are ("Step N:" lines first). */
export function stepsOfText(text: string): string[] {
  // MR-Ben's first lines sometimes read "tep 1:".
  const fixed = text.replace(/^tep(\s+\d+\s*:)/gm, 'Step$1');
  return splitSteps(fixed, { start: 0, end: fixed.length })
    .steps.map((s) => s.text)
    .filter((s) => s.trim() !== '');
}

/** Removes a leading "Step N:" marker from one step's text. */
export function stripStepMarker(s: string): string {
  return s.replace(/^\s*(?:\*\*)?s?tep\s*\d+\s*(?:\*\*)?\s*[:.)]\s*/i, '');
}

export function labelInRange(label: number | undefined, steps: number): label is number {
  return label !== undefined && Number.isInteger(label) && label >= -1 && label < steps;
}
