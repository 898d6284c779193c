import { cellToParent, getResolution, isValidCell } from 'h3-js';
import type { Rng } from '../kernel';
import { discreteLaplace } from './discrete-laplace';
import type { EncounterSummary } from './encounter-tracker';
import type { PrivacyAccountant } from './privacy-accountant';
import { discountSybils } from './sybil';

/**
 * Area statistics over V2X encounters (e.g. distinct vehicles with an
 * intersection encounter per H3 cell per week), released under THREATS.md §6:
 * coarse granularity only, each vehicle bounded to one count per cell and at
 * most `maxCellsPerVehicle` cells, discrete Laplace noise calibrated to that
 * L1 sensitivity and ε, a per-tenant budget charged before anything is
 * computed, and suppression of cells whose *noisy* count is below k.
 */
export interface AreaPolicy {
  /** Finest H3 resolution a tenant may ask for (res 6 ≈ 36 km², coarser than geohash-5). */
  maxH3Resolution: number;
  /** Shortest time bucket (1 h). */
  minBucketMs: number;
  kThreshold: number;
  maxCellsPerVehicle: number;
}

export const defaultAreaPolicy: AreaPolicy = { maxH3Resolution: 6, minBucketMs: 3_600_000, kThreshold: 20, maxCellsPerVehicle: 10 };

export interface AreaRequest {
  tenant: string;
  h3Resolution: number;
  bucketMs: number;
  epsilon: number;
}

export type AreaRelease =
  | { ok: true; cells: { cell: string; vehicles: number }[]; suppressed: number; sybilDiscounted: number; epsilon: number; reasons: string[] }
  | { ok: false; code: 'granularity_too_fine' | 'privacy_budget_exhausted' | 'invalid_epsilon'; reasons: string[] };

export function releaseAreaStats(
  summaries: readonly EncounterSummary[],
  req: AreaRequest,
  deps: { accountant: PrivacyAccountant; rng: Rng; now: Date; policy?: AreaPolicy },
): AreaRelease {
  const policy = deps.policy ?? defaultAreaPolicy;
  const fine: string[] = [];
  if (!Number.isInteger(req.h3Resolution) || req.h3Resolution < 0 || req.h3Resolution > policy.maxH3Resolution)
    fine.push(`H3 resolution ${req.h3Resolution} is finer than the allowed ${policy.maxH3Resolution}`);
  if (!(req.bucketMs >= policy.minBucketMs)) fine.push(`time bucket ${req.bucketMs} ms is shorter than ${policy.minBucketMs} ms`);
  if (fine.length > 0) return { ok: false, code: 'granularity_too_fine', reasons: fine };

  const charge = deps.accountant.charge(req.tenant, req.epsilon, deps.now);
  if (!charge.ok) return { ok: false, code: charge.code, reasons: charge.reasons };

  const { kept, discounted, reasons } = discountSybils(summaries);
  const counts = new Map<string, number>();
  for (const s of kept) {
    if (s.approaches === 0) continue;
    const cells = new Set<string>();
    for (const c of s.cells) {
      if (!isValidCell(c)) continue;
      cells.add(getResolution(c) > req.h3Resolution ? cellToParent(c, req.h3Resolution) : c);
    }
    for (const c of [...cells].sort().slice(0, policy.maxCellsPerVehicle)) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  const scale = policy.maxCellsPerVehicle / req.epsilon;
  const released: { cell: string; vehicles: number }[] = [];
  let suppressed = 0;
  for (const [cell, n] of [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const noisy = n + discreteLaplace(scale, deps.rng);
    if (noisy >= policy.kThreshold) released.push({ cell, vehicles: noisy });
    else suppressed++;
  }
  return {
    ok: true,
    cells: released,
    suppressed,
    sybilDiscounted: discounted,
    epsilon: req.epsilon,
    reasons: [...reasons, `discrete Laplace scale ${scale} (sensitivity ${policy.maxCellsPerVehicle}, ε ${req.epsilon})`, `k=${policy.kThreshold} on noisy counts`],
  };
}
