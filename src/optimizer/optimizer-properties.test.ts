import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkHoldouts } from './holdouts';
import { generateInstance } from './generate-instance';
import { solveExact } from './highs-solver';
import { solveScale } from './dual-solver';
import { feasibilityTolerance, sortCandidatesByValue, sharedFloat32, sharedFloat64, sharedInt32, sharedUint8, usageOf, type Instance } from './instance';

/** Checks the plan invariants; returns the broken ones (empty when all hold). */
function brokenInvariants(instance: Instance, choice: Int32Array): string[] {
  const broken: string[] = [];
  for (let i = 0; i < instance.customerCount; i++) {
    const c = choice[i]!;
    if (c >= 0 && (c < instance.candidateStart[i]! || c >= instance.candidateStart[i + 1]!)) broken.push(`customer ${i} got another customer's candidate`);
  }
  const usage = usageOf(instance, choice);
  usage.forEach((u, k) => {
    const cap = instance.capacity[k]!;
    if (u > cap + feasibilityTolerance * Math.max(1, cap)) broken.push(`${instance.constraints[k]!.kind} ${instance.constraints[k]!.label} over: ${u} > ${cap}`);
  });
  for (const h of checkHoldouts(instance, choice)) if (!h.ok) broken.push(...h.reasons);
  return broken;
}

/** An instance with arbitrary structure: random rows (some closed), random uses, values of both signs. */
const arbitraryInstance = fc.record({
  sorted: fc.boolean(),
  rows: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 30 })), { minLength: 1, maxLength: 6 }),
  options: fc.array(fc.array(fc.tuple(fc.nat(5), fc.integer({ min: 1, max: 8 })), { maxLength: 3 }), { minLength: 1, maxLength: 8 }),
  customers: fc.array(fc.record({
    holdout: fc.boolean(),
    candidates: fc.array(fc.tuple(fc.nat(7), fc.integer({ min: -20, max: 100 })), { maxLength: 5 }),
  }), { minLength: 1, maxLength: 25 }),
}).map(({ sorted, rows, options, customers }): Instance => {
  const m = rows.length;
  const optionStart = [0];
  const useConstraint: number[] = [];
  const useAmount: number[] = [];
  for (const uses of options) {
    for (const [row, amount] of uses) { useConstraint.push(row % m); useAmount.push(amount); }
    optionStart.push(useConstraint.length);
  }
  const total = customers.reduce((a, c) => a + c.candidates.length, 0);
  const candidateStart = sharedInt32(customers.length + 1);
  const candidateValue = sharedFloat32(total);
  const candidateOption = sharedInt32(total);
  const holdout = sharedUint8(customers.length);
  let j = 0;
  customers.forEach((c, i) => {
    candidateStart[i] = j;
    holdout[i] = c.holdout ? 1 : 0;
    for (const [option, value] of c.candidates) { candidateOption[j] = option % options.length; candidateValue[j] = value; j++; }
  });
  candidateStart[customers.length] = j;
  const capacity = sharedFloat64(m);
  rows.forEach((r, k) => { capacity[k] = r; });
  const instance: Instance = {
    customerCount: customers.length, customerIds: undefined, candidateStart, candidateValue, candidateOption,
    optionStart: Int32Array.from(optionStart), useConstraint: Int32Array.from(useConstraint), useAmount: Float64Array.from(useAmount),
    capacity, constraints: rows.map((_, k) => ({ id: `r${k}`, kind: 'budget' as const, label: `row ${k}` })),
    options: options.map((_, p) => ({ id: `o${p}`, offer: `offer${p}`, channel: 'email', dealer: 'D0' })),
    holdout, customerSegment: new Int32Array(customers.length), segments: [{ id: 'all', minHoldoutShare: 0 }],
  };
  // Half the runs exercise the kernel's early exit on value-sorted candidates.
  if (sorted) sortCandidatesByValue(instance);
  return instance;
});

const generated = fc.record({
  customers: fc.integer({ min: 2, max: 40 }),
  candidatesPerCustomer: fc.integer({ min: 1, max: 6 }),
  constraints: fc.integer({ min: 1, max: 12 }),
  seed: fc.nat(),
  holdoutShare: fc.double({ min: 0, max: 0.3, noNaN: true }),
}).map((p) => generateInstance(p));

async function checkAgainstHighs(instance: Instance): Promise<void> {
  const scale = await solveScale(instance, { maxIterations: 300 });
  expect(brokenInvariants(instance, scale.choice)).toEqual([]);
  const lp = await solveExact(instance, { integer: false });
  const mip = await solveExact(instance, { integer: true });
  const eps = 1e-6 * Math.max(1, Math.abs(lp.objective));
  expect(brokenInvariants(instance, mip.choice)).toEqual([]);
  // Weak duality: the reported bound is above the LP optimum, which is above the MIP optimum.
  expect(scale.dualBound).toBeGreaterThanOrEqual(lp.objective - eps);
  expect(lp.objective).toBeGreaterThanOrEqual(mip.objective - eps);
  // The primal is a feasible integer plan: never better than the MIP optimum,
  // and within its reported gap of it.
  expect(scale.primalValue).toBeLessThanOrEqual(mip.objective + eps);
  expect(mip.objective - scale.primalValue).toBeLessThanOrEqual(scale.gap * Math.abs(scale.dualBound) + eps);
}

describe('optimizer invariants on random instances', () => {
  it('generated instances: feasible, one offer per customer, holdouts kept, within the reported gap of HiGHS', async () => {
    await fc.assert(fc.asyncProperty(generated, checkAgainstHighs), { numRuns: 150, seed: 7 });
  });

  it('arbitrary structure (closed rows, negative values, shared rows): the same invariants', async () => {
    await fc.assert(fc.asyncProperty(arbitraryInstance, checkAgainstHighs), { numRuns: 150, seed: 11 });
  });

  it('the invariant checker catches an over-capacity plan and a holdout that got an offer', () => {
    const instance = generateInstance({ customers: 200, candidatesPerCustomer: 4, constraints: 10, seed: 3 });
    const greedy = new Int32Array(instance.customerCount);
    for (let i = 0; i < instance.customerCount; i++) greedy[i] = instance.candidateStart[i]!;
    const broken = brokenInvariants(instance, greedy);
    expect(broken.some((b) => b.includes('over'))).toBe(true);
    expect(broken.some((b) => b.includes('held-out'))).toBe(true);
  });
});
