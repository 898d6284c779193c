import type { MarketCode } from '../domain';
import { Approval, Release } from './release-schemas';

/**
 * The shape of the simulator's `SimRelease` (src/simulator/releases.ts), restated
 * here because the simulator does not export it yet. Structural, so the
 * simulator's objects can be passed as they are.
 */
export interface SimulatedRelease {
  readonly modelId: string;
  readonly version: string;
  readonly fromRange: string;
  readonly hardwareVariantIds: readonly string[];
  readonly features: readonly string[];
  readonly publishedAt: string;
  readonly approvals: readonly { readonly market: MarketCode; readonly status: 'pending' | 'approved' | 'rejected'; readonly at: string | null }[];
  readonly waves: readonly { readonly startsAt: string; readonly share: number }[];
  readonly outcome: 'completed' | 'failed' | 'rolled_back' | 'in_progress';
  readonly endedAt: string | null;
}

export interface ReleaseFeed {
  readonly release: Release;
  /** Approvals as they would arrive, in issue order (one per feature and market). */
  readonly approvals: Approval[];
}

/**
 * Turns one simulated release into the feed this capability ingests: a failed
 * or rolled-back rollout is a release halted at `endedAt`; each approved market
 * becomes one approval per feature on its date (a late approval simply has a
 * late date); a rejected or pending market gets no approval.
 */
export function fromSimulatedRelease(sim: SimulatedRelease): ReleaseFeed {
  const release = Release.parse({
    version: sim.version,
    modelId: sim.modelId,
    publishedAt: sim.publishedAt,
    features: sim.features.map((code) => ({ code, change: 'added' })),
    hardwareVariantIds: sim.hardwareVariantIds,
    installableOn: sim.fromRange,
    waves: sim.waves,
    haltedAt: sim.outcome === 'failed' || sim.outcome === 'rolled_back' ? sim.endedAt : null,
  });
  const approvals: Approval[] = [];
  for (const a of sim.approvals) {
    if (a.status !== 'approved' || a.at === null) continue;
    for (const feature of sim.features) approvals.push(Approval.parse({ feature, market: a.market, status: 'approved', issuedAt: a.at, effectiveAt: a.at, authority: 'simulated' }));
  }
  approvals.sort((x, y) => (x.issuedAt < y.issuedAt ? -1 : x.issuedAt > y.issuedAt ? 1 : 0));
  return { release, approvals };
}
