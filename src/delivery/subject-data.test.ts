import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLeftovers, subjectRights } from '../identity';
import { globalScope, type Store } from '../store';
import { deliveryStore } from './deliver-offer-store';
import { NOW } from './delivery-fixture';
import { openDeliveryTestStore } from './delivery-test-setup-io';
import { outboxStore } from './outbox-store';
import { deliverySubjectData } from './subject-data-store';

describe('delivery data-subject hook', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openDeliveryTestStore();
  });
  afterAll(async () => {
    await store.close();
  });

  it('exports and then erases the person’s outbox rows, codes, review items, preferences and vehicle state', async () => {
    const d = deliveryStore(store.db);
    const vin = (await store.customers.listVehicles(globalScope, { limit: 10 })).items.find((v) => v.ownerId === 'own-1')!.vin;
    await d.setPreferences('own-1', ['email'], NOW);
    await d.recordVehicleState(vin, false, NOW);
    await d.deliverOffer(globalScope, { offerId: 'off-brake-pads', ownerIds: ['own-1', 'own-3'], channels: ['email', 'sms'], maxChannelsPerOwner: 2 }, { now: NOW, caps: [] });
    const exported = await deliverySubjectData.export(store.db, { ownerId: 'own-1', vins: [vin] }) as Record<string, unknown[]>;
    expect(exported.outbox!.length).toBe(2);
    expect(exported.redemptionCodes).toHaveLength(1);
    expect(JSON.stringify(exported)).toContain('ana@example.com');

    await subjectRights(store.db, [deliverySubjectData]).erase('own-1');
    const left = (await findLeftovers(store.db, ['own-1', 'ana@example.com', '+14155550101', vin])).filter((l) => l.table.startsWith('delivery_'));
    expect(left).toEqual([]);
    expect((await outboxStore(store.db).list()).map((r) => r.ownerId)).toEqual(['own-3']);
  });
});
