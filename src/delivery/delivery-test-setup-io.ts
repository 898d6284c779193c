import { catalogStore, parseCatalogOffer } from '../offers';
import { globalScope, openStore, type Store } from '../store';
import { loadFixture } from '../testing';
import { brakeOffer, NOW } from './delivery-fixture';

/**
 * A store for delivery tests: the shared fixture network, the brake-service catalog offer,
 * and consents: own-1 any channel, own-3 SMS only, own-2 none.
 */
export async function openDeliveryTestStore(store?: Store): Promise<Store> {
  const s = store ?? (await openStore({ dataDir: 'memory' }));
  await loadFixture(s);
  await catalogStore(s.db).put(globalScope, parseCatalogOffer(brakeOffer));
  await catalogStore(s.db).put(globalScope, parseCatalogOffer({ ...brakeOffer, id: 'off-tyres', name: 'Tyre check', terms: { serviceCode: 'TYR', priceMinor: 4_900, listPriceMinor: 6_900 } }));
  await resetDeliveryState(s);
  return s;
}

/** Empties the delivery tables and restores the fixture consents (between tests sharing a store). */
export async function resetDeliveryState(s: Store): Promise<void> {
  for (const table of ['delivery_outbox', 'delivery_review_items', 'delivery_redemption_codes', 'delivery_channel_preferences', 'delivery_vehicle_states', 'consents', 'consent_events']) {
    await s.db.query(`DELETE FROM ${table}`);
  }
  const at = new Date(NOW.getTime() - 86_400_000).toISOString();
  await s.customers.recordConsents([
    { ownerId: 'own-1', purpose: 'marketing_contact', channel: 'any', granted: true, actor: 'own-1', source: 'app', at },
    { ownerId: 'own-3', purpose: 'marketing_contact', channel: 'sms', granted: true, actor: 'own-3', source: 'web', at },
  ]);
}
