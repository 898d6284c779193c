import { describe, expect, it } from 'vitest';
import { consentKey } from '../domain';
import { readFeatures } from './read-features';
import { testIngestor, testNow, vinA, vinB } from './test-helpers';

describe('readFeatures and consent (PR-05)', () => {
  const { ingestor } = testIngestor();
  for (const vin of [vinA, vinB]) ingestor.ingestRecords(Array.from({ length: 300 }, (_, i) => ({ vin, path: 'Vehicle.Speed', value: 90, ts: testNow - 600_000 + i * 1000 })));

  it('returns features with their consent basis only when telematics_marketing is granted', () => {
    const granted = { [consentKey('telematics_marketing', 'any')]: true };
    const withdrawn = { [consentKey('telematics_marketing', 'any')]: false, [consentKey('marketing_contact', 'email')]: true };
    const a = readFeatures(ingestor.engine, ingestor.vehicle(vinA)?.features ?? ingestor.engine.newVehicle(vinA), granted);
    const b = readFeatures(ingestor.engine, ingestor.vehicle(vinB)?.features ?? ingestor.engine.newVehicle(vinB), withdrawn);
    expect(a.usable).toBe(true);
    expect(a.features.find((f) => f.code === 'road_type_share')?.value).toBe(1);
    expect(a.features.every((f) => f.basis.purpose === 'telematics_marketing' && f.basis.granted)).toBe(true);
    expect(a.features[0]?.asOf).toBe(new Date(testNow - 600_000 + 299_000).toISOString());
    expect(b).toEqual({ usable: false, features: [], reasons: ['no_telematics_marketing_consent'] });
  });
});
