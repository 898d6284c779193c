import { describe, expect, it } from 'vitest';
import { countOutcomes, dispatchRows, notChosenReasons, type PlannedDispatch } from './dispatch-outcomes';

const plan: PlannedDispatch = {
  planId: 'pln-1', deliveryCampaignId: 'plan-1',
  decisions: [
    { customer: 'own-q', chosen: { offer: 'off-x' }, binding: [], reasons: ['got its most valuable candidate'] },
    { customer: 'own-b', chosen: { offer: 'off-x' }, binding: [], reasons: [] },
    { customer: 'own-c', chosen: null, binding: [{ constraint: 'contacts:hmi' }, { constraint: 'budget:fund-1' }], reasons: ['got nothing although …', 'because …'] },
    { customer: 'own-n', chosen: null, binding: [], reasons: ['no candidate offers'] },
    { customer: 'own-lost', chosen: { offer: 'off-x' }, binding: [], reasons: [] },
  ],
  deliveries: [
    { customer: 'own-q', channel: 'hmi', status: 'queued', reasons: [], outboxId: 'dlv-1' },
    { customer: 'own-b', channel: 'hmi', status: 'blocked', reasons: ['ADAS-002: …'], reviewId: 'rvw-1' },
  ],
};

describe('dispatch outcomes', () => {
  it('maps plan and delivery to one outcome per vehicle, with reasons', () => {
    const rows = dispatchRows([
      { vin: 'V1', ownerId: 'own-q' }, { vin: 'V2', ownerId: 'own-q' }, { vin: 'V3', ownerId: 'own-b' }, { vin: 'V4', ownerId: 'own-c' },
      { vin: 'V5', ownerId: 'own-n' }, { vin: 'V6', ownerId: null }, { vin: 'V7', ownerId: 'own-out' }, { vin: 'V8', ownerId: 'own-lost' },
    ], [plan]);
    expect(rows.map((r) => [r.vin, r.outcome, r.outboxId ?? r.reviewId ?? r.reasons[0]])).toEqual([
      ['V1', 'queued', 'dlv-1'], ['V2', 'queued', 'dlv-1'], ['V3', 'blocked', 'rvw-1'], ['V4', 'not_chosen', 'not_chosen: contact_cap+budget'],
      ['V5', 'not_chosen', 'not_chosen: no_candidate'], ['V6', 'skipped', expect.stringMatching(/^no_owner/)], ['V7', 'skipped', expect.stringMatching(/^not_in_plan/)],
      ['V8', 'skipped', expect.stringMatching(/^planned_not_delivered/)],
    ]);
    expect(rows[0]).toMatchObject({ planId: 'pln-1', deliveryCampaignId: 'plan-1', channel: 'hmi' });
    expect(countOutcomes(rows)).toEqual({ queued: 2, duplicate: 0, blocked: 1, not_chosen: 2, skipped: 3 });
  });

  it('names the binding constraint kinds first and keeps the optimizer’s explanation', () => {
    expect(notChosenReasons({ customer: 'x', chosen: null, binding: [{ constraint: 'capacity:dlr-a:general' }, { constraint: 'stock:dlr-a:PAD' }], reasons: ['r'] }))
      .toEqual(['not_chosen: capacity+stock', 'r']);
    expect(notChosenReasons({ customer: 'x', chosen: null, binding: [], reasons: ['no candidate has positive value'] })[0]).toBe('not_chosen: no_value');
  });
});
