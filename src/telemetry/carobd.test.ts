import { describe, expect, it } from 'vitest';
import { makeVin } from '../kernel';
import { carObdToPoints } from './carobd-adapter';
import { listCarObdTrips, readCarObdTrip } from './carobd-io';
import { testIngestor, testNow } from './test-helpers';

describe('carOBD trips (real 1 Hz OBD-II logs) → VSS points → features', () => {
  const trips = listCarObdTrips();
  const { ingestor, quarantine } = testIngestor();
  const results = trips.map((name, i) => {
    const vin = makeVin('9BW', 'ET1XS', 'E', 'A', i + 1);
    const csv = readCarObdTrip(name);
    const points = carObdToPoints(csv, { vin, t0: testNow - 3 * 3_600_000 });
    const r = ingestor.ingestRecords(points, { transport: 'file' });
    const rec = ingestor.vehicle(vin);
    const features = rec ? new Map(ingestor.engine.read(rec.features).map((f) => [f.code, f.reading])) : new Map();
    return { name, points: points.length, r, features };
  });

  it('maps all 25 trips to VSS points, and every point is either accepted or quarantined', () => {
    expect(trips.length).toBe(25);
    for (const t of results) {
      expect(t.points).toBeGreaterThan(500);
      expect(t.r.accepted + t.r.rejected).toBe(t.points);
    }
    const accepted = results.reduce((a, t) => a + t.r.accepted, 0);
    const rejected = results.reduce((a, t) => a + t.r.rejected, 0);
    expect(accepted / (accepted + rejected)).toBeGreaterThan(0.99);
    expect(quarantine.total()).toBe(rejected);
  });

  it('produces plausible driving features', () => {
    for (const t of results) {
      const road = t.features.get('road_type_share');
      const braking = t.features.get('hard_braking');
      const dist = t.features.get('distance_per_week');
      expect(typeof road?.value).toBe('number');
      expect(road?.value as number).toBeGreaterThanOrEqual(0);
      expect((road?.value as number) + (road?.detail?.urban as number)).toBeLessThanOrEqual(1.0001);
      // a trip of at most ~2 h at ≤ 130 km/h: between 1 and 260 km
      expect(dist?.detail?.km as number).toBeGreaterThan(1);
      expect(dist?.detail?.km as number).toBeLessThan(260);
      // hard braking (≥ 3.5 m/s²) is rare in real driving: under 30 per 100 km
      expect(braking?.value as number).toBeGreaterThanOrEqual(0);
      expect(braking?.value as number).toBeLessThan(30);
    }
    // Figures checked independently on the CSVs (share of samples > 5 km/h at ≥ 80 km/h): long2 0.55, long10 0.33,
    // drive1 never exceeds 48 km/h. (The README calls the drive files highway drives; their speeds say urban.)
    const get = (name: string) => results.find((t) => t.name === name)?.features.get('road_type_share');
    expect(get('long2')?.value as number).toBeGreaterThan(0.45);
    expect(get('long2')?.value as number).toBeLessThan(0.65);
    expect(get('long10')?.value as number).toBeGreaterThan(0.25);
    expect(get('long10')?.value as number).toBeLessThan(0.42);
    expect(get('drive1')?.value).toBe(0);
    expect(get('drive1')?.detail?.urban as number).toBeGreaterThan(0.95);
  });
});
