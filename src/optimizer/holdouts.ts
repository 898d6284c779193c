import type { Rng } from '../kernel';
import type { Instance } from './instance';

export interface HoldoutCheck {
  segment: string;
  customers: number;
  heldOut: number;
  share: number;
  minShare: number;
  /** True when the share is at least the minimum and no held-out customer was given an offer. */
  ok: boolean;
  reasons: string[];
}

/** Customers a segment of `n` must hold out: ⌈share · n⌉ (with a tolerance for rounding). */
export function requiredHoldouts(share: number, n: number): number {
  return Math.max(0, Math.ceil(share * n - 1e-9));
}

/**
 * Flags extra customers as holdout, at random, until every segment reaches its
 * minimum holdout share. Decided before assignment so that measurement stays
 * unbiased: holdout never depends on the candidates' values.
 */
export function assignHoldouts(instance: Instance, rng: Rng): void {
  const members: number[][] = instance.segments.map(() => []);
  for (let i = 0; i < instance.customerCount; i++) members[instance.customerSegment[i]!]?.push(i);
  instance.segments.forEach((segment, s) => {
    const list = members[s]!;
    const need = requiredHoldouts(segment.minHoldoutShare, list.length);
    let have = list.filter((i) => instance.holdout[i] === 1).length;
    const free = list.filter((i) => instance.holdout[i] !== 1);
    while (have < need && free.length > 0) {
      const k = rng.int(free.length);
      const i = free[k]!;
      free[k] = free[free.length - 1]!;
      free.pop();
      instance.holdout[i] = 1;
      have++;
    }
  });
}

export function checkHoldouts(instance: Instance, choice: Int32Array): HoldoutCheck[] {
  const customers = new Int32Array(instance.segments.length);
  const heldOut = new Int32Array(instance.segments.length);
  const leaked = new Int32Array(instance.segments.length);
  for (let i = 0; i < instance.customerCount; i++) {
    const s = instance.customerSegment[i]!;
    customers[s]!++;
    if (instance.holdout[i] === 1) {
      heldOut[s]!++;
      if (choice[i]! >= 0) leaked[s]!++;
    }
  }
  return instance.segments.map((segment, s) => {
    const n = customers[s]!;
    const share = n === 0 ? 0 : heldOut[s]! / n;
    const reasons: string[] = [];
    const enough = heldOut[s]! >= requiredHoldouts(segment.minHoldoutShare, n);
    if (!enough) reasons.push(`holdout share ${(share * 100).toFixed(2)}% is below the minimum ${(segment.minHoldoutShare * 100).toFixed(2)}%`);
    if (leaked[s]! > 0) reasons.push(`${leaked[s]} held-out customers were given an offer`);
    return { segment: segment.id, customers: n, heldOut: heldOut[s]!, share, minShare: segment.minHoldoutShare, ok: enough && leaked[s] === 0, reasons };
  });
}
