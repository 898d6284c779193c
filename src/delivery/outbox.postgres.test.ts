import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropPostgresSchema, globalScope, openStore, type Store } from '../store';
import { testDatabaseUrl, uniqueSchema } from '../testing';
import { deliveryStore } from './deliver-offer-store';
import { NOW } from './delivery-fixture';
import { openDeliveryTestStore } from './delivery-test-setup-io';
import { outboxStore } from './outbox-store';

/** On the PostgreSQL server (a connection pool), concurrent requests for one owner respect the caps. */
describe('outbox on PostgreSQL', () => {
  const schema = uniqueSchema('fc_dlv');
  let store: Store;
  beforeAll(async () => {
    store = await openDeliveryTestStore(await openStore({ databaseUrl: testDatabaseUrl, dataDir: 'memory', schema }));
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await dropPostgresSchema(testDatabaseUrl, schema);
  });

  it('concurrent deliveries to one owner never exceed the frequency cap', async () => {
    const d = deliveryStore(store.db);
    const results = await Promise.all(['cmp-a', 'cmp-b', 'cmp-c', 'cmp-d'].map((campaignId, i) =>
      d.deliverOffer(globalScope, { offerId: i % 2 ? 'off-tyres' : 'off-brake-pads', campaignId, ownerIds: ['own-1'], channels: ['push', 'email'] }, { now: NOW })));
    const queued = results.flatMap((r) => r.owners[0]!.deliveries).filter((x) => x.status === 'queued');
    expect(queued).toHaveLength(1);
    expect(await outboxStore(store.db).list()).toHaveLength(1);
  });
});
