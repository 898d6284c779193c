import { describe, expect, it } from 'vitest';
import { buildReleaseView, type AssignmentRow, type ResponseRow } from './release-view';

function rows(n: number, arm: AssignmentRow['arm'], day: string, delivered: boolean): AssignmentRow[] {
  return Array.from({ length: n }, (_, i) => ({
    vin: `${arm}-${day}-${i}`, campaignId: 'cmp-a', market: 'US', arm,
    status: arm === 'holdout' ? 'held_out' : delivered ? 'delivered' : 'pending',
    assignedAt: `${day}T10:00:00.000Z`, deliveredAt: delivered ? `${day}T11:00:00.000Z` : null,
  }));
}

describe('buildReleaseView', () => {
  const assignments = [...rows(40, 'treatment', '2026-04-01', true), ...rows(20, 'holdout', '2026-04-01', false), ...rows(10, 'treatment', '2026-04-03', false)];
  const responses: ResponseRow[] = [
    ...assignments.filter((a) => a.arm === 'treatment').slice(0, 12).map((a) => ({ vin: a.vin, campaignId: 'cmp-a', kind: 'converted' as const, at: '2026-04-02T09:00:00.000Z' })),
    ...assignments.filter((a) => a.arm === 'treatment').slice(0, 15).map((a) => ({ vin: a.vin, campaignId: 'cmp-a', kind: 'accepted' as const, at: '2026-04-02T08:00:00.000Z' })),
    ...assignments.filter((a) => a.arm === 'holdout').slice(0, 2).map((a) => ({ vin: a.vin, campaignId: 'cmp-a', kind: 'converted' as const, at: '2026-04-02T09:00:00.000Z' })),
    { vin: 'not-assigned', campaignId: 'cmp-a', kind: 'converted', at: '2026-04-02T09:00:00.000Z' },
  ];
  const view = buildReleaseView({ feature: 'hands_off_assist', market: 'US', rolloutShare: 0.1, assignments, responses });

  it('counts eligible vehicles, offers made, take-up and holdout', () => {
    expect(view).toMatchObject({ eligibleVehicles: 70, offersMade: 40, offersPending: 10, holdoutVehicles: 20, takeUp: { accepted: 15, converted: 12, rate: 12 / 40 } });
  });

  it('measures uplift as a difference in proportions with a confidence interval around it', () => {
    expect(view.uplift!.treatedRate).toBeCloseTo(12 / 50);
    expect(view.uplift!.holdoutRate).toBeCloseTo(2 / 20);
    expect(view.uplift!.difference).toBeCloseTo(0.14);
    expect(view.uplift!.lower).toBeLessThan(0.14);
    expect(view.uplift!.upper).toBeGreaterThan(0.14);
  });

  it('flags early results while waves are small and gives a cumulative timeline', () => {
    expect(view.stage).toBe('early');
    expect(view.notes.join(' ')).toContain('early results');
    expect(view.timeline).toEqual([
      { day: '2026-04-01', treated: 40, treatedConverted: 0, holdout: 20, holdoutConverted: 0 },
      { day: '2026-04-03', treated: 50, treatedConverted: 12, holdout: 20, holdoutConverted: 2 },
    ]);
  });

  it('has no uplift without a holdout, and other markets do not count', () => {
    const v = buildReleaseView({ feature: 'f', market: 'DE', rolloutShare: 1, assignments, responses });
    expect(v).toMatchObject({ eligibleVehicles: 0, uplift: null, stage: 'none' });
  });
});
