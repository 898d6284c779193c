import { createRng } from '../kernel';
import { consentKey, type Dealer, type MarketCode } from '../domain';
import type { Scenario } from './scenario';
import { prepareMarket, simulateFleet } from './generate-market';
import type { SimulatedVehicle } from './fleet';
import { generateReleases, type SimRelease } from './releases';
import { featureCodes, featureRequirements, type FeatureCode } from './features';
import { channelCost, grossProfit, isFeature, needsBay, offerKindFor, productCompetency, dealerProducts, type Product } from './economics';
import { afterPurchase, badVisit, baseProbability, monthlyHazards, putOff, repurchase, treatedProbability } from './hidden/response-model';
import { oracleStrategy } from './hidden/oracle-strategy';
import { ageOneMonth, createWorldOwner, fix, observe, type WorldOwner } from './world-owner';
import { epsilonPerUsageRead, type ComplianceCheck, type DealerView, type OfferDecision, type Strategy, type StrategyContext } from './strategy';
import { clamp } from './weighted';

const DAY = 86_400_000;
const MONTH = 30.44 * DAY;
/** Vehicles a real dealer looks after; each simulated owner stands for this many divided by the simulated park. */
const realParkPerDealer = 1000;
const allProducts: readonly Product[] = [...dealerProducts, ...featureCodes];

/** Everything shared by the runs of one scorecard (built once per scenario and seed). */
export interface WorldSetup {
  scenario: Scenario;
  seed: number;
  months: number;
  startMs: number;
  dealers: Dealer[];
  capacity: Map<string, number>;
  releases: SimRelease[];
  sims: SimulatedVehicle[];
  dealerMarket: Map<string, MarketCode>;
  featureCache: Map<string, FeatureCode[]>;
}

export function createWorldSetup(scenario: Scenario, seed: number, months: number, vehicles?: number): WorldSetup {
  const { network, ctx, count } = prepareMarket(scenario, { seed, vehicles });
  const sims = [...simulateFleet(ctx, count)];
  const owners = sims.filter((s) => s.owner).length;
  const scale = Math.max(1, (realParkPerDealer * network.dealers.length) / Math.max(1, owners));
  const capacity = new Map(network.dealers.map((d) => [d.id, Math.max(1, (d.serviceBaysPerDay * 21 * 0.9) / scale)]));
  return { scenario, seed, months, startMs: Date.parse(scenario.startsAt), dealers: network.dealers, capacity, releases: generateReleases(scenario, seed, months), sims,
    dealerMarket: new Map(network.tenants.filter((t) => t.kind === 'dealer' && t.market !== null).map((t) => [t.id, t.market as MarketCode])), featureCache: new Map() };
}

/** Features available by OTA for a model in a market at `ms`: those not tied to a horizon release, plus released and approved ones. */
export function availableFeaturesAt(setup: WorldSetup, modelId: string, market: MarketCode, adasLevel: number, ms: number): FeatureCode[] {
  const key = `${modelId}|${market}|${adasLevel}|${ms}`;
  const hit = setup.featureCache.get(key);
  if (hit) return hit;
  const list = computeAvailableFeatures(setup, modelId, market, adasLevel, ms);
  setup.featureCache.set(key, list);
  return list;
}

function computeAvailableFeatures(setup: WorldSetup, modelId: string, market: MarketCode, adasLevel: number, ms: number): FeatureCode[] {
  const model = setup.scenario.models.find((m) => m.id === modelId);
  if (!model) return [];
  const rels = setup.releases.filter((r) => r.modelId === modelId);
  const introduced = new Set(rels.flatMap((r) => r.features));
  const released = new Set(rels.filter((r) => r.outcome !== 'failed' && r.outcome !== 'rolled_back' && r.approvals.some((a) => a.market === market && a.status === 'approved' && a.at !== null && Date.parse(a.at) <= ms)).flatMap((r) => r.features));
  const parentOk = (f: FeatureCode): boolean => featureRequirements[f].powertrains.includes(model.powertrain) && featureRequirements[f].minAdasLevel <= adasLevel;
  return featureCodes.filter((f) => parentOk(f) && (!introduced.has(f) || released.has(f)));
}

export interface StrategyMetrics {
  strategy: string;
  description: string;
  grossProfit: number;
  lifetimeValue: number;
  satisfaction: number;
  discountDependency: number;
  discountExpectation: number;
  overCapacityEvents: number;
  uncertifiedVisits: number;
  messagesSent: number;
  messagesBlocked: number;
  contactsWithoutConsent: number;
  privacyBudget: number;
  regrets: number;
  ownersLost: number;
  /** Cumulative gross profit at the end of each month. */
  monthlyGrossProfit: number[];
}

export interface RunOptions {
  complianceCheck?: ComplianceCheck;
  onMonth?: (month: number) => void;
}

/** Runs one strategy ('oracle' reads the truth) over the horizon against the hidden truth. */
export function runStrategy(setup: WorldSetup, strategy: Strategy | 'oracle', opts: RunOptions = {}): StrategyMetrics {
  const initRng = createRng(`${setup.seed}/world-init`);
  const owners: WorldOwner[] = [];
  for (const sim of setup.sims) {
    const w = createWorldOwner(sim, setup.startMs, initRng.fork(String(sim.index)));
    if (w) owners.push(w);
  }
  const byId = new Map(owners.map((w) => [w.owner.id, w]));
  const strat: Strategy = strategy === 'oracle'
    ? oracleStrategy((id) => {
      const w = byId.get(id);
      return w && { traits: w.traits, state: w.truth, needs: w.needs, ageYears: w.ageYears };
    })
    : strategy;
  const compliance: ComplianceCheck = opts.complianceCheck ?? (() => ({ allowed: true }));
  const booked = new Map<string, number>();
  const m: StrategyMetrics = {
    strategy: strat.name, description: strat.description, grossProfit: 0, lifetimeValue: 0, satisfaction: 0, discountDependency: 0, discountExpectation: 0,
    overCapacityEvents: 0, uncertifiedVisits: 0, messagesSent: 0, messagesBlocked: 0, contactsWithoutConsent: 0, privacyBudget: 0, regrets: 0, ownersLost: 0, monthlyGrossProfit: [],
  };
  let purchases = 0, discounted = 0;
  const dealerById = new Map(setup.dealers.map((d) => [d.id, d]));

  for (let month = 0; month < setup.months; month++) {
    const nowMs = setup.startMs + month * MONTH;
    const uniforms = new Map<number, number[]>();
    for (const w of owners) {
      const r = createRng(`${setup.seed}/om/${w.index}/${month}`);
      const u = Array.from({ length: 32 }, () => r.next());
      uniforms.set(w.index, u);
      w.truth.contactsThisMonth = 0;
      if (!w.truth.lost) ageOneMonth(w, month, u);
    }
    const dealers: DealerView[] = setup.dealers.map((d) => ({
      id: d.id, market: setup.dealerMarket.get(d.id) ?? 'US',
      lat: d.lat, lon: d.lon, competencies: d.technicians.filter((t) => t.technicians > 0).map((t) => t.competency),
      capacityPerMonth: Math.round((setup.capacity.get(d.id) ?? 1) * 10) / 10, bookedLastMonth: booked.get(d.id) ?? 0,
    }));
    const ctx: StrategyContext = {
      month, now: new Date(nowMs), rng: createRng(`${setup.seed}/strategy/${strat.name}/${month}`),
      owners: owners.map(observe), dealers,
      usage: (ownerId) => {
        const w = byId.get(ownerId);
        if (!w || w.consents[consentKey('telematics_marketing', 'any')] !== true) return null;
        m.privacyBudget += epsilonPerUsageRead;
        return { ...w.usage };
      },
      availableFeatures: (modelId, market, adas) => availableFeaturesAt(setup, modelId, market, adas, nowMs),
      complianceCheck: compliance,
    };
    const offered = new Map<string, OfferDecision>();
    for (const d of strat.decide(ctx)) {
      const w = byId.get(d.ownerId);
      if (!w || w.truth.lost || offered.has(d.ownerId)) continue;
      m.messagesSent++;
      m.grossProfit -= channelCost[d.channel];
      const kind = offerKindFor(d.product, d.trial);
      if (!compliance({ ownerId: d.ownerId, market: w.owner.market, channel: d.channel, kind, product: d.product, discountPct: d.discountPct }).allowed) {
        m.messagesBlocked++;
        continue;
      }
      if (w.consents[consentKey('marketing_contact', d.channel)] !== true) {
        m.contactsWithoutConsent++;
        w.truth.satisfaction = clamp(w.truth.satisfaction - 0.05, 0, 1);
      }
      w.truth.contactsThisMonth++;
      offered.set(d.ownerId, d);
    }

    const visits = new Map<string, WorldOwner[]>();
    for (const w of owners) {
      if (w.truth.lost) continue;
      const u = uniforms.get(w.index) ?? [];
      const offer = offered.get(w.owner.id);
      const record = offer ? { month, product: offer.product, discountPct: offer.discountPct, channel: offer.channel, redeemed: false } : null;
      if (offer) {
        const po = putOff(w.traits, w.truth, offer.channel);
        w.truth.satisfaction = clamp(w.truth.satisfaction - 0.04 * po, 0, 1);
        if (offer.product === 'vehicle') w.vehicleOfferMonth = month;
      }
      const available = availableFeaturesAt(setup, w.sim.vehicle.modelId, w.owner.market, w.sim.truth.adasLevel, nowMs);
      allProducts.forEach((p, pi) => {
        const isOffered = offer?.product === p;
        if (isFeature(p) && (w.owned.has(p) || !available.includes(p))) return;
        if (!isFeature(p) && !w.needs.has(p) && !isOffered) return;
        const prob = isOffered && offer
          ? treatedProbability(w.traits, w.truth, p, offer.discountPct, offer.channel, w.needs, w.ageYears, offer.trial)
          : baseProbability(w.traits, w.truth, p, w.needs, w.ageYears);
        if ((u[10 + pi] ?? 1) >= prob) return;
        const discount = isOffered && offer ? offer.discountPct : 0;
        m.grossProfit += grossProfit(p, discount);
        purchases++;
        if (discount > 0) discounted++;
        if (record && isOffered) record.redeemed = true;
        w.purchases.push({ month, product: p, discountPct: discount, viaOffer: isOffered });
        afterPurchase(w.traits, w.truth, p, discount);
        if (isFeature(p)) w.owned.add(p);
        if (needsBay(p)) {
          const dealerId = (isOffered ? offer?.dealerId : null) ?? w.owner.homeDealerId;
          if (dealerId) {
            const list = visits.get(dealerId) ?? [];
            list.push(w);
            visits.set(dealerId, list);
            const need = productCompetency[p];
            const dealer = dealerById.get(dealerId);
            if (need && dealer && !dealer.technicians.some((t) => t.competency === need && t.technicians > 0)) {
              m.uncertifiedVisits++;
              badVisit(w.truth, 'uncertified');
            }
          }
          if (!isFeature(p)) {
            fix(w, p, month);
            w.truth.retained = true;
          }
        }
      });
      if (record) w.offers.push(record);
    }
    booked.clear();
    for (const [dealerId, list] of visits) {
      booked.set(dealerId, list.length);
      const cap = setup.capacity.get(dealerId) ?? 1;
      if (list.length <= cap) continue;
      m.overCapacityEvents++;
      for (const w of list) if ((uniforms.get(w.index)?.[28] ?? 1) < 1 - cap / list.length) badVisit(w.truth, 'overbooked');
    }
    for (const w of owners) {
      if (w.truth.lost) continue;
      const u = uniforms.get(w.index) ?? [];
      const h = monthlyHazards(w.traits, w.truth, w.needs.size);
      if ((u[25] ?? 1) < h.defect) w.truth.retained = false;
      w.truth.satisfaction = clamp(w.truth.satisfaction + h.satisfactionDrift, 0, 1);
      const r = repurchase(w.traits, w.truth, w.ageYears);
      if ((u[26] ?? 1) >= r.replace) continue;
      const bonus = month - w.vehicleOfferMonth <= 3 ? 0.03 : 0;
      if ((u[27] ?? 1) < clamp(r.stayWithBrand + (bonus > 0 ? 0.1 : 0), 0, 1)) {
        m.grossProfit += grossProfit('vehicle', bonus);
        w.purchases.push({ month, product: 'vehicle', discountPct: bonus, viaOffer: bonus > 0 });
        w.ageYears = 0;
        w.cond = { ...w.cond, padWear: 0, leak: false, minTyreKpa: 240, dtcs: 0, monthsSinceService: 0, sohPct: w.cond.sohPct === null ? null : 100 };
        w.truth.retained = true;
      } else {
        w.truth.lost = true;
        m.ownersLost++;
      }
    }
    m.monthlyGrossProfit.push(Math.round(m.grossProfit));
    opts.onMonth?.(month);
  }

  let terminal = 0, sat = 0, expectation = 0;
  for (const w of owners) {
    sat += w.truth.satisfaction;
    expectation += w.truth.discountExpectation;
    m.regrets += w.truth.regrets;
    if (w.truth.lost) continue;
    const r = repurchase(w.traits, w.truth, w.ageYears);
    terminal += (w.truth.retained ? 600 : 120) * (0.5 + w.truth.satisfaction) + r.stayWithBrand * grossProfit('vehicle', 0) * 0.6 - w.truth.discountExpectation * 300;
  }
  m.grossProfit = Math.round(m.grossProfit);
  m.lifetimeValue = Math.round(m.grossProfit + terminal);
  m.satisfaction = Math.round((1000 * sat) / Math.max(1, owners.length)) / 10;
  m.discountExpectation = Math.round((1000 * expectation) / Math.max(1, owners.length)) / 1000;
  m.discountDependency = Math.round((1000 * discounted) / Math.max(1, purchases)) / 1000;
  m.privacyBudget = Math.round(m.privacyBudget * 100) / 100;
  return m;
}
