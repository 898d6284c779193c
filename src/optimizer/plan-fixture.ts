import type { Owner, Vehicle } from '../domain';
import { makeVin } from '../kernel';
import { catalogStore, parseCatalogOffer, type CatalogOfferInput } from '../offers';
import { globalScope, type Store } from '../store';
import { fixture, loadFixture } from '../testing';

/** The clock of the plan tests: inside the fixture program's validity. */
export const PLAN_NOW = new Date('2026-04-01T10:00:00Z');

const common = {
  programId: 'prg-spring', markets: ['US'], validFrom: '2026-03-01T00:00:00.000Z', validTo: '2026-06-01T00:00:00.000Z',
  ownerNodeId: 'nsc-us', content: [{ channel: 'email', language: 'en', headline: 'Service offer', body: 'Book at your dealer.' }],
} satisfies Partial<CatalogOfferInput>;

/** A brake offer charged to a small fund (its budget binds) and needing general hours at the dealer. */
export const planBrakeOffer = {
  ...common, id: 'off-plan-brakes', kind: 'service_package', name: 'Brake pad service',
  terms: { serviceCode: 'BRK-PADS', priceMinor: 15_900, listPriceMinor: 19_900 },
  requires: [{ competency: 'general', hours: 1.5 }], requiresStock: [], fundId: 'fund-spring', costMinor: 4_000,
} satisfies CatalogOfferInput;

/**
 * Financing whose rendered copy misses the APR disclosure: the compliance gate blocks it. Its cost
 * (the OEM's rate buy-down) makes it worth planning beside the service offers, whose lifetime-value
 * term (service loyalty) otherwise outbids it for every customer the brake fund cannot cover.
 */
export const planAprOffer = {
  ...common, id: 'off-plan-apr', kind: 'apr_financing', name: 'Low APR', terms: { aprPct: 3.9, termMonths: 60 },
  requires: [], requiresStock: [], fundId: null, costMinor: 6_000,
} satisfies CatalogOfferInput;

/**
 * The shared fixture network plus `extra` US owners (with vehicles, at dlr-a and dlr-b), every US
 * owner consenting to marketing contact on every channel, a $600 fund, and two catalog offers
 * (valid in the fixture's program period unless `validity` is given, e.g. for a CLI on the real clock).
 */
export async function loadPlanFixture(store: Store, extra = 40, validity?: { validFrom: string; validTo: string }): Promise<void> {
  await loadFixture(store);
  const owners: Owner[] = [];
  const vehicles: Vehicle[] = [];
  for (let k = 1; k <= extra; k++) {
    const id = `own-p${k}`;
    const dealer = k % 3 === 0 ? 'dlr-b' : 'dlr-a';
    owners.push({ id, market: 'US', displayName: `Plan Owner ${k}`, email: `${id}@example.com`, phone: null, language: 'en', homeDealerId: dealer });
    vehicles.push({ ...fixture.vehicles[0]!, vin: makeVin('1HL', 'VR2B5', 'T', 'A', 5000 + k), ownerId: id, homeDealerId: dealer, odometerKm: 10_000 + k * 500 });
  }
  await store.customers.upsertOwners(owners);
  await store.customers.upsertVehicles(vehicles);
  await store.programs.upsertFund({ id: 'fund-spring', programId: 'prg-spring', tierNodeId: 'nsc-us', currency: 'USD', budgetMinor: 60_000 });
  await catalogStore(store.db).put(globalScope, parseCatalogOffer({ ...planBrakeOffer, ...validity }));
  await catalogStore(store.db).put(globalScope, parseCatalogOffer({ ...planAprOffer, ...validity }));
  const at = new Date(PLAN_NOW.getTime() - 86_400_000).toISOString();
  await store.customers.recordConsents(['own-1', 'own-2', 'own-3', ...owners.map((o) => o.id)].map((ownerId) => (
    { ownerId, purpose: 'marketing_contact' as const, channel: 'any' as const, granted: true, actor: ownerId, source: 'app' as const, at })));
}
