import { describe, expect, it } from 'vitest';
import { checkMessage } from './check-message';
import { createCapabilityRegistry, resolveVehicleCapabilities, withCapabilities } from './capability-registry';
import { parseFeatureToken } from './feature-token';

const registry = createCapabilityRegistry([
  { modelId: 'aurelia-s9', hardwareVariantId: 'hw3', softwareRange: '>=4.2.0 <5.0.0', market: 'DE', features: ['L3_EYES_OFF:motorway:95kmh'], approvalRef: 'KBA e1*157R01' },
  { modelId: 'aurelia-s9', hardwareVariantId: 'hw3', softwareRange: '>=4.0.0 <5.0.0', market: 'US-CA', features: ['L3_EYES_OFF:motorway:40mph:daylight'] },
  { modelId: 'norvik-atlas', hardwareVariantId: 'hw2', softwareRange: '^2.1.0', market: 'US', features: ['L2_HANDS_OFF:mapped_motorway'] },
]);

describe('certified-feature token grammar (§2.3)', () => {
  it('parses capability, road class, speed and conditions', () => {
    const r = parseFeatureToken('L3_EYES_OFF:motorway:40mph:daylight');
    expect(r.ok && r.token.maxSpeed?.unit).toBe('mph');
    expect(r.ok && Math.round(r.token.maxSpeed!.kmh)).toBe(64);
    expect(r.ok && r.token.conditions).toEqual(['daylight']);
  });
  it('rejects malformed tokens', () => {
    for (const bad of ['L2_HANDSOFF:motorway', 'L3_EYES_OFF:city', 'L3_EYES_OFF:motorway:fast', 'L3_EYES_OFF:motorway:daylight:95kmh', 'L2_HANDS_OFF']) {
      expect(parseFeatureToken(bad).ok, bad).toBe(false);
    }
  });
});

describe('capability registry', () => {
  it('resolves by model, hardware variant, software version range and exact market', () => {
    const q = { modelId: 'aurelia-s9', hardwareVariantId: 'hw3', softwareVersion: '4.3.1', market: 'DE' };
    expect(resolveVehicleCapabilities(registry, q).certifiedFeatures).toEqual(['L3_EYES_OFF:motorway:95kmh']);
    expect(resolveVehicleCapabilities(registry, { ...q, softwareVersion: '4.1.9' }).certifiedFeatures).toEqual([]);
    expect(resolveVehicleCapabilities(registry, { ...q, softwareVersion: '5.0.0' }).certifiedFeatures).toEqual([]);
    expect(resolveVehicleCapabilities(registry, { ...q, hardwareVariantId: 'hw2' }).certifiedFeatures).toEqual([]);
    expect(resolveVehicleCapabilities(registry, { ...q, market: 'FR' }).certifiedFeatures).toEqual([]);
    expect(resolveVehicleCapabilities(registry, { ...q, market: 'FR' }).reasons[0]).toMatch(/no certified capability/);
  });

  it('rejects invalid entries', () => {
    expect(() => createCapabilityRegistry([{ modelId: 'x', hardwareVariantId: 'y', softwareRange: 'not a range', market: 'DE', features: [] }])).toThrow();
    expect(() => createCapabilityRegistry([{ modelId: 'x', hardwareVariantId: 'y', softwareRange: '*', market: 'DE', features: ['L3_EYES_OFF:road'] }])).toThrow();
  });

  it('the checker uses the registry entry, not a label in the message', () => {
    const text = 'HighwayPilot: auf der Autobahn bis 95 km/h Filme ansehen. Auf Aufforderung übernehmen Sie sofort.';
    const claimed = { market: 'DE' as const, channel: 'hmi_card' as const, vehicle: { model: 'Aurelia S9', adasLevel: 3, certifiedFeatures: ['L3_EYES_OFF:motorway:95kmh'] }, consent: {}, text };
    const oldSoftware = withCapabilities(claimed, registry, { modelId: 'aurelia-s9', hardwareVariantId: 'hw3', softwareVersion: '3.9.0' });
    expect(oldSoftware.vehicle.certifiedFeatures).toEqual([]);
    expect(checkMessage(oldSoftware).violations.map((v) => v.ruleId)).toContain('ADAS-003');
    const approved = withCapabilities({ ...claimed, vehicle: { ...claimed.vehicle, certifiedFeatures: [] } }, registry, { modelId: 'aurelia-s9', hardwareVariantId: 'hw3', softwareVersion: '4.2.0' });
    expect(checkMessage(approved).compliant).toBe(true);
  });
});
