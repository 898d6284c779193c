import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { needScores, scoreNeeds } from './index';

const inputs = fc.record({
  highwayShare: fc.double({ min: 0, max: 1, noNaN: true }),
  stopAndGoExposure: fc.double({ min: 0, max: 1, noNaN: true }),
  monthlyKm: fc.double({ min: 0, max: 10000, noNaN: true }),
  v2xIntersectionEncounters: fc.double({ min: 0, max: 200, noNaN: true }),
  intersectionHardBrakes: fc.double({ min: 0, max: 20, noNaN: true }),
  tyrePressureCondition: fc.double({ min: 0, max: 1, noNaN: true }),
  brakeWear: fc.double({ min: 0, max: 1, noNaN: true }),
  kmSinceService: fc.double({ min: 0, max: 60000, noNaN: true }),
  isEv: fc.constantFrom(0, 1),
  dcFastShare: fc.double({ min: 0, max: 1, noNaN: true }),
  publicSessionsPerMonth: fc.double({ min: 0, max: 60, noNaN: true }),
  homeChargingShare: fc.double({ min: 0, max: 1, noNaN: true }),
  towingShare: fc.double({ min: 0, max: 1, noNaN: true }),
  trailerConnectsPerMonth: fc.double({ min: 0, max: 30, noNaN: true }),
});

describe('need scores', () => {
  it('every registered scorer documents its inputs and has a unique code', () => {
    expect(new Set(needScores.map((s) => s.code)).size).toBe(needScores.length);
    for (const s of needScores) expect(s.features.length).toBeGreaterThan(0);
  });

  it('are bounded in 0..1, even for out-of-range inputs', () => {
    fc.assert(fc.property(inputs, fc.double({ min: -1e6, max: 1e6, noNaN: true }), (f, wild) => {
      for (const r of Object.values(scoreNeeds(f))) { expect(r.score).toBeGreaterThanOrEqual(0); expect(r.score).toBeLessThanOrEqual(1); }
      for (const r of Object.values(scoreNeeds({ ...f, highwayShare: wild, brakeWear: wild, towingShare: wild }))) {
        expect(r.score).toBeGreaterThanOrEqual(0); expect(r.score).toBeLessThanOrEqual(1);
      }
    }));
  });

  it('move in the documented direction of every input', () => {
    fc.assert(fc.property(inputs, fc.double({ min: 0.001, max: 0.5, noNaN: true }), (f, bump) => {
      for (const s of needScores) {
        const base = s.evaluate(f).score;
        for (const feat of s.features) {
          if (feat.effect === 'gate') continue;
          const up = s.evaluate({ ...f, [feat.name]: (f[feat.name as keyof typeof f] ?? 0) + bump * (feat.unit === '0..1' ? 1 : 100) }).score;
          if (feat.effect === 'raises') expect(up).toBeGreaterThanOrEqual(base - 1e-12);
          else expect(up).toBeLessThanOrEqual(base + 1e-12);
        }
      }
    }));
  });

  it('gates: equipped vehicles and non-EVs score 0', () => {
    const heavy = { highwayShare: 0.9, stopAndGoExposure: 0.5, monthlyKm: 4000, towingShare: 0.4, trailerConnectsPerMonth: 8, isEv: 0, dcFastShare: 0.9, publicSessionsPerMonth: 20 };
    const r = scoreNeeds({ ...heavy, hasAdas: 1, hasTowPackage: 1 });
    expect(r['adas_value']!.score).toBe(0);
    expect(r['towing_package']!.score).toBe(0);
    expect(r['charging_plan_fit']!.score).toBe(0);
    const open = scoreNeeds(heavy);
    expect(open['adas_value']!.score).toBeGreaterThan(0.5);
    expect(open['towing_package']!.score).toBeGreaterThan(0.9);
  });

  it('report missing inputs instead of guessing', () => {
    const r = scoreNeeds({ highwayShare: 0.8 })['adas_value']!;
    expect(r.missing).toContain('monthlyKm');
    expect(r.reasons.join(' ')).toMatch(/missing inputs/);
  });

  it('rejects non-finite features at the boundary', () => {
    expect(() => scoreNeeds({ highwayShare: Number.NaN })).toThrow();
  });
});
