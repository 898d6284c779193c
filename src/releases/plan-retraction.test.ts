import { describe, expect, it } from 'vitest';
import { capabilityRegistryEntries } from './capability-entries';
import { planRetraction, type LiveOffer } from './plan-retraction';
import { sampleApproval, sampleRelease, sampleTemplate, sampleVehicle } from './release-fixtures';
import { applyUpdateReport, initialSoftwareState } from './software-state';

const now = new Date('2026-04-10T12:00:00.000Z');
const a = sampleVehicle(1), b = sampleVehicle(2, { softwareVersion: '4.5.0' });
const live: LiveOffer[] = [
  { vin: a.vin, offerId: 'off-hands-off-trial', campaignId: 'cmp-hands-off', market: 'US', status: 'delivered' },
  { vin: b.vin, offerId: 'off-hands-off-trial', campaignId: 'cmp-hands-off', market: 'US', status: 'pending' },
];
const base = { template: sampleTemplate(), release: sampleRelease(), approvals: [sampleApproval()], vehicles: [a, b], live, now };

describe('planRetraction', () => {
  it('keeps offers that still hold', () => {
    expect(planRetraction(base)).toEqual({ instructions: [], kept: 2 });
  });

  it('revokes the delivered card of a vehicle whose update rolled back, and only that one', () => {
    let s = initialSoftwareState(a.vin, '4.2.0');
    for (const [status, at] of [['installed', '2026-04-05T00:00:00.000Z'], ['rolled_back', '2026-04-09T00:00:00.000Z']] as const) {
      const o = applyUpdateReport(s, { vin: a.vin, version: '4.5.0', fromVersion: '4.2.0', status, at });
      s = o.state;
    }
    const plan = planRetraction({ ...base, states: new Map([[a.vin, s]]) });
    expect(plan.instructions).toEqual([expect.objectContaining({ vin: a.vin, action: 'revoke', reason: 'update_rolled_back' })]);
    expect(plan.kept).toBe(1);
  });

  it('suppresses pending and revokes delivered offers when the approval is withdrawn', () => {
    const withdrawn = sampleApproval({ status: 'withdrawn', issuedAt: '2026-04-09T00:00:00.000Z', effectiveAt: '2026-04-09T00:00:00.000Z' });
    const plan = planRetraction({ ...base, approvals: [sampleApproval(), withdrawn] });
    expect(plan.instructions.map((i) => [i.vin, i.action, i.reason])).toEqual([
      [a.vin, 'revoke', 'approval_withdrawn'],
      [b.vin, 'suppress', 'approval_withdrawn'],
    ]);
  });

  it('suppresses an offer whose vehicle failed its update', () => {
    const s = applyUpdateReport(initialSoftwareState(a.vin, '4.2.0'), { vin: a.vin, version: '4.5.0', fromVersion: '4.2.0', status: 'failed', at: '2026-04-05T00:00:00.000Z' }).state;
    const plan = planRetraction({ ...base, live: [{ ...live[0]!, status: 'pending' }], states: new Map([[a.vin, s]]) });
    expect(plan.instructions).toEqual([expect.objectContaining({ action: 'suppress', reason: 'update_failed' })]);
  });

  it('revokes an offer for a vehicle that is no longer known, and ignores other campaigns', () => {
    const plan = planRetraction({ ...base, vehicles: [b], live: [...live, { ...live[1]!, campaignId: 'cmp-other' }] });
    expect(plan.instructions).toEqual([expect.objectContaining({ vin: a.vin, reason: 'vehicle_unknown' })]);
  });
});

describe('capabilityRegistryEntries', () => {
  it('certifies the tokens of approvals in force, merged per model, variant, range and market', () => {
    const de = sampleApproval({ market: 'DE', certified: [{ modelId: 'vireo', hardwareVariantId: 'vireo-hw3', versionRange: '>=4.5.0', tokens: ['L2_HANDS_OFF:motorway:130kmh'] }] });
    const other = sampleApproval({ feature: 'lane_change', certified: [{ modelId: 'vireo', hardwareVariantId: 'vireo-hw3', versionRange: '>=4.5.0', tokens: ['L2_HANDS_OFF:motorway', 'L2_HANDS_OFF:mapped_motorway'] }] });
    const { entries } = capabilityRegistryEntries([sampleApproval(), de, other], now);
    expect(entries).toEqual([
      { modelId: 'vireo', hardwareVariantId: 'vireo-hw3', versionRange: '>=4.5.0', market: 'DE', tokens: ['L2_HANDS_OFF:motorway:130kmh'] },
      { modelId: 'vireo', hardwareVariantId: 'vireo-hw3', versionRange: '>=4.5.0', market: 'US', tokens: ['L2_HANDS_OFF:mapped_motorway', 'L2_HANDS_OFF:motorway'] },
    ]);
  });

  it('drops the tokens of a withdrawn or not-yet-effective approval, with a reason', () => {
    const withdrawn = sampleApproval({ status: 'withdrawn', issuedAt: '2026-04-09T00:00:00.000Z' });
    const late = sampleApproval({ market: 'DE', effectiveAt: '2026-06-01T00:00:00.000Z' });
    const r = capabilityRegistryEntries([sampleApproval(), withdrawn, late], now);
    expect(r.entries).toEqual([]);
    expect(r.reasons).toEqual([expect.stringContaining('DE: approved from 2026-06-01'), expect.stringContaining('US: withdrawn')]);
  });
});
