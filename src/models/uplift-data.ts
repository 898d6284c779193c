import { z } from 'zod';
import { takeRows, takeValues, type Matrix } from './matrix';
import type { SerialisedUplift } from './model-serialisation';

/**
 * Training data for uplift models: features, the arm each row received
 * (0 = control / no offer, 1..K = treatments) and the observed outcome.
 */
export interface UpliftData {
  readonly x: Matrix;
  readonly treatment: Int32Array;
  readonly y: Float64Array;
  readonly featureNames: readonly string[];
}

export interface UpliftModel {
  readonly method: 't-learner' | 'x-learner' | 'dr-learner' | 'class-transformation';
  /** Number of treatment arms K (control excluded). */
  readonly arms: number;
  /** Per arm k = 1..K (array index k-1): predicted effect of arm k over control. */
  predictUplift(x: Matrix): Float64Array[];
  /** Coefficients and trees as JSON, to store and reload (`upliftFromSpec`) with identical predictions. */
  serialise(featureNames: readonly string[]): SerialisedUplift;
}

export type ProgressCallback = (event: { readonly stage: string; readonly done: number; readonly total: number }) => void;

export const UpliftDataShape = z.strictObject({
  rows: z.int().min(1),
  cols: z.int().min(1),
  arms: z.int().min(1),
});

export function checkUpliftData(data: UpliftData): { rows: number; cols: number; arms: number } {
  const { x, treatment, y } = data;
  if (treatment.length !== x.rows || y.length !== x.rows) {
    throw new RangeError(`uplift data lengths differ: x ${x.rows}, treatment ${treatment.length}, y ${y.length}`);
  }
  let arms = 0;
  for (let i = 0; i < treatment.length; i++) {
    const t = treatment[i]!;
    if (t < 0 || !Number.isInteger(t)) throw new RangeError(`treatment must be a non-negative integer, got ${t}`);
    arms = Math.max(arms, t);
  }
  for (let k = 0; k <= arms; k++) {
    if (!treatment.includes(k)) throw new RangeError(`arm ${k} has no rows`);
  }
  return UpliftDataShape.parse({ rows: x.rows, cols: x.cols, arms });
}

export function subsetUplift(data: UpliftData, index: ArrayLike<number>): UpliftData {
  const treatment = new Int32Array(index.length);
  for (let i = 0; i < index.length; i++) treatment[i] = data.treatment[index[i]!]!;
  return { x: takeRows(data.x, index), treatment, y: takeValues(data.y, index), featureNames: data.featureNames };
}

/** Rows of one arm. */
export function armIndex(treatment: Int32Array, arm: number): Uint32Array {
  const out: number[] = [];
  for (let i = 0; i < treatment.length; i++) if (treatment[i] === arm) out.push(i);
  return Uint32Array.from(out);
}
