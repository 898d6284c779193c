import { feasibilityTolerance, usageOf, type Instance } from './instance';

export interface RepairResult {
  choice: Int32Array;
  value: number;
  /** Customers moved off a violated constraint (to another candidate or to nothing). */
  moved: number;
  /** Customers with nothing who were given a candidate that still fitted. */
  filled: number;
}

/**
 * Makes a dual assignment strictly feasible, then spends what is left.
 *
 * 1. Customers whose choice uses an overshot constraint give it back and take
 *    it up again in order of decreasing margin (best minus second-best reduced
 *    value); when it no longer fits they take their best candidate that does,
 *    or nothing.
 * 2. Customers left with nothing take, in order of reduced value, their best
 *    positive-value candidate that still fits.
 *
 * Every constraint has non-negative amounts, so removing assignments never
 * breaks another row: the result is feasible by construction.
 */
export function repairAssignment(instance: Instance, penalty: Float64Array, initial: Int32Array): RepairResult {
  const choice = Int32Array.from(initial);
  const { candidateStart, candidateValue, candidateOption, optionStart, useConstraint, useAmount, capacity } = instance;
  const usage = usageOf(instance, choice);
  const slack = new Float64Array(capacity.length);
  const tol = new Float64Array(capacity.length);
  for (let k = 0; k < slack.length; k++) {
    slack[k] = capacity[k]! - usage[k]!;
    tol[k] = feasibilityTolerance * Math.max(1, capacity[k]!);
  }
  const violated = (k: number): boolean => slack[k]! < -tol[k]!;
  // Uses per option with repeated rows merged, so `fits` checks each row's total once.
  const mergedStart = new Int32Array(optionStart.length);
  const mergedRow: number[] = [];
  const mergedAmount: number[] = [];
  for (let p = 0; p + 1 < optionStart.length; p++) {
    const first = mergedRow.length;
    for (let u = optionStart[p]!; u < optionStart[p + 1]!; u++) {
      const k = useConstraint[u]!;
      let q = first;
      while (q < mergedRow.length && mergedRow[q] !== k) q++;
      if (q === mergedRow.length) { mergedRow.push(k); mergedAmount.push(useAmount[u]!); } else mergedAmount[q]! += useAmount[u]!;
    }
    mergedStart[p + 1] = mergedRow.length;
  }
  const fits = (p: number): boolean => {
    if (!Number.isFinite(penalty[p]!)) return false;
    for (let u = mergedStart[p]!; u < mergedStart[p + 1]!; u++) {
      const k = mergedRow[u]!;
      if (slack[k]! - mergedAmount[u]! < -tol[k]!) return false;
    }
    return true;
  };
  const take = (p: number, sign: 1 | -1): void => {
    for (let u = optionStart[p]!; u < optionStart[p + 1]!; u++) slack[useConstraint[u]!]! -= sign * useAmount[u]!;
  };
  const reduced = (j: number): number => candidateValue[j]! - penalty[candidateOption[j]!]!;
  /** Best candidate of customer i that fits now and has positive value, by reduced value. */
  const bestFitting = (i: number): number => {
    let best = -1;
    let bestR = -Infinity;
    for (let j = candidateStart[i]!; j < candidateStart[i + 1]!; j++) {
      if (candidateValue[j]! <= 0) continue;
      const r = reduced(j);
      if (r > bestR && fits(candidateOption[j]!)) { best = j; bestR = r; }
    }
    return best;
  };

  // Customers on a violated row give their assignment back, then take it up
  // again in order of confidence (margin of their best over their second-best
  // reduced value): marginal customers, the ones the prices barely decided,
  // come last and move to their best candidate that still fits, or to nothing.
  let moved = 0;
  const overshot = new Uint8Array(capacity.length);
  for (let k = 0; k < slack.length; k++) if (violated(k)) overshot[k] = 1;
  const touchesOvershot = (p: number): boolean => {
    for (let u = optionStart[p]!; u < optionStart[p + 1]!; u++) if (overshot[useConstraint[u]!] === 1) return true;
    return false;
  };
  if (overshot.includes(1)) {
    const victims: number[] = [];
    const margin: number[] = [];
    for (let i = 0; i < instance.customerCount; i++) {
      const c = choice[i]!;
      if (c < 0 || !touchesOvershot(candidateOption[c]!)) continue;
      let second = 0;
      for (let j = candidateStart[i]!; j < candidateStart[i + 1]!; j++) if (j !== c) second = Math.max(second, reduced(j));
      victims.push(i);
      margin.push(reduced(c) - second);
      take(candidateOption[c]!, -1);
    }
    const order = Int32Array.from(victims.keys()).sort((a, b) => margin[b]! - margin[a]!);
    for (const v of order) {
      const i = victims[v]!;
      const c = choice[i]!;
      if (fits(candidateOption[c]!)) { take(candidateOption[c]!, 1); continue; }
      moved++;
      const next = bestFitting(i);
      choice[i] = next;
      if (next >= 0) take(candidateOption[next]!, 1);
    }
  }

  const waiting: number[] = [];
  const key: number[] = [];
  for (let i = 0; i < instance.customerCount; i++) {
    if (choice[i]! >= 0 || instance.holdout[i] === 1) continue;
    let bestR = -Infinity;
    for (let j = candidateStart[i]!; j < candidateStart[i + 1]!; j++) {
      if (candidateValue[j]! > 0 && Number.isFinite(penalty[candidateOption[j]!]!)) bestR = Math.max(bestR, reduced(j));
    }
    if (bestR > -Infinity) { waiting.push(i); key.push(bestR); }
  }
  const fillOrder = Int32Array.from(waiting.keys()).sort((a, b) => key[b]! - key[a]!);
  let filled = 0;
  for (const w of fillOrder) {
    const i = waiting[w]!;
    const next = bestFitting(i);
    if (next >= 0) { choice[i] = next; take(candidateOption[next]!, 1); filled++; }
  }

  let value = 0;
  for (let i = 0; i < instance.customerCount; i++) if (choice[i]! >= 0) value += candidateValue[choice[i]!]!;
  return { choice, value, moved, filled };
}
