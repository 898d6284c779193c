import { z } from 'zod';
import { ForecourtError } from '../kernel';
import {
  constraintKinds, customerId, sortCandidatesByValue, sharedFloat32, sharedFloat64, sharedInt32, sharedUint8, type Instance,
} from './instance';

const Id = z.string().min(1).max(200);

/** The JSON form of an instance, as the API and the CLI receive it. */
export const InstanceJson = z.strictObject({
  constraints: z.array(z.strictObject({
    id: Id,
    kind: z.enum(constraintKinds),
    label: z.string().max(300),
    capacity: z.number().min(0),
  })),
  /** Offer × channel × dealer combinations and what one assignment of each uses. */
  options: z.array(z.strictObject({
    id: Id,
    offer: Id,
    channel: Id,
    dealer: Id,
    uses: z.array(z.strictObject({ constraint: Id, amount: z.number().min(0) })),
  })),
  segments: z.array(z.strictObject({ id: Id, minHoldoutShare: z.number().min(0).max(1) })).default([]),
  customers: z.array(z.strictObject({
    id: Id,
    segment: Id.optional(),
    holdout: z.boolean().default(false),
    candidates: z.array(z.strictObject({ option: Id, value: z.number().finite() })),
  })),
});
export type InstanceJson = z.infer<typeof InstanceJson>;

const defaultSegment = '(all)';

/** Parses the JSON form into the compact typed-array form; unknown references are a VALIDATION_FAILED error. */
export function parseInstance(body: unknown): Instance {
  const parsed = InstanceJson.safeParse(body);
  if (!parsed.success) throw new ForecourtError('VALIDATION_FAILED', 'The instance does not match its schema', z.treeifyError(parsed.error));
  const json = parsed.data;
  const problems: string[] = [];
  const rowIndex = new Map(json.constraints.map((c, k) => [c.id, k]));
  const optionIndex = new Map(json.options.map((o, p) => [o.id, p]));
  const segments = [...json.segments];
  if (json.customers.some((c) => c.segment === undefined) && !segments.some((s) => s.id === defaultSegment)) {
    segments.push({ id: defaultSegment, minHoldoutShare: 0 });
  }
  const segmentIndex = new Map(segments.map((s, i) => [s.id, i]));
  const optionStart = [0];
  const useConstraint: number[] = [];
  const useAmount: number[] = [];
  for (const option of json.options) {
    for (const use of option.uses) {
      const k = rowIndex.get(use.constraint);
      if (k === undefined) problems.push(`option ${option.id} uses unknown constraint ${use.constraint}`);
      else if (use.amount > 0) { useConstraint.push(k); useAmount.push(use.amount); }
    }
    optionStart.push(useConstraint.length);
  }
  const n = json.customers.length;
  const total = json.customers.reduce((a, c) => a + c.candidates.length, 0);
  const candidateStart = sharedInt32(n + 1);
  const candidateValue = sharedFloat32(total);
  const candidateOption = sharedInt32(total);
  const holdout = sharedUint8(n);
  const customerSegment = sharedInt32(n);
  let j = 0;
  json.customers.forEach((customer, i) => {
    candidateStart[i] = j;
    holdout[i] = customer.holdout ? 1 : 0;
    const s = segmentIndex.get(customer.segment ?? defaultSegment);
    if (s === undefined) problems.push(`customer ${customer.id} is in unknown segment ${customer.segment}`);
    customerSegment[i] = s ?? 0;
    for (const candidate of customer.candidates) {
      const p = optionIndex.get(candidate.option);
      if (p === undefined) problems.push(`customer ${customer.id} has unknown option ${candidate.option}`);
      candidateOption[j] = p ?? 0;
      candidateValue[j] = candidate.value;
      j++;
    }
  });
  candidateStart[n] = j;
  if (problems.length > 0) throw new ForecourtError('VALIDATION_FAILED', 'The instance refers to unknown ids', problems.slice(0, 50));
  const capacity = sharedFloat64(json.constraints.length);
  json.constraints.forEach((c, k) => { capacity[k] = c.capacity; });
  const instance: Instance = {
    customerCount: n,
    customerIds: json.customers.map((c) => c.id),
    candidateStart, candidateValue, candidateOption,
    optionStart: Int32Array.from(optionStart),
    useConstraint: Int32Array.from(useConstraint),
    useAmount: Float64Array.from(useAmount),
    capacity,
    constraints: json.constraints.map(({ id, kind, label }) => ({ id, kind, label })),
    options: json.options.map(({ id, offer, channel, dealer }) => ({ id, offer, channel, dealer })),
    holdout, customerSegment, segments,
  };
  sortCandidatesByValue(instance);
  return instance;
}

/** The JSON form of a compact instance (e.g. a generated one), for the API, the CLI and fixtures. */
export function instanceToJson(instance: Instance): InstanceJson {
  return {
    constraints: instance.constraints.map((c, k) => ({ ...c, capacity: instance.capacity[k]! })),
    options: instance.options.map((o, p) => {
      const uses = [];
      for (let u = instance.optionStart[p]!; u < instance.optionStart[p + 1]!; u++) {
        uses.push({ constraint: instance.constraints[instance.useConstraint[u]!]!.id, amount: instance.useAmount[u]! });
      }
      return { ...o, uses };
    }),
    segments: instance.segments.map((s) => ({ ...s })),
    customers: Array.from({ length: instance.customerCount }, (_, i) => {
      const candidates = [];
      for (let j = instance.candidateStart[i]!; j < instance.candidateStart[i + 1]!; j++) {
        candidates.push({ option: instance.options[instance.candidateOption[j]!]!.id, value: instance.candidateValue[j]! });
      }
      return { id: customerId(instance, i), segment: instance.segments[instance.customerSegment[i]!]!.id, holdout: instance.holdout[i] === 1, candidates };
    }),
  };
}
