import { cellToParent, getResolution, gridDisk, isValidCell, latLngToCell } from 'h3-js';
import type { Rng } from '../kernel';
import { discreteLaplace, type EncounterSummary } from '../v2x';

/**
 * Aggregates a dealer sees that are computed from other dealers' customers or from
 * location-derived data (THREATS.md §6, INV-8): every count is a distinct-customer or
 * distinct-vehicle count with each person's contribution bounded, discrete Laplace noise
 * calibrated to that bound and ε, and a cell is released only when its *noisy* count is at
 * least k (suppression decided on noisy counts). True counts never leave this module.
 */
export interface PortalPrivacyPolicy {
  kThreshold: number;
  /** ε per statistic of one portal release; their sum is charged to the caller's budget. */
  epsilon: { network: number; usage: number; v2x: number };
  /** V2X area: H3 resolution (6 ≈ 36 km², coarser than geohash-5) and rings around the dealer's cell. */
  h3Resolution: number;
  areaRings: number;
  /** V2X window (a week, well above the 1 h minimum bucket). */
  windowMs: number;
  /** A vehicle counts towards a need cell when its highest need score is at least this. */
  highNeed: number;
}

export const defaultPortalPrivacy: PortalPrivacyPolicy = {
  kThreshold: 20,
  epsilon: { network: 0.2, usage: 0.2, v2x: 0.1 },
  h3Resolution: 6,
  areaRings: 2,
  windowMs: 7 * 86_400_000,
  highNeed: 0.5,
};

export const totalEpsilon = (p: PortalPrivacyPolicy): number => p.epsilon.network + p.epsilon.usage + p.epsilon.v2x;

export type NoisyCell = { status: 'released'; value: number } | { status: 'suppressed' };

/** One noisy count: true count + discrete Laplace(sensitivity / ε), released only when ≥ k. */
export function noisyCell(trueCount: number, scale: number, k: number, rng: Rng): NoisyCell {
  const noisy = trueCount + discreteLaplace(scale, rng);
  return noisy >= k ? { status: 'released', value: noisy } : { status: 'suppressed' };
}

const ratio = (a: NoisyCell, b: NoisyCell): number | null =>
  a.status === 'released' && b.status === 'released' ? Math.min(1, Math.max(0, a.value / b.value)) : null;

export interface NetworkConversionRelease {
  customersOffered: NoisyCell;
  customersRedeemed: NoisyCell;
  /** Noisy redeemed / noisy offered, when both cells are released. */
  conversion: number | null;
  epsilon: number;
  mechanism: string;
}

/**
 * The network's conversion from other dealers' customers: distinct customers offered and
 * distinct customers who redeemed. One customer changes each count by at most 1 (L1 = 2).
 */
export function releaseNetworkConversion(raw: { customersOffered: number; customersRedeemed: number }, policy: PortalPrivacyPolicy, rng: Rng): NetworkConversionRelease {
  const eps = policy.epsilon.network;
  const scale = 2 / eps;
  const customersOffered = noisyCell(raw.customersOffered, scale, policy.kThreshold, rng);
  const customersRedeemed = noisyCell(raw.customersRedeemed, scale, policy.kThreshold, rng);
  return {
    customersOffered, customersRedeemed, conversion: ratio(customersRedeemed, customersOffered), epsilon: eps,
    mechanism: `discrete Laplace, scale ${scale} (sensitivity 2, ε ${eps}); k=${policy.kThreshold} on noisy counts`,
  };
}

export interface UsageRelease {
  /** Consented vehicles of the market with telemetry features. */
  vehicles: NoisyCell;
  /** Per need: vehicles whose highest need (≥ highNeed) is this one, and its share of `vehicles`. */
  needs: { code: string; vehicles: NoisyCell; share: number | null }[];
  epsilon: number;
  mechanism: string;
}

/**
 * Usage statistics of the market's connected vehicles. Each vehicle counts once in the total
 * and at most once among the need cells (under its highest need), so L1 = 2.
 */
export function releaseUsage(topNeeds: readonly (string | null)[], needCodes: readonly string[], policy: PortalPrivacyPolicy, rng: Rng): UsageRelease {
  const eps = policy.epsilon.usage;
  const scale = 2 / eps;
  const vehicles = noisyCell(topNeeds.length, scale, policy.kThreshold, rng);
  const needs = needCodes.map((code) => {
    const cell = noisyCell(topNeeds.filter((t) => t === code).length, scale, policy.kThreshold, rng);
    return { code, vehicles: cell, share: ratio(cell, vehicles) };
  });
  return { vehicles, needs, epsilon: eps, mechanism: `discrete Laplace, scale ${scale} (sensitivity 2, ε ${eps}); k=${policy.kThreshold} on noisy counts` };
}

/** The H3 cells of a dealer's area: its cell at the policy's resolution and `areaRings` rings around it. */
export function dealerArea(lat: number, lon: number, policy: PortalPrivacyPolicy): Set<string> {
  return new Set(gridDisk(latLngToCell(lat, lon, policy.h3Resolution), policy.areaRings));
}

/** V2X encounter summaries restricted to an area's cells (summaries without any are dropped). */
export function summariesInArea(summaries: readonly EncounterSummary[], area: ReadonlySet<string>, resolution: number): EncounterSummary[] {
  const out: EncounterSummary[] = [];
  for (const s of summaries) {
    const cells = s.cells.filter((c) => isValidCell(c)).map((c) => (getResolution(c) > resolution ? cellToParent(c, resolution) : c)).filter((c) => area.has(c));
    if (cells.length > 0) out.push({ ...s, cells: [...new Set(cells)] });
  }
  return out;
}
