import type { ConsentChange, Dealer, HardwareVariant, Market, Offer, Owner, Program, StockLine, TenantNode, Trim, Vehicle, VehicleModel } from '../domain';
import { makeVin } from '../kernel';

/**
 * A small, hand-written network used by contract and API tests: one OEM, two
 * NSCs, one distributor each, three dealers, a few owners and vehicles. Small
 * enough to reason about in assertions (dealer A has 2 owners, B has 1, C has 1).
 */
export const fixture = {
  markets: [
    { code: 'US', name: 'United States', currency: 'USD', languages: ['en'], parent: null },
    { code: 'US-CA', name: 'California', currency: 'USD', languages: ['en'], parent: 'US' },
    { code: 'EU', name: 'European Union', currency: 'EUR', languages: ['en'], parent: null },
    { code: 'DE', name: 'Germany', currency: 'EUR', languages: ['de'], parent: 'EU' },
  ] satisfies Market[],
  nodes: [
    { id: 'oem', kind: 'oem', parentId: null, name: 'Halden Motors', market: null },
    { id: 'nsc-us', kind: 'nsc', parentId: 'oem', name: 'Halden USA', market: 'US' },
    { id: 'nsc-de', kind: 'nsc', parentId: 'oem', name: 'Halden Deutschland', market: 'DE' },
    { id: 'dist-us-west', kind: 'distributor', parentId: 'nsc-us', name: 'US West', market: 'US' },
    { id: 'dist-de-sued', kind: 'distributor', parentId: 'nsc-de', name: 'Süd', market: 'DE' },
    { id: 'dlr-a', kind: 'dealer', parentId: 'dist-us-west', name: 'Bayview Halden', market: 'US' },
    { id: 'dlr-b', kind: 'dealer', parentId: 'dist-us-west', name: 'Sierra Halden', market: 'US' },
    { id: 'dlr-c', kind: 'dealer', parentId: 'dist-de-sued', name: 'Autohaus Isar', market: 'DE' },
  ] satisfies TenantNode[],
  dealers: [
    { id: 'dlr-a', code: 'USA001', name: 'Bayview Halden', lat: 37.77, lon: -122.42, territory: ['941', '940'], serviceBaysPerDay: 12, competitionIndex: 0.6,
      technicians: [{ competency: 'general', technicians: 6, hoursPerDay: 8 }, { competency: 'adas_calibration', technicians: 1, hoursPerDay: 6 }] },
    { id: 'dlr-b', code: 'USA002', name: 'Sierra Halden', lat: 38.58, lon: -121.49, territory: ['958'], serviceBaysPerDay: 6, competitionIndex: 0.2,
      technicians: [{ competency: 'general', technicians: 3, hoursPerDay: 8 }, { competency: 'high_voltage', technicians: 2, hoursPerDay: 8 }] },
    { id: 'dlr-c', code: 'DEU001', name: 'Autohaus Isar', lat: 48.14, lon: 11.58, territory: ['80', '81'], serviceBaysPerDay: 9, competitionIndex: 0.4,
      technicians: [{ competency: 'general', technicians: 4, hoursPerDay: 7.5 }] },
  ] satisfies Dealer[],
  stock: [
    { dealerId: 'dlr-a', sku: 'PAD-FRONT-V1', kind: 'part', quantity: 14 },
    { dealerId: 'dlr-a', sku: 'vireo-touring', kind: 'vehicle', quantity: 3 },
  ] satisfies StockLine[],
  models: [{ id: 'vireo', brand: 'Halden', name: 'Vireo', powertrain: 'bev' }] satisfies VehicleModel[],
  trims: [{ id: 'vireo-touring', modelId: 'vireo', name: 'Touring', msrpMinor: 4_299_000 }] satisfies Trim[],
  variants: [{ id: 'vireo-hw3', modelId: 'vireo', name: 'HW3', adasLevel: 2 }] satisfies HardwareVariant[],
  owners: [
    { id: 'own-1', market: 'US', displayName: 'Ana Ruiz', email: 'ana@example.com', phone: '+14155550101', language: 'en', homeDealerId: 'dlr-a' },
    { id: 'own-2', market: 'US', displayName: 'Ben Okafor', email: 'ben@example.com', phone: null, language: 'en', homeDealerId: 'dlr-a' },
    { id: 'own-3', market: 'US', displayName: 'Chen Li', email: null, phone: '+19165550102', language: 'en', homeDealerId: 'dlr-b' },
    { id: 'own-4', market: 'DE', displayName: 'Dora Weber', email: 'dora@example.de', phone: null, language: 'de', homeDealerId: 'dlr-c' },
  ] satisfies Owner[],
  vehicles: [] as Vehicle[],
  program: { id: 'prg-spring', ownerNodeId: 'nsc-us', name: 'Spring service', market: 'US', startsAt: '2026-03-01T00:00:00.000Z', endsAt: '2026-06-01T00:00:00.000Z' } satisfies Program,
  offer: {
    id: 'off-brakes', programId: 'prg-spring', kind: 'service_package', name: 'Brake service 20% off', markets: ['US'],
    validFrom: '2026-03-01T00:00:00.000Z', validTo: '2026-06-01T00:00:00.000Z', terms: { discountPct: 20, currency: 'USD' },
    requires: [{ competency: 'general', hours: 1.5 }], requiresStock: ['PAD-FRONT-V1'],
  } satisfies Offer,
  consent: { ownerId: 'own-1', purpose: 'telematics_marketing', channel: 'any', granted: true, actor: 'own-1', source: 'app', at: '2026-01-10T09:00:00.000Z' } satisfies ConsentChange,
};

const owners = ['own-1', 'own-2', 'own-3', 'own-4'];
const dealersOf = ['dlr-a', 'dlr-a', 'dlr-b', 'dlr-c'];
const markets = ['US', 'US', 'US', 'DE'] as const;
fixture.vehicles = owners.map((ownerId, i) => ({
  vin: makeVin(markets[i] === 'DE' ? 'WHL' : '1HL', 'VR2B5', 'T', 'A', 1000 + i),
  modelId: 'vireo', trimId: 'vireo-touring', hardwareVariantId: 'vireo-hw3', market: markets[i]!, modelYear: 2026,
  softwareVersion: '4.2.0', homeDealerId: dealersOf[i]!, ownerId, odometerKm: 1200 * (i + 1), registeredAt: '2026-01-05T00:00:00.000Z',
}));

/** Loads the fixture into a store (in dependency order). */
export async function loadFixture(store: {
  network: { upsertMarket(m: Market): Promise<void>; insertNode(n: TenantNode): Promise<void>; upsertDealer(d: Dealer): Promise<void>; setStock(l: readonly StockLine[]): Promise<void> };
  customers: { upsertModel(m: VehicleModel): Promise<void>; upsertTrim(t: Trim): Promise<void>; upsertHardwareVariant(h: HardwareVariant): Promise<void>; upsertOwners(o: readonly Owner[]): Promise<void>; upsertVehicles(v: readonly Vehicle[]): Promise<void> };
  programs: { upsertProgram(p: Program): Promise<void>; upsertOffer(o: Offer): Promise<void> };
}): Promise<void> {
  for (const m of fixture.markets) await store.network.upsertMarket(m);
  for (const n of fixture.nodes) await store.network.insertNode(n);
  for (const d of fixture.dealers) await store.network.upsertDealer(d);
  await store.network.setStock(fixture.stock);
  for (const m of fixture.models) await store.customers.upsertModel(m);
  for (const t of fixture.trims) await store.customers.upsertTrim(t);
  for (const h of fixture.variants) await store.customers.upsertHardwareVariant(h);
  await store.customers.upsertOwners(fixture.owners);
  await store.customers.upsertVehicles(fixture.vehicles);
  await store.programs.upsertProgram(fixture.program);
  await store.programs.upsertOffer(fixture.offer);
}
