/**
 * The per-customer inner loops of the dual method, over a range of customers.
 * Pure and allocation-free in the loop; the same code runs in the main thread
 * and in worker threads (over SharedArrayBuffer views).
 */
export interface KernelArrays {
  candidateStart: Int32Array;
  candidateValue: Float32Array;
  candidateOption: Int32Array;
  holdout: Uint8Array;
  /** Candidates sorted by value, highest first, per customer: lets the loops stop early. */
  sortedByValue?: boolean;
}

export interface KernelScratch {
  reduced: Float64Array;
  picked: Int32Array;
  pickedReduced: Float64Array;
}

export function maxCandidates(arrays: KernelArrays, lo: number, hi: number): number {
  let most = 1;
  for (let i = lo; i < hi; i++) most = Math.max(most, arrays.candidateStart[i + 1]! - arrays.candidateStart[i]!);
  return most;
}

export function createScratch(size: number): KernelScratch {
  return { reduced: new Float64Array(size), picked: new Int32Array(size), pickedReduced: new Float64Array(size) };
}

/**
 * One dual evaluation over customers [lo, hi).
 *
 * With reduced values r = value − penalty[option], adds to `mass` the primal
 * x_i of each customer for the γ-smoothed problem (x_i = projection of r/γ onto
 * {x ≥ 0, Σx ≤ 1}; γ = 0 means the plain argmax), and returns
 * [Σ_i max(0, max_j r_ij), Σ_i (r·x_i − γ/2‖x_i‖²)]: the customer part of the
 * Lagrangian bound and of the smoothed dual. Penalties must be ≥ 0 (they are:
 * prices and amounts are non-negative); the early exits rely on it.
 */
export function evaluateRange(
  arrays: KernelArrays, lo: number, hi: number, penalty: Float64Array, gamma: number,
  mass: Float64Array, scratch: KernelScratch,
): [number, number] {
  const { candidateStart, candidateValue, candidateOption, holdout } = arrays;
  const sorted = arrays.sortedByValue === true;
  const { reduced, picked, pickedReduced } = scratch;
  let lagrangian = 0;
  let smoothed = 0;
  const halfGamma = gamma / 2;
  for (let i = lo; i < hi; i++) {
    if (holdout[i] === 1) continue;
    const s = candidateStart[i]!;
    const e = candidateStart[i + 1]!;
    // Penalties are ≥ 0, so r ≤ value: a candidate whose value is at most the
    // floor (the current best, less γ) cannot matter; sorted, neither can the rest.
    let rmax = 0;
    let best = -1;
    let end = e;
    for (let j = s; j < e; j++) {
      const v = candidateValue[j]!;
      if (v <= rmax - gamma || v <= 0) {
        reduced[j - s] = -Infinity;
        if (sorted) { end = j; break; }
        continue;
      }
      const r = v - penalty[candidateOption[j]!]!;
      reduced[j - s] = r;
      if (r > rmax) { rmax = r; best = j; }
    }
    if (best < 0) continue;
    lagrangian += rmax;
    if (gamma <= 0) {
      mass[candidateOption[best]!]! += 1;
      smoothed += rmax;
      continue;
    }
    const floor = rmax > gamma ? rmax - gamma : 0;
    let k = 0;
    for (let j = 0; j < end - s; j++) {
      const r = reduced[j]!;
      if (r > floor) {
        // insertion sort, descending
        let q = k++;
        while (q > 0 && pickedReduced[q - 1]! < r) { pickedReduced[q] = pickedReduced[q - 1]!; picked[q] = picked[q - 1]!; q--; }
        pickedReduced[q] = r;
        picked[q] = s + j;
      }
    }
    let sum = 0;
    for (let q = 0; q < k; q++) sum += pickedReduced[q]!;
    let tau = 0;
    if (sum > gamma) {
      let cum = 0;
      for (let q = 0; q < k; q++) {
        cum += pickedReduced[q]!;
        const t = (cum - gamma) / (q + 1);
        if (pickedReduced[q]! > t) tau = t;
      }
    }
    for (let q = 0; q < k; q++) {
      const r = pickedReduced[q]!;
      if (r <= tau) break;
      const x = (r - tau) / gamma;
      mass[candidateOption[picked[q]!]!]! += x;
      smoothed += r * x - halfGamma * x * x;
    }
  }
  return [lagrangian, smoothed];
}

/** A uniform number in [0, 1) from (customer, seed): deterministic and the same in every thread. */
export function customerUniform(customer: number, seed: number): number {
  let h = Math.imul(customer ^ seed, 0x85ebca6b) ^ 0x9e3779b9;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h ^ seed, 0x27d4eb2d);
  h ^= h >>> 15;
  return (h >>> 0) / 4294967296;
}

/**
 * Writes one candidate (or -1) per customer into `choice`. With γ = 0 it is the
 * best candidate by reduced value; with γ > 0 the smoothed primal x_i is
 * rounded at random (candidate j with probability x_ij), so the expected usage
 * of every row equals the smoothed solution's, which is near capacity once the
 * dual has converged: ties between customers the prices cannot separate are
 * split in the right proportion instead of all going one way.
 */
export function assignRange(
  arrays: KernelArrays, lo: number, hi: number, penalty: Float64Array, gamma: number, seed: number,
  choice: Int32Array, scratch: KernelScratch,
): void {
  const { candidateStart, candidateValue, candidateOption, holdout } = arrays;
  const sorted = arrays.sortedByValue === true;
  const { reduced, picked, pickedReduced } = scratch;
  for (let i = lo; i < hi; i++) {
    choice[i] = -1;
    if (holdout[i] === 1) continue;
    const s = candidateStart[i]!;
    const e = candidateStart[i + 1]!;
    let rmax = 0;
    let best = -1;
    let end = e;
    for (let j = s; j < e; j++) {
      const v = candidateValue[j]!;
      if (v <= rmax - gamma || v <= 0) {
        reduced[j - s] = -Infinity;
        if (sorted) { end = j; break; }
        continue;
      }
      const r = v - penalty[candidateOption[j]!]!;
      reduced[j - s] = r;
      if (r > rmax) { rmax = r; best = j; }
    }
    if (best < 0) continue;
    if (gamma <= 0) { choice[i] = best; continue; }
    const floor = rmax > gamma ? rmax - gamma : 0;
    let k = 0;
    for (let j = 0; j < end - s; j++) {
      const r = reduced[j]!;
      if (r > floor) {
        let q = k++;
        while (q > 0 && pickedReduced[q - 1]! < r) { pickedReduced[q] = pickedReduced[q - 1]!; picked[q] = picked[q - 1]!; q--; }
        pickedReduced[q] = r;
        picked[q] = s + j;
      }
    }
    let sum = 0;
    for (let q = 0; q < k; q++) sum += pickedReduced[q]!;
    let tau = 0;
    if (sum > gamma) {
      let cum = 0;
      for (let q = 0; q < k; q++) {
        cum += pickedReduced[q]!;
        const t = (cum - gamma) / (q + 1);
        if (pickedReduced[q]! > t) tau = t;
      }
    }
    const u = customerUniform(i, seed);
    let cum = 0;
    for (let q = 0; q < k; q++) {
      const r = pickedReduced[q]!;
      if (r <= tau) break;
      cum += (r - tau) / gamma;
      if (u < cum) { choice[i] = picked[q]!; break; }
    }
  }
}

/** The floor for one dual iteration: read every candidate value once. */
export function sumValues(values: Float32Array, lo: number, hi: number): number {
  let total = 0;
  for (let j = lo; j < hi; j++) total += values[j]!;
  return total;
}
