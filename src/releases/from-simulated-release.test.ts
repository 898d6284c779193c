import { describe, expect, it } from 'vitest';
import { fromSimulatedRelease, type SimulatedRelease } from './from-simulated-release';
import { planReleaseCampaign, rolloutBucket } from './plan-release-campaign';
import { sampleTemplate, sampleVehicle } from './release-fixtures';

const DAY = 86_400_000;
const published = Date.parse('2026-03-01T00:00:00.000Z');
const iso = (days: number) => new Date(published + days * DAY).toISOString();

/** A simulated release like the simulator's: staged waves 1 % → 10 % → 50 % → 100 %, a late DE approval. */
function simulated(over: Partial<SimulatedRelease> = {}): SimulatedRelease {
  return {
    modelId: 'vireo', version: '4.5.0', fromRange: '>=4.1.0 <4.5.0', hardwareVariantIds: ['vireo-hw3'], features: ['adas_plus'],
    publishedAt: iso(0),
    approvals: [{ market: 'US', status: 'approved', at: iso(3) }, { market: 'DE', status: 'approved', at: iso(170) }, { market: 'FR', status: 'rejected', at: iso(10) }],
    waves: [0.01, 0.1, 0.5, 1].map((share, w) => ({ startsAt: iso(w * 7), share })),
    outcome: 'completed', endedAt: null,
    ...over,
  };
}

const template = sampleTemplate({ feature: 'adas_plus', markets: ['US', 'DE', 'FR'] });
const fleet = Array.from({ length: 300 }, (_, i) => sampleVehicle(3000 + i, { market: (['US', 'DE', 'FR'] as const)[i % 3] }));
const plan = (sim: SimulatedRelease, day: number) => {
  const feed = fromSimulatedRelease(sim);
  return planReleaseCampaign({ template, release: feed.release, approvals: feed.approvals, vehicles: fleet, now: new Date(iso(day)) });
};
const count = (p: ReturnType<typeof plan>, market: string) => p.targets.filter((t) => t.market === market).length;

describe('simulated release scenarios', () => {
  it('staged waves: US targets grow with each wave', () => {
    const us = fleet.filter((v) => v.market === 'US');
    const inShare = (s: number) => us.filter((v) => rolloutBucket('4.5.0', v.vin) < s).length;
    expect([4, 8, 15, 22].map((d) => count(plan(simulated(), d), 'US'))).toEqual([inShare(0.01), inShare(0.1), inShare(0.5), us.length]);
  });

  it('late approval: DE launches only once its approval arrives; a rejected market never does', () => {
    expect(count(plan(simulated(), 60), 'DE')).toBe(0);
    expect(plan(simulated(), 60).excluded.filter((e) => e.reason === 'market_not_approved').length).toBe(200);
    expect(count(plan(simulated(), 171), 'DE')).toBe(100);
    expect(count(plan(simulated(), 171), 'FR')).toBe(0);
  });

  it('failed wave: the rollout halts and vehicles that had not installed are no longer targeted', () => {
    const failed = simulated({ outcome: 'failed', endedAt: iso(10), waves: simulated().waves.slice(0, 2) });
    const p = plan(failed, 30);
    expect(p.targets).toEqual([]);
    expect(p.excluded.filter((e) => e.reason === 'rollout_halted').length).toBe(100);
  });
});
