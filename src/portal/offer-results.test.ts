import { describe, expect, it } from 'vitest';
import { offersByCustomer, offerTotals } from './offer-results';

describe('offers made and their results', () => {
  const facts = {
    outbox: [
      { ownerId: 'own-1', offerId: 'off-a', channel: 'email', status: 'sent', createdAt: '2026-03-02T00:00:00.000Z' },
      { ownerId: 'own-1', offerId: 'off-b', channel: 'dealer_crm', status: 'queued', createdAt: '2026-03-01T00:00:00.000Z' },
      { ownerId: 'own-2', offerId: 'off-a', channel: 'push', status: 'dead', createdAt: '2026-03-03T00:00:00.000Z' },
    ],
    blocked: [
      { ownerId: 'own-2', offerId: 'off-a', channel: 'email', createdAt: '2026-03-03T00:00:00.000Z' },
      { ownerId: 'own-3', offerId: 'off-c', channel: 'sms', createdAt: '2026-03-04T00:00:00.000Z' },
    ],
    codes: [
      { ownerId: 'own-1', offerId: 'off-a', redeemedAt: '2026-03-05T00:00:00.000Z' },
      { ownerId: 'own-2', offerId: 'off-a', redeemedAt: null },
    ],
    offerNames: new Map([['off-a', 'Brakes']]),
  };

  it('groups by customer and offer, oldest first, with a result each', () => {
    const by = offersByCustomer(facts);
    expect(by.get('own-1')!.map((o) => [o.offerId, o.result])).toEqual([['off-b', 'lead'], ['off-a', 'redeemed']]);
    expect(by.get('own-1')![1]).toMatchObject({ offerName: 'Brakes', redeemedAt: '2026-03-05T00:00:00.000Z' });
    expect(by.get('own-2')).toEqual([{ offerId: 'off-a', offerName: 'Brakes', firstAt: '2026-03-03T00:00:00.000Z', channels: [{ channel: 'push', status: 'dead' }, { channel: 'email', status: 'blocked' }], result: 'awaiting_response', redeemedAt: null }]);
    expect(by.get('own-3')![0]!.result).toBe('blocked');
  });

  it('totals offers made, blocked, redeemed, leads and conversion', () => {
    expect(offerTotals(offersByCustomer(facts))).toEqual({ offersMade: 3, blocked: 1, redeemed: 1, leads: 1, customersOffered: 2, customersRedeemed: 1, conversion: 1 / 3 });
    expect(offerTotals(new Map()).conversion).toBeNull();
  });
});
