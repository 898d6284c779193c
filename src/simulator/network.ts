import { createRng } from '../kernel';
import type { Dealer, HardwareVariant, Market, MarketCode, StockLine, TechnicianPool, TenantNode, Trim, VehicleModel } from '../domain';
import type { Scenario, ScenarioMarket } from './scenario';
import { clamp, pickWeighted, round } from './weighted';

/** The static part of a simulated market: everything but the fleet. */
export interface Network {
  markets: Market[];
  tenants: TenantNode[];
  dealers: Dealer[];
  stock: StockLine[];
  models: VehicleModel[];
  trims: Trim[];
  hardwareVariants: HardwareVariant[];
}

/** Where each dealer sits: the scenario city it was placed in (simulator-internal). */
export interface DealerPlacement {
  dealerId: string;
  market: MarketCode;
  cityIndex: number;
}

export const partSkus = ['tyre-set', 'brake-pads', 'trailer-hitch', 'roof-box', 'wallbox', 'cabin-filter', 'wiper-blades', 'floor-mats'] as const;

export const marketSlug = (code: MarketCode): string => code.toLowerCase();

/** A market gets its own national sales company unless its parent market already has dealers (US-CA sits under the US NSC). */
export function nscMarketOf(scenario: Scenario, m: ScenarioMarket): ScenarioMarket {
  const parent = scenario.markets.find((p) => p.code === m.parent);
  return parent && parent.dealers > 0 ? nscMarketOf(scenario, parent) : m;
}

export function generateCatalog(scenario: Scenario): Pick<Network, 'models' | 'trims' | 'hardwareVariants'> {
  const models: VehicleModel[] = [];
  const trims: Trim[] = [];
  const hardwareVariants: HardwareVariant[] = [];
  for (const m of scenario.models) {
    models.push({ id: m.id, brand: scenario.oem.brand, name: m.name, powertrain: m.powertrain });
    for (const t of m.trims) trims.push({ id: `${m.id}-${t.id}`, modelId: m.id, name: t.name, msrpMinor: Math.round(t.msrp * 100) });
    for (const h of m.hardware) hardwareVariants.push({ id: `${m.id}-${h.id}`, modelId: m.id, name: h.name, adasLevel: h.adasLevel });
  }
  return { models, trims, hardwareVariants };
}

export function generateNetwork(scenario: Scenario, seed: number): { network: Network; placements: DealerPlacement[] } {
  const rng = createRng(`${seed}/network/${scenario.id}`);
  const markets: Market[] = scenario.markets.map((m) => ({ code: m.code, name: m.name, currency: m.currency, languages: [...m.languages], parent: m.parent }));
  const tenants: TenantNode[] = [{ id: scenario.oem.id, kind: 'oem', parentId: null, name: scenario.oem.name, market: null }];
  const dealers: Dealer[] = [];
  const stock: StockLine[] = [];
  const placements: DealerPlacement[] = [];
  const catalog = generateCatalog(scenario);

  for (const m of scenario.markets) {
    if (m.dealers === 0 || nscMarketOf(scenario, m) !== m) continue;
    tenants.push({ id: `nsc-${marketSlug(m.code)}`, kind: 'nsc', parentId: scenario.oem.id, name: `${scenario.oem.brand} ${m.name}`, market: m.code });
  }
  if (scenario.mobilityProvider) {
    const mp = scenario.mobilityProvider;
    const nsc = scenario.markets.find((m) => m.code === mp.market);
    const nscId = nsc && nsc.dealers > 0 ? `nsc-${marketSlug(nscMarketOf(scenario, nsc).code)}` : scenario.oem.id;
    tenants.push({ id: mp.id, kind: 'mobility_provider', parentId: nscId, name: mp.name, market: mp.market });
  }

  for (const m of scenario.markets) {
    if (m.dealers === 0) continue;
    const slug = marketSlug(m.code);
    const nscId = `nsc-${marketSlug(nscMarketOf(scenario, m).code)}`;
    for (let d = 0; d < m.distributors; d++) {
      tenants.push({ id: `dist-${slug}-${d + 1}`, kind: 'distributor', parentId: nscId, name: `${m.name} region ${d + 1}`, market: m.code });
    }
    const weights = m.cities.map((c) => c.weight);
    const maxWeight = Math.max(...weights);
    const cityOf = Array.from({ length: m.dealers }, (_, i) => (i < m.cities.length ? i : pickWeighted(rng, weights)));
    const perCity = new Map<number, number>();
    const rankInCity: number[] = cityOf.map((c) => {
      const r = perCity.get(c) ?? 0;
      perCity.set(c, r + 1);
      return r;
    });
    for (let i = 0; i < m.dealers; i++) {
      const cityIndex = cityOf[i] ?? 0;
      const city = m.cities[cityIndex];
      if (!city) continue;
      const id = `dlr-${slug}-${String(i + 1).padStart(4, '0')}`;
      const code = `${m.code.replace('-', '')}${String(i + 1).padStart(4, '0')}`;
      const k = perCity.get(cityIndex) ?? 1;
      const rank = rankInCity[i] ?? 0;
      const territory = city.postalPrefixes.length >= k
        ? city.postalPrefixes.filter((_, j) => j % k === rank)
        : [city.postalPrefixes[rank % city.postalPrefixes.length] ?? city.postalPrefixes[0] ?? '0'];
      const uncertified = rng.next() < scenario.dealerQuality.uncertifiedShare;
      const overbooked = rng.next() < scenario.dealerQuality.overbookedShare;
      const size = 0.5 + rng.next() + city.weight / maxWeight / k;
      const bays = Math.max(2, Math.round((overbooked ? 3 : 10) * size));
      const technicians: TechnicianPool[] = [
        { competency: 'general', technicians: Math.max(1, Math.round(bays * 0.8)), hoursPerDay: 8 },
        { competency: 'tyres', technicians: 1 + rng.int(3), hoursPerDay: 8 },
        { competency: 'software_update', technicians: 1 + rng.int(2), hoursPerDay: 8 },
      ];
      if (rng.next() < 0.6) technicians.push({ competency: 'body_repair', technicians: 1 + rng.int(3), hoursPerDay: 8 });
      if (!uncertified) {
        technicians.push({ competency: 'adas_calibration', technicians: 1 + rng.int(2), hoursPerDay: 8 });
        technicians.push({ competency: 'high_voltage', technicians: 1 + rng.int(2), hoursPerDay: 8 });
      }
      const distributor = cityIndex % m.distributors;
      tenants.push({ id, kind: 'dealer', parentId: `dist-${slug}-${distributor + 1}`, name: `${scenario.oem.brand} ${city.name} ${rank + 1}`, market: m.code });
      dealers.push({
        id,
        code,
        name: `${scenario.oem.brand} ${city.name} ${rank + 1}`,
        lat: round(clamp(city.lat + 0.12 * rng.normal(), -90, 90), 5),
        lon: round(clamp(city.lon + 0.12 * rng.normal(), -180, 180), 5),
        territory,
        serviceBaysPerDay: bays,
        technicians,
        competitionIndex: round(clamp(0.15 + 0.5 * (city.weight / maxWeight) + 0.15 * rng.normal(), 0, 1), 3),
      });
      placements.push({ dealerId: id, market: m.code, cityIndex });
      for (const sku of partSkus) stock.push({ dealerId: id, sku, kind: 'part', quantity: rng.next() < 0.15 ? 0 : 1 + rng.int(40) });
      for (const t of catalog.trims) stock.push({ dealerId: id, sku: `veh-${t.id}`, kind: 'vehicle', quantity: rng.int(6) });
    }
  }
  return { network: { markets, tenants, dealers, stock, ...catalog }, placements };
}
