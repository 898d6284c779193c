import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planReleaseCampaign, qualifyVehicle, releaseForFeature, rolloutBucket, rolloutShare, type PlanInput } from './plan-release-campaign';
import { sampleApproval, sampleRelease, sampleTemplate, sampleVehicle } from './release-fixtures';
import type { PlannedVehicle } from './release-schemas';
import { applyUpdateReport, initialSoftwareState, type VehicleSoftwareState } from './software-state';

const now = new Date('2026-04-10T12:00:00.000Z');
const base: Omit<PlanInput, 'vehicles'> = { template: sampleTemplate(), release: sampleRelease(), approvals: [sampleApproval()], now };

function stateAfter(v: PlannedVehicle, ...statuses: ('pending' | 'installed' | 'failed' | 'rolled_back')[]): VehicleSoftwareState {
  let s = initialSoftwareState(v.vin, v.softwareVersion);
  statuses.forEach((status, i) => {
    const o = applyUpdateReport(s, { vin: v.vin, version: '4.5.0', fromVersion: v.softwareVersion, status, at: `2026-04-0${i + 3}T00:00:00.000Z` });
    if (!o.applied) throw new Error(o.detail);
    s = o.state;
  });
  return s;
}

/** Finds a VIN serial whose rollout bucket is above (or below) a share, so wave cases are exact. */
function serialWithBucket(predicate: (b: number) => boolean): number {
  for (let n = 1; n < 10_000; n++) if (predicate(rolloutBucket('4.5.0', sampleVehicle(n).vin))) return n;
  throw new Error('no serial found');
}

describe('planReleaseCampaign case table', () => {
  const v = sampleVehicle(1);
  it.each<[string, Partial<Omit<PlanInput, 'vehicles'>>, PlannedVehicle, (v: PlannedVehicle) => VehicleSoftwareState | null, string]>([
    ['qualifies on a prerequisite version in a reached wave', {}, v, () => null, 'target'],
    ['already runs the release', {}, { ...v, softwareVersion: '4.5.0' }, () => null, 'target'],
    ['runs a later version', {}, { ...v, softwareVersion: '5.0.1' }, () => null, 'target'],
    ['version just below range', {}, { ...v, softwareVersion: '4.1.99' }, () => null, 'version_below_range'],
    ['prerequisite missing (off the installable branches)', {}, { ...v, softwareVersion: '4.4.1' }, () => null, 'prerequisite_missing'],
    ['prerelease of a prerequisite is not a prerequisite', {}, { ...v, softwareVersion: '4.3.0-beta.1' }, () => null, 'prerequisite_missing'],
    ['unsupported hardware', {}, { ...v, hardwareVariantId: 'vireo-hw2' }, () => null, 'unsupported_hardware'],
    ['another model', {}, { ...v, modelId: 'corsa' }, () => null, 'unsupported_hardware'],
    ['market outside the campaign', {}, sampleVehicle(2, { market: 'UK' }), () => null, 'market_not_in_campaign'],
    ['market without an approval', {}, sampleVehicle(3, { market: 'DE' }), () => null, 'market_not_approved'],
    ['approval withdrawn', { approvals: [sampleApproval(), sampleApproval({ status: 'withdrawn', issuedAt: '2026-04-08T00:00:00.000Z', effectiveAt: '2026-04-08T00:00:00.000Z' })] }, v, () => null, 'approval_withdrawn'],
    ['late approval: not yet effective', { approvals: [sampleApproval({ effectiveAt: '2026-06-01T00:00:00.000Z' })] }, v, () => null, 'market_not_approved'],
    ['late approval: effective once its date has come', { approvals: [sampleApproval({ effectiveAt: '2026-06-01T00:00:00.000Z' })], now: new Date('2026-06-02T00:00:00.000Z') }, v, () => null, 'target'],
    ['an older decision does not override a newer withdrawal', { approvals: [sampleApproval({ status: 'withdrawn', issuedAt: '2026-04-09T00:00:00.000Z' }), sampleApproval()] }, v, () => null, 'approval_withdrawn'],
    ['update failed', {}, v, (x) => stateAfter(x, 'pending', 'failed'), 'update_failed'],
    ['update rolled back', {}, v, (x) => stateAfter(x, 'pending', 'installed', 'rolled_back'), 'update_rolled_back'],
    ['update installed (state wins over the registered version)', {}, v, (x) => stateAfter(x, 'pending', 'installed'), 'target'],
    ['failed wave: rollout halted before this vehicle updated', { release: sampleRelease({ haltedAt: '2026-04-05T00:00:00.000Z' }) }, v, () => null, 'rollout_halted'],
    ['failed wave: a vehicle that installed before the halt keeps the feature', { release: sampleRelease({ haltedAt: '2026-04-05T00:00:00.000Z' }) }, v, (x) => stateAfter(x, 'installed'), 'target'],
    ['release published later: no wave yet', { release: sampleRelease({ waves: [{ startsAt: '2026-05-01T00:00:00.000Z', share: 1 }] }) }, v, () => null, 'wave_not_reached'],
    ['feature not in the release', { template: sampleTemplate({ feature: 'other_feature' }), approvals: [sampleApproval({ feature: 'other_feature' })] }, v, () => null, 'feature_not_in_release'],
  ])('%s', (_name, over, vehicle, state, expected) => {
    const s = state(vehicle);
    const input = { ...base, ...over, vehicles: [vehicle], ...(s ? { states: new Map([[vehicle.vin, s]]) } : {}) };
    const plan = planReleaseCampaign(input);
    const got = plan.targets.length === 1 ? 'target' : plan.excluded[0]?.reason;
    expect(got).toBe(expected);
    if (expected === 'target') expect(plan.targets[0]).toMatchObject({ vin: vehicle.vin, offerId: 'off-hands-off-trial', campaignId: 'cmp-hands-off', market: vehicle.market });
    else expect(plan.excluded[0]!.detail.length).toBeGreaterThan(0);
  });

  it('follows staged waves: a vehicle beyond the reached share waits for a later wave', () => {
    const release = sampleRelease({ waves: [{ startsAt: '2026-04-01T00:00:00.000Z', share: 0.1 }, { startsAt: '2026-04-20T00:00:00.000Z', share: 1 }] });
    const late = sampleVehicle(serialWithBucket((b) => b >= 0.1));
    const early = sampleVehicle(serialWithBucket((b) => b < 0.1));
    const first = planReleaseCampaign({ ...base, release, vehicles: [late, early] });
    expect(first.targets.map((t) => t.vin)).toEqual([early.vin]);
    expect(first.excluded).toEqual([expect.objectContaining({ vin: late.vin, reason: 'wave_not_reached' })]);
    const later = planReleaseCampaign({ ...base, release, vehicles: [late, early], now: new Date('2026-04-21T00:00:00.000Z') });
    expect(later.targets.map((t) => t.vin).sort()).toEqual([early.vin, late.vin].sort());
  });

  it('counts only waves started before a halt', () => {
    const release = sampleRelease({ haltedAt: '2026-04-10T00:00:00.000Z', waves: [{ startsAt: '2026-04-01T00:00:00.000Z', share: 0.05 }, { startsAt: '2026-04-15T00:00:00.000Z', share: 0.5 }] });
    expect(rolloutShare(release, new Date('2026-04-20T00:00:00.000Z'))).toBe(0.05);
  });

  it('is not launched until some vehicle qualifies', () => {
    const plan = planReleaseCampaign({ ...base, approvals: [], vehicles: [sampleVehicle(1)] });
    expect(plan.launched).toBe(false);
    expect(plan.launchedMarkets).toEqual([]);
  });

  it('partitions the fleet into targets, holdout and excluded, and the holdout is sticky', () => {
    const template = sampleTemplate({ holdoutShare: 0.3 });
    const versions = ['4.1.0', '4.2.0', '4.3.5', '4.4.0', '4.5.0', '5.0.0'];
    const variants = ['vireo-hw3', 'vireo-hw2'];
    const markets = ['US', 'DE', 'UK'] as const;
    fc.assert(fc.property(fc.array(fc.record({ serial: fc.integer({ min: 1, max: 500 }), v: fc.constantFrom(...versions), hw: fc.constantFrom(...variants), m: fc.constantFrom(...markets) }), { maxLength: 40 }), (rows) => {
      const byVin = new Map(rows.map((r) => { const x = sampleVehicle(r.serial, { market: r.m, softwareVersion: r.v, hardwareVariantId: r.hw }); return [x.vin, x]; }));
      const vehicles = [...byVin.values()];
      const plan = planReleaseCampaign({ ...base, template, vehicles });
      const all = [...plan.targets, ...plan.holdout].map((t) => t.vin).concat(plan.excluded.map((e) => e.vin)).sort();
      expect(all).toEqual(vehicles.map((x) => x.vin).sort());
      for (const t of [...plan.targets, ...plan.holdout]) expect(qualifyVehicle({ ...base, template }, byVin.get(t.vin)!).ok).toBe(true);
      const again = planReleaseCampaign({ ...base, template, vehicles: [...vehicles].reverse() });
      expect(again.holdout.map((h) => h.vin)).toEqual(plan.holdout.map((h) => h.vin));
    }), { numRuns: 50 });
  });

  it('binds a feature to the release that first added it', () => {
    const a = sampleRelease({ version: '4.6.0', installableOn: '4.5.x', features: [{ code: 'hands_off_assist', change: 'changed' }] });
    expect(releaseForFeature([a, sampleRelease()], 'hands_off_assist')?.version).toBe('4.5.0');
    expect(releaseForFeature([a], 'hands_off_assist')).toBeNull();
  });
});
