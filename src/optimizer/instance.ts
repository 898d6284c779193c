/**
 * The compact form of an allocation instance.
 *
 * Customers own contiguous runs of candidates (CSR: `candidateStart[i]` ..
 * `candidateStart[i + 1]`). A candidate is a value and an *option*: one
 * offer × channel × dealer combination. The option holds the candidate's short
 * list of (constraint, amount) pairs, again CSR in flat typed arrays. Options are
 * shared by every customer offered the same combination, so one dual iteration
 * reads only 8 bytes per candidate (value + option id); a candidate whose uses
 * are unique to it simply gets an option of its own.
 *
 * All coupling constraints are `Σ amount · x ≤ capacity` with amounts ≥ 0 and
 * capacity ≥ 0, so choosing nothing is always feasible.
 */
export const constraintKinds = ['budget', 'dealer_capacity', 'stock', 'contact_cap', 'channel_conflict'] as const;
export type ConstraintKind = (typeof constraintKinds)[number];

export interface ConstraintInfo {
  id: string;
  kind: ConstraintKind;
  label: string;
}

export interface OptionInfo {
  id: string;
  offer: string;
  channel: string;
  dealer: string;
}

export interface SegmentInfo {
  id: string;
  /** Minimum share of the segment's customers that must be held out (0..1). */
  minHoldoutShare: number;
}

export interface Instance {
  customerCount: number;
  /** Customer ids; `undefined` for generated instances, where the id is `c<index>`. */
  customerIds: string[] | undefined;
  candidateStart: Int32Array;
  candidateValue: Float32Array;
  candidateOption: Int32Array;
  optionStart: Int32Array;
  useConstraint: Int32Array;
  useAmount: Float64Array;
  capacity: Float64Array;
  constraints: ConstraintInfo[];
  options: OptionInfo[];
  /** 1 = held out: gets nothing, whatever its candidates are worth. */
  holdout: Uint8Array;
  customerSegment: Int32Array;
  segments: SegmentInfo[];
  /** True when each customer's candidates are sorted by value, highest first (see `sortCandidatesByValue`). */
  sortedByValue?: boolean;
}

/**
 * Sorts each customer's candidates by value, highest first, in place. Prices
 * only lower values (amounts and prices are ≥ 0), so the dual kernel can stop
 * reading a customer's candidates at the first value below what it already has.
 */
export function sortCandidatesByValue(instance: Instance): void {
  const { candidateStart, candidateValue, candidateOption } = instance;
  for (let i = 0; i < instance.customerCount; i++) {
    const s = candidateStart[i]!;
    const e = candidateStart[i + 1]!;
    for (let j = s + 1; j < e; j++) {
      const v = candidateValue[j]!;
      const o = candidateOption[j]!;
      let q = j;
      while (q > s && candidateValue[q - 1]! < v) {
        candidateValue[q] = candidateValue[q - 1]!;
        candidateOption[q] = candidateOption[q - 1]!;
        q--;
      }
      candidateValue[q] = v;
      candidateOption[q] = o;
    }
  }
  instance.sortedByValue = true;
}

/** Typed arrays on SharedArrayBuffer so worker threads read them without a copy. */
export function sharedInt32(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Math.max(1, length) * 4), 0, length);
}
export function sharedFloat32(length: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(Math.max(1, length) * 4), 0, length);
}
export function sharedFloat64(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(Math.max(1, length) * 8), 0, length);
}
export function sharedUint8(length: number): Uint8Array {
  return new Uint8Array(new SharedArrayBuffer(Math.max(1, length)), 0, length);
}

export function candidateCount(instance: Instance): number {
  return instance.candidateStart[instance.customerCount]!;
}

export function customerId(instance: Instance, customer: number): string {
  return instance.customerIds?.[customer] ?? `c${customer}`;
}

/** Per-row usage of a set of choices (one candidate index or -1 per customer). */
export function usageOf(instance: Instance, choice: Int32Array): Float64Array {
  const perOption = new Float64Array(instance.options.length);
  for (let i = 0; i < instance.customerCount; i++) {
    const c = choice[i]!;
    if (c >= 0) perOption[instance.candidateOption[c]!]! += 1;
  }
  return usageFromOptionMass(instance, perOption);
}

/** Expands per-option mass (how many customers took each option) into per-row usage. */
export function usageFromOptionMass(instance: Instance, mass: Float64Array): Float64Array {
  const usage = new Float64Array(instance.capacity.length);
  const { optionStart, useConstraint, useAmount } = instance;
  for (let p = 0; p < mass.length; p++) {
    const m = mass[p]!;
    if (m === 0) continue;
    for (let u = optionStart[p]!; u < optionStart[p + 1]!; u++) usage[useConstraint[u]!]! += m * useAmount[u]!;
  }
  return usage;
}

export function valueOf(instance: Instance, choice: Int32Array): number {
  let total = 0;
  for (let i = 0; i < instance.customerCount; i++) {
    const c = choice[i]!;
    if (c >= 0) total += instance.candidateValue[c]!;
  }
  return total;
}

/** Relative tolerance used when checking `usage ≤ capacity`. */
export const feasibilityTolerance = 1e-9;

export function violatedConstraints(instance: Instance, choice: Int32Array): number[] {
  const usage = usageOf(instance, choice);
  const out: number[] = [];
  for (let k = 0; k < usage.length; k++) {
    const cap = instance.capacity[k]!;
    if (usage[k]! > cap + feasibilityTolerance * Math.max(1, cap)) out.push(k);
  }
  return out;
}
