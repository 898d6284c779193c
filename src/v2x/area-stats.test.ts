import { latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { createRng } from '../kernel';
import { releaseAreaStats } from './area-stats';
import { discreteLaplace } from './discrete-laplace';
import type { EncounterSummary } from './encounter-tracker';
import { createPrivacyAccountant } from './privacy-accountant';

const now = new Date('2026-11-20T10:00:00Z');
const cellA = latLngToCell(39.6387593, -105.0816421, 6);
const cellB = latLngToCell(40.5657, -105.0318, 6);

function fleet(n: number, cell: string, prefix: string): EncounterSummary[] {
  return Array.from({ length: n }, (_, i) => ({
    vehicle: i, approaches: 2, stopsAtRed: 1, stopsOnGreen: 0, intersections: [12101], cells: [cell], trajectoryHash: `${prefix}-${i}`, messages: 10,
  }));
}

const req = { tenant: 'dealer-1', h3Resolution: 6, bucketMs: 7 * 86_400_000, epsilon: 0.5 };

describe('privacy-preserving area statistics', () => {
  it('releases a busy cell with noise and suppresses a 3-vehicle cell (PR-01)', () => {
    const r = releaseAreaStats([...fleet(400, cellA, 'a'), ...fleet(3, cellB, 'b')], req, { accountant: createPrivacyAccountant(), rng: createRng(1), now });
    if (!r.ok) throw new Error(r.code);
    expect(r.cells.map((c) => c.cell)).toEqual([cellA]);
    expect(Math.abs((r.cells[0]?.vehicles ?? 0) - 400)).toBeLessThan(200);
    expect(r.suppressed).toBe(1);
  });

  it('coarsens to a parent resolution and refuses finer granularity (PR-04)', () => {
    const acc = createPrivacyAccountant();
    const coarse = releaseAreaStats(fleet(300, cellA, 'a'), { ...req, h3Resolution: 4 }, { accountant: acc, rng: createRng(2), now });
    expect(coarse.ok && coarse.cells[0]?.cell.length).toBeTruthy();
    expect(releaseAreaStats([], { ...req, h3Resolution: 7 }, { accountant: acc, rng: createRng(2), now })).toMatchObject({ ok: false, code: 'granularity_too_fine' });
    expect(releaseAreaStats([], { ...req, bucketMs: 5 * 60_000 }, { accountant: acc, rng: createRng(2), now })).toMatchObject({ ok: false, code: 'granularity_too_fine' });
    // refused requests spend nothing
    expect(acc.spent('dealer-1', now).day).toBe(0.5);
  });

  it('tracks the budget per tenant and refuses when a day or a month is exhausted (PR-03)', () => {
    const acc = createPrivacyAccountant();
    const deps = { accountant: acc, rng: createRng(3), now };
    expect(releaseAreaStats([], req, deps).ok).toBe(true);
    expect(releaseAreaStats([], req, deps).ok).toBe(true);
    expect(releaseAreaStats([], req, deps)).toMatchObject({ ok: false, code: 'privacy_budget_exhausted' });
    expect(releaseAreaStats([], { ...req, tenant: 'dealer-2' }, deps).ok).toBe(true);
    let refusedOn = 0;
    for (let d = 1; d <= 31 && refusedOn === 0; d++) {
      const day = new Date(Date.UTC(2026, 11, d, 9));
      for (let k = 0; k < 2; k++) {
        const r = releaseAreaStats([], { ...req, tenant: 'dealer-3' }, { ...deps, now: day });
        if (!r.ok) refusedOn = d;
      }
    }
    // 1 ε/day but only 10 ε/month: day 11 is refused
    expect(refusedOn).toBe(11);
    expect(acc.spent('dealer-3', new Date(Date.UTC(2026, 11, 20))).month).toBe(10);
  });

  it('charges budget for differencing queries: both answers are noised (PR-02)', () => {
    const acc = createPrivacyAccountant();
    const rng = createRng(4);
    const a = releaseAreaStats(fleet(100, cellA, 'a'), req, { accountant: acc, rng, now });
    const b = releaseAreaStats(fleet(101, cellA, 'a'), req, { accountant: acc, rng, now });
    expect(a.ok && b.ok).toBe(true);
    expect(acc.spent('dealer-1', now).day).toBe(1);
  });

  it('discrete Laplace noise has mean ≈ 0 and the calibrated spread', () => {
    const rng = createRng(5);
    const xs = Array.from({ length: 20_000 }, () => discreteLaplace(20, rng));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const meanAbs = xs.reduce((s, x) => s + Math.abs(x), 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(1);
    expect(meanAbs).toBeGreaterThan(17);
    expect(meanAbs).toBeLessThan(23);
    expect(xs.every(Number.isInteger)).toBe(true);
  });

  it('discounts Sybil pseudonyms before counting (TM-13)', () => {
    const sybils = Array.from({ length: 500 }, (_, i) => ({ ...fleet(1, cellB, 's')[0] as EncounterSummary, vehicle: i, trajectoryHash: 'same' }));
    const r = releaseAreaStats(sybils, req, { accountant: createPrivacyAccountant(), rng: createRng(6), now });
    expect(r.ok && r.sybilDiscounted).toBe(499);
    expect(r.ok && r.cells).toEqual([]);
  });
});
