import { createRng, makeVin, type Rng } from '../kernel';
import type { Channel, ConsentChange, ConsentChannel, ConsentPurpose, Dealer, MarketCode, Owner, Powertrain, Vehicle } from '../domain';
import type { Scenario, ScenarioMarket, ScenarioModel } from './scenario';
import type { DealerPlacement } from './network';
import { drawOwnerTraits, type OwnerTraits } from './hidden/owner-traits';
import { emailFor, personName, phoneFor } from './people';
import { clamp, pickWeighted, round } from './weighted';

const DAY = 86_400_000;
const YEAR = 365.25 * DAY;
const yearCodes = 'ABCDEFGHJKLMNPRSTVWXY123456789';
const plantCodes = 'ABCDEFGHJKLMNPRSTUVWXYZ';

export const modelYearCode = (year: number): string => yearCodes[(((year - 1980) % 30) + 30) % 30] ?? 'A';

/** Months between software minor releases of a model (the OTA train). */
export const releaseIntervalMonths = 4;

/** The minor version a model's OTA train had reached at `ms`. */
export function trainMinorAt(model: ScenarioModel, ms: number): number {
  const start = Date.UTC(model.firstModelYear - 1, 0, 1);
  return Math.max(0, Math.floor((ms - start) / (30.44 * DAY * releaseIntervalMonths)));
}

/** Everything about one fleet vehicle, observable and hidden (simulator-internal). */
export interface SimulatedVehicle {
  index: number;
  vehicle: Vehicle;
  owner: Owner | null;
  consents: ConsentChange[];
  truth: { traits: OwnerTraits; homeLat: number; homeLon: number; powertrain: Powertrain; adasLevel: number; modelIndex: number };
}

/** Precomputed lookups shared by every vehicle of one fleet. */
export interface FleetContext {
  scenario: Scenario;
  seed: number;
  nowMs: number;
  marketWeights: number[];
  dealersByMarket: Map<MarketCode, { dealer: Dealer; cityIndex: number }[]>;
  modelWeights: number[];
}

export function createFleetContext(scenario: Scenario, seed: number, dealers: readonly Dealer[], placements: readonly DealerPlacement[]): FleetContext {
  const dealersByMarket = new Map<MarketCode, { dealer: Dealer; cityIndex: number }[]>();
  placements.forEach((p) => {
    const dealer = dealers.find((d) => d.id === p.dealerId);
    if (!dealer) return;
    const list = dealersByMarket.get(p.market) ?? [];
    list.push({ dealer, cityIndex: p.cityIndex });
    dealersByMarket.set(p.market, list);
  });
  return {
    scenario,
    seed,
    nowMs: Date.parse(scenario.startsAt),
    marketWeights: scenario.markets.map((m) => m.vehicleShare),
    dealersByMarket,
    modelWeights: scenario.models.map((m) => m.share),
  };
}

function drawConsents(rng: Rng, ctx: FleetContext, owner: Owner, traits: OwnerTraits, registeredMs: number): ConsentChange[] {
  const c = ctx.scenario.consent;
  const wanted: { purpose: ConsentPurpose; channel: ConsentChannel; p: number }[] = [
    { purpose: 'telematics_marketing', channel: 'any', p: clamp(c.telematicsMarketing * (0.6 + 0.8 * traits.techComfort), 0, 1) },
    { purpose: 'profiling', channel: 'any', p: c.profiling },
  ];
  const contact: Channel[] = ['push', 'hmi'];
  if (owner.email) contact.push('email');
  if (owner.phone) contact.push('sms');
  for (const ch of contact) wanted.push({ purpose: 'marketing_contact', channel: ch, p: c.marketingContact });
  const viaApp = rng.next() < 0.3 + 0.6 * traits.techComfort;
  const source = viaApp ? 'app' : 'dealer';
  const actor = viaApp || !owner.homeDealerId ? `owner:${owner.id}` : `dealer:${owner.homeDealerId}`;
  const out: ConsentChange[] = [];
  for (const w of wanted) {
    const at = registeredMs + Math.floor(rng.next() * 2 * 3_600_000);
    const granted = rng.next() < w.p;
    out.push({ ownerId: owner.id, purpose: w.purpose, channel: w.channel, granted, actor, source, at: new Date(at).toISOString() });
    if (!granted || c.withdrawalPerYear <= 0) continue;
    const withdrawAt = at + (-Math.log(1 - rng.next()) / c.withdrawalPerYear) * YEAR;
    if (withdrawAt < ctx.nowMs) {
      out.push({ ownerId: owner.id, purpose: w.purpose, channel: w.channel, granted: false, actor: `owner:${owner.id}`, source: rng.next() < 0.8 ? 'app' : 'support', at: new Date(Math.floor(withdrawAt)).toISOString() });
    }
  }
  return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

function pickDealer(rng: Rng, ctx: FleetContext, market: ScenarioMarket, cityIndex: number): Dealer | null {
  const list = ctx.dealersByMarket.get(market.code) ?? [];
  if (list.length === 0 || rng.next() < 0.05) return null;
  const local = list.filter((d) => d.cityIndex === cityIndex);
  const pool = local.length > 0 && rng.next() < 0.85 ? local : list;
  return rng.pick(pool).dealer;
}

/** Fleet vehicle `index`: a pure function of (scenario, seed, index), independent of chunking. */
export function simulateVehicle(ctx: FleetContext, index: number): SimulatedVehicle {
  const { scenario } = ctx;
  const rng = createRng(`${ctx.seed}/vehicle/${index}`);
  const market = scenario.markets[pickWeighted(rng, ctx.marketWeights)] ?? scenario.markets[0];
  if (!market) throw new RangeError('scenario without markets');
  const cityIndex = pickWeighted(rng, market.cities.map((c) => c.weight));
  const city = market.cities[cityIndex];
  const homeLat = round(clamp((city?.lat ?? 0) + 0.2 * rng.normal(), -90, 90), 5);
  const homeLon = round(clamp((city?.lon ?? 0) + 0.2 * rng.normal(), -180, 180), 5);
  const dealer = pickDealer(rng, ctx, market, cityIndex);

  const modelIndex = pickWeighted(rng, ctx.modelWeights);
  const model = scenario.models[modelIndex] ?? scenario.models[0];
  if (!model) throw new RangeError('scenario without models');
  const trimIndex = Math.min(model.trims.length - 1, Math.floor(model.trims.length * rng.next() ** 1.4));
  const trim = model.trims[trimIndex] ?? model.trims[0];
  const hwIndex = pickWeighted(rng, model.hardware.map((h) => h.share));
  const hw = model.hardware[hwIndex] ?? model.hardware[0];
  if (!trim || !hw) throw new RangeError(`model ${model.id} needs trims and hardware`);
  const traits = drawOwnerTraits(rng.fork('traits'), model.powertrain);

  const nowYear = new Date(ctx.nowMs).getUTCFullYear();
  const age = Math.floor(8 * rng.next() ** 1.6);
  const modelYear = Math.max(model.firstModelYear, nowYear - age);
  let from = Date.UTC(modelYear - 1, 8, 1);
  const to = Math.min(Date.UTC(modelYear, 11, 31), ctx.nowMs - 7 * DAY);
  if (to <= from) from = to - 30 * DAY;
  const registeredMs = Math.floor(from + rng.next() * (to - from));
  const ageYears = (ctx.nowMs - registeredMs) / YEAR;

  const latest = trainMinorAt(model, ctx.nowMs);
  const atRegistration = Math.min(latest, trainMinorAt(model, registeredMs));
  const lag = Math.floor(-Math.log(1 - rng.next()) * (1.6 - traits.techComfort));
  const minor = Math.max(atRegistration, latest - lag);
  const softwareVersion = `${model.softwareMajor}.${minor}.${rng.int(3)}`;

  const ptCode = { ice: 'G', hev: 'H', phev: 'P', bev: 'E' }[model.powertrain];
  const vds = `${model.vinCode}${yearCodes[trimIndex % 20]}${yearCodes[hwIndex % 20]}${ptCode}`;
  const vin = makeVin(model.wmi, vds, modelYearCode(modelYear), plantCodes[Math.floor(index / 1_000_000) % plantCodes.length] ?? 'A', index % 1_000_000);

  const fleetOwned = scenario.mobilityProvider !== null && scenario.mobilityProvider.market === market.code && rng.next() < scenario.fleetShare;
  let owner: Owner | null = null;
  let consents: ConsentChange[] = [];
  if (!fleetOwned) {
    const language = rng.pick(market.languages);
    const name = personName(rng, language);
    owner = {
      id: `own-${String(index).padStart(7, '0')}`,
      market: market.code,
      displayName: `${name.first} ${name.last}`,
      email: rng.next() < 0.88 ? emailFor(name.first, name.last, index) : null,
      phone: rng.next() < 0.7 ? phoneFor(rng, market.phoneCountryCode, index) : null,
      language,
      homeDealerId: dealer?.id ?? null,
    };
    consents = drawConsents(rng.fork('consent'), ctx, owner, traits, registeredMs);
  }
  const vehicle: Vehicle = {
    vin,
    modelId: model.id,
    trimId: `${model.id}-${trim.id}`,
    hardwareVariantId: `${model.id}-${hw.id}`,
    market: market.code,
    modelYear,
    softwareVersion,
    homeDealerId: dealer?.id ?? null,
    ownerId: owner?.id ?? null,
    odometerKm: round(Math.min(1_999_999, traits.annualKm * ageYears * (0.85 + 0.3 * rng.next())), 1),
    registeredAt: new Date(registeredMs).toISOString(),
  };
  return { index, vehicle, owner, consents, truth: { traits, homeLat, homeLon, powertrain: model.powertrain, adasLevel: hw.adasLevel, modelIndex } };
}
