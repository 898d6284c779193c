import type { CatalogOfferInput } from '../offers';
import type { ClearedMessage, DeliveryMessage, Recipient } from './channel';
import { composeMessage } from './compose-message';
import { clearForDelivery } from './delivery-gate';

/** Shared test data for the delivery tests: a US brake-service offer and a recipient. */
export const NOW = new Date('2026-04-01T10:00:00Z');

export const brakeOffer = {
  id: 'off-brake-pads', programId: 'prg-spring', kind: 'service_package', name: 'Brake pad service', markets: ['US'],
  validFrom: '2026-03-01T00:00:00.000Z', validTo: '2026-06-01T00:00:00.000Z',
  terms: { serviceCode: 'BRK-PADS', priceMinor: 15_900, listPriceMinor: 19_900 },
  requires: [{ competency: 'general', hours: 1.5 }], requiresStock: [],
  ownerNodeId: 'nsc-us', fundId: null, costMinor: 4_000,
  content: [{ channel: 'email', language: 'en', headline: 'Brake pad service', body: 'Brake pads for $159 instead of $199.' }],
} satisfies CatalogOfferInput;

export const recipient: Recipient = {
  ownerId: 'own-1', displayName: 'Ana Ruiz', email: 'ana@example.com', phone: '+14155550101', vin: '1HLVR2B5XTA001000',
  dealerId: 'dlr-a', dealerName: 'Bayview Halden', vehicle: { make: 'Halden', model: 'Vireo', year: 2026 },
};

export const TEST_CODE = 'FC1-TESTCODE0123456789ABCDEFGH';

export function testMessage(channel: DeliveryMessage['channel'], key = `cmp-test:off-brake-pads:own-1:${channel}`): DeliveryMessage {
  return composeMessage({
    offer: brakeOffer, campaignId: 'cmp-test', currency: 'USD', recipient, channel, market: 'US', language: 'en', variant: 0,
    redemptionCode: TEST_CODE, idempotencyKey: key,
  });
}

/** A message cleared by the real gate (consent to marketing contact on every channel). */
export function clearedTestMessage(channel: DeliveryMessage['channel'], key?: string): ClearedMessage {
  const gate = clearForDelivery(testMessage(channel, key), { model: 'Vireo', adasLevel: 2, certifiedFeatures: [] }, { 'marketing_contact:any': true }, NOW);
  if (!gate.cleared) throw new Error(`fixture message did not clear: ${JSON.stringify(gate.verdict.violations)}`);
  return gate.value;
}
