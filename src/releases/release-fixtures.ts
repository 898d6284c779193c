import type { Offer, Vehicle } from '../domain';
import { makeVin } from '../kernel';
import { Approval, Release, ReleaseCampaignTemplate, type ApprovalInput, type PlannedVehicle, type ReleaseCampaignTemplateInput, type ReleaseInput } from './release-schemas';

/** Small hand-written release data shared by the release tests (model `vireo`, hardware `vireo-hw3`). */
export function sampleRelease(over: Partial<ReleaseInput> = {}): Release {
  return Release.parse({
    version: '4.5.0',
    modelId: 'vireo',
    publishedAt: '2026-04-01T00:00:00.000Z',
    features: [{ code: 'hands_off_assist', change: 'added' }],
    hardwareVariantIds: ['vireo-hw3'],
    installableOn: '4.2.x || 4.3.x',
    waves: [{ startsAt: '2026-04-01T00:00:00.000Z', share: 1 }],
    ...over,
  });
}

export function sampleApproval(over: Partial<ApprovalInput> = {}): Approval {
  return Approval.parse({
    feature: 'hands_off_assist',
    market: 'US',
    status: 'approved',
    issuedAt: '2026-04-02T00:00:00.000Z',
    effectiveAt: '2026-04-02T00:00:00.000Z',
    authority: 'NHTSA',
    certified: [{ modelId: 'vireo', hardwareVariantId: 'vireo-hw3', versionRange: '>=4.5.0', tokens: ['L2_HANDS_OFF:mapped_motorway'] }],
    ...over,
  });
}

export function sampleTemplate(over: Partial<ReleaseCampaignTemplateInput> = {}): ReleaseCampaignTemplate {
  return ReleaseCampaignTemplate.parse({
    campaignId: 'cmp-hands-off',
    feature: 'hands_off_assist',
    offerId: 'off-hands-off-trial',
    markets: ['US', 'DE'],
    creative: { headline: 'Try hands-off assist', body: 'A 30-day trial of hands-off assist on mapped motorways.', language: 'en' },
    holdoutShare: 0,
    ...over,
  });
}

export function sampleVehicle(serial: number, over: Partial<PlannedVehicle> = {}): PlannedVehicle {
  const market = over.market ?? 'US';
  return {
    vin: makeVin(market === 'DE' ? 'WHL' : '1HL', 'VR2B5', 'T', 'A', serial),
    modelId: 'vireo',
    hardwareVariantId: 'vireo-hw3',
    market,
    softwareVersion: '4.2.0',
    ...over,
  };
}

/** Registered vehicles (domain shape) for store and route tests: one per planner outcome. */
export function releaseFleet(): { vehicles: Vehicle[]; expected: Record<string, string> } {
  const rows: [number, 'US' | 'DE', string, string, string][] = [
    [2001, 'US', 'vireo-hw3', '4.2.0', 'target'],
    [2002, 'US', 'vireo-hw3', '4.5.0', 'target'],
    [2003, 'US', 'vireo-hw2', '4.2.0', 'unsupported_hardware'],
    [2004, 'US', 'vireo-hw3', '4.1.9', 'version_below_range'],
    [2005, 'US', 'vireo-hw3', '4.4.1', 'prerequisite_missing'],
    [2006, 'DE', 'vireo-hw3', '4.3.0', 'market_not_approved'],
  ];
  const vehicles = rows.map(([serial, market, hw, version]) => ({
    vin: sampleVehicle(serial, { market }).vin, modelId: 'vireo', trimId: 'vireo-touring', hardwareVariantId: hw, market,
    modelYear: 2026, softwareVersion: version, homeDealerId: market === 'DE' ? 'dlr-c' : 'dlr-a', ownerId: null, odometerKm: 100, registeredAt: '2026-01-05T00:00:00.000Z',
  }));
  return { vehicles, expected: Object.fromEntries(rows.map(([, , , , e], i) => [vehicles[i]!.vin, e])) };
}

export const hw2Variant = { id: 'vireo-hw2', modelId: 'vireo', name: 'HW2', adasLevel: 1 };

/** The catalog offer the sample template points at (program `prg-spring` of the shared fixture). */
export const handsOffOffer: Offer = {
  id: 'off-hands-off-trial', programId: 'prg-spring', kind: 'feature_trial', name: 'Hands-off assist: 30-day trial', markets: ['US', 'DE'],
  validFrom: '2026-03-01T00:00:00.000Z', validTo: '2026-06-01T00:00:00.000Z', terms: { trialDays: 30 }, requires: [], requiresStock: [],
};
