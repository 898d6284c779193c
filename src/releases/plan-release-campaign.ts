import { createHmac } from 'node:crypto';
import semver from 'semver';
import { assignHoldout } from '../measurement';
import type { MarketCode } from '../domain';
import type { Approval, PlannedVehicle, Release, ReleaseCampaignTemplate } from './release-schemas';
import type { VehicleSoftwareState } from './software-state';

export const exclusionReasons = [
  'market_not_in_campaign', 'market_not_approved', 'approval_withdrawn', 'feature_not_in_release',
  'unsupported_hardware', 'update_failed', 'update_rolled_back', 'version_below_range',
  'prerequisite_missing', 'rollout_halted', 'wave_not_reached',
] as const;
export type ExclusionReason = (typeof exclusionReasons)[number];

/** The input of the normal pipeline (eligibility → optimizer → compliance gate → delivery). */
export interface ReleaseTarget {
  readonly vin: string;
  readonly offerId: string;
  readonly campaignId: string;
  readonly market: MarketCode;
  readonly reason: string;
}

export interface ExcludedVehicle {
  readonly vin: string;
  readonly reason: ExclusionReason;
  readonly detail: string;
}

export interface ReleaseCampaignPlan {
  readonly campaignId: string;
  readonly feature: string;
  readonly releaseVersion: string;
  /** True when at least one vehicle qualifies (treated or held out). */
  readonly launched: boolean;
  readonly launchedMarkets: readonly MarketCode[];
  readonly targets: readonly ReleaseTarget[];
  /** Qualifying vehicles deliberately not offered, to measure uplift. */
  readonly holdout: readonly ReleaseTarget[];
  readonly excluded: readonly ExcludedVehicle[];
}

export interface PlanInput {
  template: ReleaseCampaignTemplate;
  release: Release;
  approvals: readonly Approval[];
  vehicles: readonly PlannedVehicle[];
  /** Software state by VIN; a vehicle without one runs its registered version. */
  states?: ReadonlyMap<string, VehicleSoftwareState>;
  now: Date;
}

export type Qualification = { ok: true; reason: string } | { ok: false; reason: ExclusionReason; detail: string };

/** The decision in force for a feature in a market: the latest issued one. */
export function approvalInForce(approvals: readonly Approval[], feature: string, market: string): Approval | null {
  let best: Approval | null = null;
  for (const a of approvals) {
    if (a.feature !== feature || a.market !== market) continue;
    if (!best || a.issuedAt > best.issuedAt) best = a;
  }
  return best;
}

/** Uniform in [0, 1): where a vehicle sits in a release's staged rollout (same for every campaign). */
export function rolloutBucket(version: string, vin: string): number {
  const d = createHmac('sha256', 'forecourt/rollout').update(`${version}:${vin}`).digest();
  return d.readUInt32BE(0) / 2 ** 32;
}

/** Share of the fleet reached at `now`, counting only waves started before a halt. */
export function rolloutShare(release: Release, now: Date): number {
  const t = now.toISOString();
  const cutoff = release.haltedAt !== null && release.haltedAt < t ? release.haltedAt : t;
  let share = 0;
  for (const w of release.waves) if (w.startsAt <= cutoff) share = Math.max(share, w.share);
  return share;
}

function fail(reason: ExclusionReason, detail: string): Qualification {
  return { ok: false, reason, detail };
}

/** Whether one vehicle may be offered the feature now, with the reason either way. */
export function qualifyVehicle(input: Omit<PlanInput, 'vehicles'>, vehicle: PlannedVehicle): Qualification {
  const { template, release, now } = input;
  const t = now.toISOString();
  if (!template.markets.includes(vehicle.market)) return fail('market_not_in_campaign', `${vehicle.market} is not one of ${template.markets.join(', ')}`);
  if (!release.features.some((f) => f.code === template.feature)) return fail('feature_not_in_release', `${release.version} does not carry ${template.feature}`);
  const approval = approvalInForce(input.approvals, template.feature, vehicle.market);
  if (!approval) return fail('market_not_approved', `no approval for ${template.feature} in ${vehicle.market}`);
  if (approval.status === 'withdrawn' && approval.effectiveAt <= t) return fail('approval_withdrawn', `${template.feature} withdrawn in ${vehicle.market} from ${approval.effectiveAt}`);
  if (approval.status === 'approved' && approval.effectiveAt > t) return fail('market_not_approved', `${template.feature} approved in ${vehicle.market} only from ${approval.effectiveAt}`);
  if (approval.status === 'withdrawn') return fail('approval_withdrawn', `${template.feature} withdrawal in ${vehicle.market} takes effect ${approval.effectiveAt}`);
  if (vehicle.modelId !== release.modelId || !release.hardwareVariantIds.includes(vehicle.hardwareVariantId)) {
    return fail('unsupported_hardware', `${vehicle.modelId}/${vehicle.hardwareVariantId} is not supported by ${release.version}`);
  }
  const state = input.states?.get(vehicle.vin);
  const update = state?.updates[release.version];
  if (update?.status === 'failed') return fail('update_failed', `update to ${release.version} failed at ${update.at}`);
  if (update?.status === 'rolled_back') return fail('update_rolled_back', `update to ${release.version} rolled back at ${update.at}`);
  const current = state?.currentVersion ?? vehicle.softwareVersion;
  if (semver.gte(current, release.version)) return { ok: true, reason: `runs ${current}, which carries ${template.feature} (since ${release.version})` };
  if (semver.ltr(current, release.installableOn)) return fail('version_below_range', `runs ${current}, below ${release.installableOn}`);
  if (!semver.satisfies(current, release.installableOn)) return fail('prerequisite_missing', `runs ${current}; ${release.version} installs only over ${release.installableOn}`);
  if (release.haltedAt !== null && release.haltedAt <= t) return fail('rollout_halted', `rollout of ${release.version} halted at ${release.haltedAt}`);
  if (update?.status === 'pending') return { ok: true, reason: `update ${current} → ${release.version} pending since ${update.at}` };
  const share = rolloutShare(release, now);
  const bucket = rolloutBucket(release.version, vehicle.vin);
  if (bucket >= share) return fail('wave_not_reached', `rollout at ${(share * 100).toFixed(1)}%, vehicle at ${(bucket * 100).toFixed(1)}%`);
  return { ok: true, reason: `in rollout wave (${(share * 100).toFixed(1)}% reached), installs over ${current}` };
}

/**
 * Plans a release-bound campaign: exactly the vehicles in an approved market,
 * on supported hardware, whose version carries the feature or installs the
 * release and has been reached by a wave. Qualifying vehicles are split into
 * targets and a sticky holdout; every other vehicle gets its reason.
 */
export function planReleaseCampaign(input: PlanInput): ReleaseCampaignPlan {
  const { template } = input;
  const targets: ReleaseTarget[] = [];
  const holdout: ReleaseTarget[] = [];
  const excluded: ExcludedVehicle[] = [];
  const markets = new Set<MarketCode>();
  const plan = { experimentId: template.campaignId, salt: `${template.campaignId}/holdout`, shares: { customer: template.holdoutShare } };
  for (const v of [...input.vehicles].sort((a, b) => (a.vin < b.vin ? -1 : a.vin > b.vin ? 1 : 0))) {
    const q = qualifyVehicle(input, v);
    if (!q.ok) {
      excluded.push({ vin: v.vin, reason: q.reason, detail: q.detail });
      continue;
    }
    markets.add(v.market);
    const target = { vin: v.vin, offerId: template.offerId, campaignId: template.campaignId, market: v.market, reason: q.reason };
    const h = assignHoldout(plan, { customerId: v.vin, dealerId: null, regionId: null });
    if (h.heldOut) holdout.push({ ...target, reason: `${q.reason}; held out (${h.reasons.join('; ')})` });
    else targets.push(target);
  }
  return {
    campaignId: template.campaignId,
    feature: template.feature,
    releaseVersion: input.release.version,
    launched: targets.length + holdout.length > 0,
    launchedMarkets: [...markets].sort(),
    targets,
    holdout,
    excluded,
  };
}

/** The release that first added a feature (lowest version), if any. */
export function releaseForFeature(releases: readonly Release[], feature: string): Release | null {
  const carrying = releases.filter((r) => r.features.some((f) => f.code === feature && f.change === 'added'));
  carrying.sort((a, b) => semver.compare(a.version, b.version));
  return carrying[0] ?? null;
}
