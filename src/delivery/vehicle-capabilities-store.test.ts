import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkMessage, resolveVehicleCapabilities } from '../compliance';
import { ingestReleaseEvent, releasesStore, sampleApproval } from '../releases';
import { openStore, type Store } from '../store';
import { fixture, loadFixture } from '../testing';
import { loadCapabilityRegistry } from './vehicle-capabilities-store';

let store: Store;
beforeAll(async () => {
  store = await openStore({ dataDir: 'memory' });
  await loadFixture(store);
});
afterAll(async () => store?.close());

const vehicle = fixture.vehicles[0]!; // vireo, vireo-hw3, 4.2.0, US
const query = (over: Partial<{ softwareVersion: string; market: string }> = {}) => ({ modelId: vehicle.modelId, hardwareVariantId: vehicle.hardwareVariantId, softwareVersion: vehicle.softwareVersion, market: vehicle.market, ...over });
const handsOff = { market: 'US', channel: 'push', vehicle: { model: 'Halden Vireo', adasLevel: 2, certifiedFeatures: [] as string[] }, consent: { telematicsMarketing: true, channelMarketing: true },
  text: 'Hands-off driving on pre-mapped highways: keep your eyes on the road at all times.' };

describe('certified capabilities for the delivery gate come from the release feed', () => {
  it('has nothing certified before any approval, so a hands-off claim is blocked', async () => {
    const registry = await loadCapabilityRegistry(store.db);
    const features = registry ? [...resolveVehicleCapabilities(registry, query()).certifiedFeatures] : [];
    expect(features).toEqual([]);
    expect(checkMessage({ ...handsOff, vehicle: { ...handsOff.vehicle, certifiedFeatures: features } }).compliant).toBe(false);
  });

  it('after an approval for this model, hardware, version range and market, the same claim passes', async () => {
    await ingestReleaseEvent(releasesStore(store.db), {
      id: 'evt-cap-1', type: 'approval',
      data: sampleApproval({ issuedAt: '2026-03-01T00:00:00.000Z', effectiveAt: '2026-03-01T00:00:00.000Z', certified: [{ modelId: 'vireo', hardwareVariantId: 'vireo-hw3', versionRange: '>=4.2.0', tokens: ['L2_HANDS_OFF:mapped_motorway'] }] }),
    }, 'api', new Date('2026-04-01T00:00:00Z'));
    const registry = (await loadCapabilityRegistry(store.db))!;
    const features = [...resolveVehicleCapabilities(registry, query()).certifiedFeatures];
    expect(features).toEqual(['L2_HANDS_OFF:mapped_motorway']);
    const verdict = checkMessage({ ...handsOff, vehicle: { ...handsOff.vehicle, certifiedFeatures: features } });
    expect(verdict.violations.map((v) => v.ruleId)).not.toContain('ADAS-002');
    // Another market or a version below the range gets nothing.
    expect([...resolveVehicleCapabilities(registry, query({ market: 'DE' })).certifiedFeatures]).toEqual([]);
    expect([...resolveVehicleCapabilities(registry, query({ softwareVersion: '4.1.9' })).certifiedFeatures]).toEqual([]);
  });
});
