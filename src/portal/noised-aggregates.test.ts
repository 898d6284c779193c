import { latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { createRng } from '../kernel';
import { dealerArea, defaultPortalPrivacy, noisyCell, releaseNetworkConversion, releaseUsage, summariesInArea } from './noised-aggregates';

const k = defaultPortalPrivacy.kThreshold;

describe('noised aggregates (THREATS.md §6)', () => {
  it('never releases a cell whose noisy count is below k, and never the true count of a small cell', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rng = createRng(seed);
      for (const n of [0, 1, 3, 10, 19, 20, 25, 40]) {
        const c = noisyCell(n, 10, k, rng);
        if (c.status === 'released') expect(c.value).toBeGreaterThanOrEqual(k);
      }
    }
  });

  it('adds zero-mean noise of the calibrated scale (deterministic seed)', () => {
    const rng = createRng(7);
    const draws = Array.from({ length: 4000 }, () => noisyCell(500, 10, k, rng)).map((c) => (c.status === 'released' ? c.value : Number.NaN));
    expect(draws.every(Number.isFinite)).toBe(true);
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    const meanAbs = draws.reduce((a, b) => a + Math.abs(b - 500), 0) / draws.length;
    expect(Math.abs(mean - 500)).toBeLessThan(1.5);
    expect(meanAbs).toBeGreaterThan(7);
    expect(meanAbs).toBeLessThan(13);
    expect(draws.filter((d) => d === 500).length).toBeLessThan(draws.length / 5);
  });

  it('gives the same release for the same seed, and a conversion only from released cells', () => {
    const a = releaseNetworkConversion({ customersOffered: 400, customersRedeemed: 120 }, defaultPortalPrivacy, createRng(3));
    expect(releaseNetworkConversion({ customersOffered: 400, customersRedeemed: 120 }, defaultPortalPrivacy, createRng(3))).toEqual(a);
    expect(a.conversion).not.toBeNull();
    expect(a.conversion!).toBeGreaterThan(0.15);
    expect(a.conversion!).toBeLessThan(0.45);
    const small = releaseNetworkConversion({ customersOffered: 400, customersRedeemed: 0 }, defaultPortalPrivacy, createRng(3));
    if (small.customersRedeemed.status === 'suppressed') expect(small.conversion).toBeNull();
  });

  it('counts each vehicle at most once among the need cells', () => {
    const top = [...Array(80).fill('adas_value'), ...Array(5).fill('towing_package'), ...Array(30).fill(null)] as (string | null)[];
    const u = releaseUsage(top, ['adas_value', 'towing_package'], defaultPortalPrivacy, createRng(11));
    expect(u.vehicles.status).toBe('released');
    expect(u.needs[0]!.vehicles.status).toBe('released');
    const towing = u.needs[1]!.vehicles;
    if (towing.status === 'released') expect(towing.value).toBeGreaterThanOrEqual(k);
    expect(u.mechanism).toContain('sensitivity 2');
  });

  it('keeps only V2X cells in the dealer’s area, at the policy resolution', () => {
    const area = dealerArea(37.77, -122.42, defaultPortalPrivacy);
    const near = latLngToCell(37.771, -122.421, 8);
    const far = latLngToCell(48.14, 11.58, 6);
    const base = { approaches: 1, stopsAtRed: 1, stopsOnGreen: 0, intersections: [], trajectoryHash: 'h', messages: 10 };
    const out = summariesInArea([{ ...base, vehicle: 0, cells: [near, far, 'not-a-cell'] }, { ...base, vehicle: 1, cells: [far] }], area, 6);
    expect(out).toHaveLength(1);
    expect(out[0]!.cells).toEqual([latLngToCell(37.771, -122.421, 6)]);
  });
});
