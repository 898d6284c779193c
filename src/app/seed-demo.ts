import { deliveryStore, redemptionStore } from '../delivery';
import type { Fund, Offer, Program } from '../domain';
import { fundsStore } from '../funds';
import { dayOf, demoBookings, networkStore } from '../network';
import { catalogStore, parseCatalogOffer, type CatalogOfferInput } from '../offers';
import { seedModelLogs } from '../models';
import { fleetTelemetry, loadShippedScenario, streamMarket, type Scenario } from '../simulator';
import { globalScope, type Store } from '../store';
import { createIngestor, createMemoryQuarantine, encodeVehicleState, loadVssCatalog, snapshotFeatures, telemetryRuntimeOf, telemetryStore } from '../telemetry';

export interface SeedProgress {
  phase: 'network' | 'fleet' | 'offers' | 'telemetry' | 'deliveries';
  done: number;
  total: number;
}

/**
 * Loads a simulated market (observable data only) into the store: network,
 * catalog, fleet with owners and consent history, and a starter offer catalog.
 * The fleet streams in chunks, so memory stays bounded for large fleets.
 */
export async function seedDemoMarket(store: Store, opts: { scenario?: string; vehicles: number; seed: number; onProgress?: (p: SeedProgress) => void; today?: Date }): Promise<{ vehicles: number; dealers: number }> {
  const scenario = loadShippedScenario(opts.scenario ?? 'demo');
  const market = streamMarket(scenario, { seed: opts.seed, vehicles: opts.vehicles });
  const n = market.network;
  const report = opts.onProgress ?? (() => {});
  const networkSteps = n.markets.length + n.tenants.length + n.dealers.length + n.models.length;
  let step = 0;

  // Parents before children: markets ordered so that a parent market comes first.
  const markets = [...n.markets].sort((a, b) => Number(a.parent !== null) - Number(b.parent !== null));
  for (const m of markets) { await store.network.upsertMarket(m); report({ phase: 'network', done: ++step, total: networkSteps }); }
  for (const t of n.tenants) { await store.network.insertNode(t); report({ phase: 'network', done: ++step, total: networkSteps }); }
  for (const d of n.dealers) { await store.network.upsertDealer(d); report({ phase: 'network', done: ++step, total: networkSteps }); }
  await store.network.setStock(n.stock);
  for (const m of n.models) { await store.customers.upsertModel(m); report({ phase: 'network', done: ++step, total: networkSteps }); }
  for (const t of n.trims) await store.customers.upsertTrim(t);
  for (const h of n.hardwareVariants) await store.customers.upsertHardwareVariant(h);

  let done = 0;
  for (const chunk of market.chunks(1000)) {
    await store.customers.upsertOwners(chunk.owners);
    await store.customers.upsertVehicles(chunk.vehicles);
    await store.customers.recordConsents(chunk.consents);
    done += chunk.vehicles.length;
    report({ phase: 'fleet', done, total: market.count });
  }

  const offers = starterOffers(scenario.startsAt, n.tenants.filter((t) => t.kind === 'nsc').map((t) => ({ id: t.id, market: t.market })));
  const global = { kind: 'global' } as const;
  for (const p of offers.programs) await store.programs.upsertProgram(p);
  for (const f of offers.funds) await fundsStore(store.db).putFund(global, f, new Date(scenario.startsAt));
  for (const o of offers.catalog) await catalogStore(store.db).put(global, parseCatalogOffer(o));
  // Workshop bookings for four weeks from today, so the network map shows capacity utilisation.
  await networkStore(store.db).insertBookings(demoBookings(n.dealers, dayOf(opts.today ?? new Date()), 28, opts.seed));
  report({ phase: 'offers', done: offers.offers.length, total: offers.offers.length });
  // Six months of exposure and outcome logs from the simulator, for training and measurement.
  await seedModelLogs(store.db, { scenario: opts.scenario ?? 'demo', seed: opts.seed, vehicles: opts.vehicles, months: 6 });
  // A day of simulated driving through the real telemetry pipeline, so vehicles have features.
  const now = await seedTelemetry(store, scenario, { seed: opts.seed, vehicles: Math.min(done, demoTelemetryVehicles), today: opts.today });
  report({ phase: 'telemetry', done: 1, total: 1 });
  // A first campaign through the delivery pipeline (gate, outbox, codes) and some redemptions.
  await seedDeliveries(store, new Date(now.getTime() - 3 * 86_400_000));
  report({ phase: 'deliveries', done: 1, total: 1 });
  // Fresh statistics, so the planner sees the seeded sizes instead of empty-table guesses.
  await store.db.exec('ANALYZE');
  return { vehicles: done, dealers: n.dealers.length };
}

/** Vehicles (the first of the fleet) whose simulated telemetry the demo seed ingests; bounds the seed's time. */
export const demoTelemetryVehicles = 120;

/**
 * Streams one day of simulated telemetry (48 points per driving minute, i.e. a speed sample
 * every 10 s) of the fleet's first vehicles through the platform's ingestor (VSS validation,
 * quarantine, rolling feature engine), ending the day before yesterday, and stores what the
 * running platform's flush stores: each vehicle's feature snapshot (readings only for owners
 * with telematics_marketing consent, via `snapshotFeatures`) and engine state. Its own ingestor,
 * so the platform's live counters count only live traffic; a running telemetry runtime then
 * loads the saved states. Returns the "now" the points were checked against.
 */
async function seedTelemetry(store: Store, scenario: Scenario, opts: { seed: number; vehicles: number; today: Date | undefined }): Promise<Date> {
  const running = telemetryRuntimeOf(store);
  const now = running ? running.clock() : (opts.today ?? new Date());
  const ingestor = createIngestor({ table: loadVssCatalog(), sink: createMemoryQuarantine(), clock: () => now });
  const dayMs = 86_400_000;
  const fromMs = Math.floor(now.getTime() / dayMs) * dayMs - 2 * dayMs;
  let batch: unknown[] = [];
  for (const point of fleetTelemetry(scenario, { seed: opts.seed, vehicles: opts.vehicles, days: 1, pointsPerMinute: 48, fromMs })) {
    batch.push(point);
    if (batch.length >= 5000) {
      ingestor.ingestRecords(batch, { transport: 'file' });
      batch = [];
    }
  }
  ingestor.ingestRecords(batch, { transport: 'file' });
  const sql = telemetryStore(store.db);
  const records = [...ingestor.vehicles()];
  const consented = await sql.telematicsConsent(records.map((r) => r.vin));
  await sql.saveSnapshots(records.map((rec) => ({
    vin: rec.vin, features: snapshotFeatures(ingestor.engine, rec, consented.has(rec.vin)).json, state: encodeVehicleState(rec), updatedAt: now,
  })));
  await running?.restore();
  return now;
}

/**
 * The demo's first campaign: each dealer's first three customers (by id) with an e-mail
 * address and e-mail marketing consent are offered their market's brake service by e-mail,
 * through the real delivery path (consent, channel choice, compliance gate, outbox, signed redemption codes);
 * every other enqueued customer then redeems the code at the dealer a day later.
 */
async function seedDeliveries(store: Store, sentAt: Date): Promise<void> {
  const { rows } = await store.db.query<{ id: string; market: string }>(
    `SELECT id, market FROM (
       SELECT o.id, o.market, row_number() OVER (PARTITION BY o.home_dealer_id ORDER BY o.id) AS k FROM owners o
        WHERE o.home_dealer_id IS NOT NULL AND o.email IS NOT NULL
          AND EXISTS (SELECT 1 FROM consents c WHERE c.owner_id = o.id AND c.purpose = 'marketing_contact' AND c.channel IN ('email', 'any') AND c.granted)) x
      WHERE k <= 3 ORDER BY id`);
  const offers = new Set((await store.db.query<{ id: string }>('SELECT id FROM offers')).rows.map((r) => r.id));
  const delivery = deliveryStore(store.db);
  for (const market of [...new Set(rows.map((r) => r.market))].sort()) {
    const offerId = `off-${market.toLowerCase()}-brake-service`;
    if (!offers.has(offerId)) continue;
    const ownerIds = rows.filter((r) => r.market === market).map((r) => r.id);
    await delivery.deliverOffer(globalScope, { offerId, ownerIds, campaignId: 'demo-brake-service', channels: ['email'] }, { now: sentAt });
  }
  const codes = await store.db.query<{ code: string; dealer_id: string | null }>(
    `SELECT c.code, c.dealer_id FROM delivery_redemption_codes c WHERE EXISTS (SELECT 1 FROM delivery_outbox x WHERE x.owner_id = c.owner_id AND x.offer_id = c.offer_id) ORDER BY c.owner_id`);
  const redeemAt = new Date(sentAt.getTime() + 86_400_000);
  const redemptions = redemptionStore(store.db);
  for (const [i, c] of codes.rows.entries()) if (i % 2 === 0) await redemptions.redeem(globalScope, c.code, c.dealer_id ?? 'dealer', redeemAt);
}

/**
 * A small catalog per national sales company so the demo has offers to look at: one program and
 * one trade fund per NSC, and four offers with catalog fields (funding, content, limits,
 * exclusivity) and eligibility rules. Valid for three years from the scenario start.
 */
export function starterOffers(startsAt: string, nscs: { id: string; market: string | null }[]): { programs: Program[]; offers: Offer[]; funds: Fund[]; catalog: CatalogOfferInput[] } {
  const from = new Date(startsAt);
  const to = new Date(from.getTime() + 3 * 365 * 86_400_000);
  const programs: Program[] = [];
  const funds: Fund[] = [];
  const catalog: CatalogOfferInput[] = [];
  for (const nsc of nscs) {
    if (!nsc.market) continue;
    const market = nsc.market as Program['market'] & string;
    const slug = market.toLowerCase();
    const programId = `prg-${slug}-owner-care`;
    const fundId = `fund-${slug}-owner-care`;
    programs.push({ id: programId, ownerNodeId: nsc.id, name: `${market} owner care`, market, startsAt: from.toISOString(), endsAt: to.toISOString() });
    const currency = market === 'UK' ? 'GBP' : market.startsWith('US') ? 'USD' : 'EUR';
    funds.push({ id: fundId, programId, tierNodeId: nsc.id, currency, budgetMinor: 25_000_000 });
    const language: 'en' | 'de' | 'fr' = market === 'DE' ? 'de' : market === 'FR' ? 'fr' : 'en';
    const copy = (headline: string, body: string): CatalogOfferInput['content'] => [
      { channel: 'email', language: 'en', headline, body, cta: 'Book now' },
      { channel: 'hmi', language: 'en', headline, body },
      ...(language === 'en' ? [] : [{ channel: 'email' as const, language, headline, body }]),
    ];
    const common = { programId, ownerNodeId: nsc.id, fundId, markets: [market], validFrom: from.toISOString(), validTo: to.toISOString() };
    const inMarket = { code: 'market', params: { markets: [market] } };
    catalog.push(
      { ...common, id: `off-${slug}-brake-service`, kind: 'service_package', name: 'Brake service package',
        terms: { serviceCode: 'BRAKE-SVC', priceMinor: 25_500, listPriceMinor: 30_000 }, requires: [{ competency: 'general', hours: 1.5 }], requiresStock: ['brake-pads'],
        costMinor: 4_500, exclusivityGroup: 'workshop', priority: 10, content: copy('Brake service, 15 % off', 'Pads, discs and a check by certified technicians.'),
        rules: [inMarket, { code: 'mileage', params: { minKm: 5_000 } }, { code: 'consent', params: { purpose: 'marketing_contact', channel: 'email' } }, { code: 'dealer_capability', params: {} }] },
      { ...common, id: `off-${slug}-adas-trial`, kind: 'feature_trial', name: 'Highway Assist 3-month trial',
        terms: { featureCode: 'highway_assist', trialDays: 90, valueMinor: 15_000 }, requires: [{ competency: 'software_update', hours: 0.25 }], requiresStock: [],
        costMinor: 2_000, stackable: true, priority: 5, content: copy('Try Highway Assist for 3 months', 'Activate the trial from your car; no charge.'),
        rules: [inMarket, { code: 'software_version', params: { range: '>=2.10.0' } }, { code: 'consent', params: { purpose: 'marketing_contact', channel: 'hmi' } }] },
      { ...common, id: `off-${slug}-tyres`, kind: 'service_package', name: 'Tyre replacement with alignment',
        terms: { serviceCode: 'TYRE-ALIGN', priceMinor: 54_000, listPriceMinor: 60_000 }, requires: [{ competency: 'tyres', hours: 1 }], requiresStock: ['tyre-set'],
        costMinor: 6_000, exclusivityGroup: 'workshop', priority: 8, content: copy('New tyres, alignment included', 'Four tyres fitted and aligned, 10 % off.'),
        rules: [inMarket, { code: 'mileage', params: { minKm: 20_000 } }, { code: 'dealer_capability', params: {} }] },
      { ...common, id: `off-${slug}-loyalty`, kind: 'loyalty_bonus', name: 'Loyalty bonus on your next Halden',
        terms: { amountMinor: 100_000 }, requires: [], requiresStock: [], costMinor: 100_000, priority: 1, globalLimit: 200,
        content: copy('A loyalty bonus for your next Halden', 'Put 1,000 towards your next car.'),
        rules: [inMarket, { code: 'vehicle_age', params: { minMonths: 12 } }, { code: 'consent', params: { purpose: 'marketing_contact', channel: 'email' } }] },
    );
  }
  const offers: Offer[] = catalog.map((o) => ({
    id: o.id, programId: o.programId, kind: o.kind, name: o.name, markets: o.markets, validFrom: o.validFrom, validTo: o.validTo,
    terms: o.terms, requires: o.requires, requiresStock: o.requiresStock ?? [],
  }));
  return { programs, offers, funds, catalog };
}
