import type { Offer, Program } from '../domain';
import { loadShippedScenario, streamMarket } from '../simulator';
import type { Store } from '../store';

export interface SeedProgress {
  phase: 'network' | 'fleet' | 'offers';
  done: number;
  total: number;
}

/**
 * Loads a simulated market (observable data only) into the store: network,
 * catalog, fleet with owners and consent history, and a starter offer catalog.
 * The fleet streams in chunks, so memory stays bounded for large fleets.
 */
export async function seedDemoMarket(store: Store, opts: { scenario?: string; vehicles: number; seed: number; onProgress?: (p: SeedProgress) => void }): Promise<{ vehicles: number; dealers: number }> {
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
  for (const p of offers.programs) await store.programs.upsertProgram(p);
  for (const o of offers.offers) await store.programs.upsertOffer(o);
  report({ phase: 'offers', done: offers.offers.length, total: offers.offers.length });
  return { vehicles: done, dealers: n.dealers.length };
}

/** A small catalog per national sales company so the demo has offers to look at. */
export function starterOffers(startsAt: string, nscs: { id: string; market: string | null }[]): { programs: Program[]; offers: Offer[] } {
  const from = new Date(startsAt);
  const to = new Date(from.getTime() + 180 * 86_400_000);
  const programs: Program[] = [];
  const offers: Offer[] = [];
  for (const nsc of nscs) {
    if (!nsc.market) continue;
    const slug = nsc.market.toLowerCase();
    const programId = `prg-${slug}-owner-care`;
    programs.push({ id: programId, ownerNodeId: nsc.id, name: `${nsc.market} owner care`, market: nsc.market as Program['market'], startsAt: from.toISOString(), endsAt: to.toISOString() });
    const currency = nsc.market === 'UK' ? 'GBP' : nsc.market.startsWith('US') ? 'USD' : 'EUR';
    const common = { programId, markets: [nsc.market] as Offer['markets'], validFrom: from.toISOString(), validTo: to.toISOString() };
    offers.push(
      { ...common, id: `off-${slug}-brake-service`, kind: 'service_package', name: 'Brake service package', terms: { discountPct: 15, currency }, requires: [{ competency: 'general', hours: 1.5 }], requiresStock: ['brake-pads'] },
      { ...common, id: `off-${slug}-adas-trial`, kind: 'feature_trial', name: 'Highway Assist 3-month trial', terms: { trialDays: 90, feature: 'highway_assist' }, requires: [{ competency: 'software_update', hours: 0.25 }], requiresStock: [] },
      { ...common, id: `off-${slug}-tyres`, kind: 'service_package', name: 'Tyre replacement with alignment', terms: { discountPct: 10, currency }, requires: [{ competency: 'tyres', hours: 1 }], requiresStock: ['tyre-set'] },
      { ...common, id: `off-${slug}-loyalty`, kind: 'loyalty_bonus', name: 'Loyalty bonus on your next Halden', terms: { amountMinor: 100_000, currency }, requires: [], requiresStock: [] },
    );
  }
  return { programs, offers };
}
