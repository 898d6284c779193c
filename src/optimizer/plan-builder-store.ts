import { z } from 'zod';
import { channels, OwnerId, type Channel, type ConsentState, type Owner, type Vehicle } from '../domain';
import { assignHoldout } from '../measurement';
import {
  candidateValueModel, candidateValueParams, clvModelFrom, discountKinds, grantedPurposes, lifetimeValueModel, modelMayUse, modelsStore, needScoresModel, scoreNeeds,
  needInputsOf, storedReadings, TelemetryFeatures, upliftNotUsedReason, type VehicleFacts,
  type ModelVersion,
} from '../models';
import { catalogStore, evaluateEligibility, isWithinValidity, type CatalogView } from '../offers';
import { createStore, type Db, type DealerView, type TenantScope } from '../store';
import { candidateValue, needScorerFor } from './candidate-value';
import type { InstanceJson } from './instance-schema';

/**
 * Builds an optimizer instance from the stored platform data (issue 7, "plan feeds delivery"):
 * the owners of one market visible to the scope (with their first vehicle), the catalog offers
 * valid now and eligible by their stored rules, the channels each owner consented to and can be
 * reached on, the home dealer and the nearest other dealers of the market, and the coupling
 * rows: fund budgets, dealer hours per competency, offer limits, dealer stock and contact caps.
 * Holdouts come from src/measurement (sticky HMAC buckets), decided before any value is known.
 */
export const BuildOptions = z.strictObject({
  market: z.string().regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/),
  /** At most this many owners (in VIN order) enter the plan. */
  limit: z.int().min(1).max(100_000).default(1000),
  /** Days of dealer capacity the plan period covers. */
  days: z.int().min(1).max(90).default(5),
  /** Share of a dealer's technician hours that promotions may fill (the rest is regular work). */
  capacityShare: z.number().min(0).max(1).default(0.2),
  /** Share of the plan's customers one channel may contact in the period (contact cap per channel). */
  contactShare: z.number().min(0).max(1).default(0.5),
  /** Other dealers of the market offered besides the home dealer, nearest first. */
  alternativeDealers: z.int().min(0).max(10).default(2),
  holdoutShare: z.number().min(0).max(1).default(0.05),
  /** Salt of the holdout assignment; set a secret one per experiment in production. */
  holdoutSalt: z.string().min(8).default('forecourt-plan-holdout'),
  /** Only these owners enter the plan (e.g. a release campaign's treated vehicles' owners). */
  ownerIds: z.array(OwnerId).min(1).max(100_000).optional(),
  /** Only these catalog offers are candidates (e.g. the offer a release campaign is bound to). */
  offerIds: z.array(z.string().min(1).max(100)).min(1).max(1000).optional(),
});
export type BuildOptions = z.input<typeof BuildOptions>;

/** The registered model versions that value candidates (live versions unless given). */
export interface ValuationModels {
  candidateValue: ModelVersion;
  needScores: ModelVersion;
  /** The lifetime-value term (ΔCLV of an accepted offer) of every candidate's value. */
  lifetimeValue: ModelVersion;
  /** Why live uplift models do not value candidates (see upliftNotUsedReason). */
  upliftNotes: string[];
}

/** How one customer's candidates were valued: the model versions, need scores per offer, and why. */
export interface CustomerValuation {
  modelVersions: string[];
  /** Need score used per candidate offer (the prior where no scorer, features or consent). */
  needByOffer: Record<string, number>;
  reasons: string[];
}

/** The live candidate-value and need-score versions (registered on first use) and notes on live uplift models. */
export async function valuationModels(db: Db, now: Date, offerIds: readonly string[], availableFeatures: readonly string[]): Promise<ValuationModels> {
  const models = modelsStore(db);
  // One read of the live versions; a built-in model is registered only when it is missing.
  const liveNow = await models.liveVersions();
  const live = async (input: typeof candidateValueModel) => liveNow.find((m) => m.name === input.name) ?? models.ensureLive(input, now);
  const candidate = await live(candidateValueModel);
  const needs = await live(needScoresModel);
  const lifetime = await live(lifetimeValueModel);
  const upliftNotes: string[] = [];
  for (const v of liveNow.filter((m) => m.kind === 'uplift')) {
    upliftNotes.push(upliftNotUsedReason(v, await models.loadArtefact(v.id), offerIds, availableFeatures));
  }
  return { candidateValue: candidate, needScores: needs, lifetimeValue: lifetime, upliftNotes };
}

export interface BuildStats {
  owners: number;
  heldOut: number;
  withoutChannel: number;
  candidates: number;
  offers: number;
  dealers: number;
  needFromFeatures: number;
}

const consented = (consent: ConsentState, channel: Channel): boolean =>
  consent[`marketing_contact:${channel}`] === true || (consent['marketing_contact:any'] === true && consent[`marketing_contact:${channel}`] !== false);

function reachable(owner: Owner, channel: Channel): boolean {
  switch (channel) {
    case 'email': case 'web': return owner.email !== null;
    case 'sms': return owner.phone !== null;
    case 'social': return owner.email !== null || owner.phone !== null;
    case 'dealer_crm': return owner.homeDealerId !== null;
    case 'hmi': case 'push': return true;
  }
}

const distance = (a: DealerView, b: DealerView) => (a.lat - b.lat) ** 2 + ((a.lon - b.lon) * Math.cos((a.lat * Math.PI) / 180)) ** 2;

/**
 * The need-scorer inputs of a stored feature row: a telemetry snapshot (`{ basis, features:
 * [{ code, value, detail }] }`, nothing when its consent basis was not granted) mapped to the
 * scorers' inputs by src/models `needInputsOf` (the same mapping the dealer portal shows), or a
 * flat record of scorer inputs as written by imports and tests.
 */
function needInputs(raw: unknown, facts: VehicleFacts): TelemetryFeatures {
  let obj: unknown = raw;
  if (typeof raw === 'string') {
    try { obj = JSON.parse(raw) as unknown; } catch { return {}; }
  }
  if (obj === null || typeof obj !== 'object') return {};
  const snapshot = obj as { basis?: { granted?: unknown }; features?: unknown };
  if (Array.isArray(snapshot.features)) {
    if (snapshot.basis?.granted !== true) return {};
    return needInputsOf(storedReadings(obj), facts).values;
  }
  return Object.fromEntries(Object.entries(obj).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1])));
}

/**
 * `models` are the versions that value candidates; by default the live ones (registered on
 * first use). `valuations` says per customer which versions valued its candidates and why.
 */
export async function buildPlanInstance(db: Db, scope: TenantScope, raw: BuildOptions, now: Date, models?: ValuationModels): Promise<{ instance: InstanceJson; stats: BuildStats; valuations: Map<string, CustomerValuation> }> {
  const opts = BuildOptions.parse(raw);
  const store = createStore(db);
  const catalog = catalogStore(db);

  const onlyOwners = opts.ownerIds ? new Set<string>(opts.ownerIds) : undefined;
  const onlyOffers = opts.offerIds ? new Set(opts.offerIds) : undefined;
  const vehicles: Vehicle[] = [];
  const seenOwners = new Set<string>();
  let after: string | undefined;
  if (onlyOwners && onlyOwners.size <= 1000) {
    // A few given owners (a single decision, a release campaign): their vehicles directly, in VIN order, through the scoped read.
    const { rows } = await db.query<{ vin: string }>('SELECT vin FROM vehicles WHERE owner_id = ANY($1::text[]) AND market = $2 ORDER BY vin', [[...onlyOwners], opts.market]);
    for (const { vin } of rows) {
      const v = await store.customers.getVehicle(scope, vin);
      if (!v || v.ownerId === null || seenOwners.has(v.ownerId) || seenOwners.size >= opts.limit) continue;
      seenOwners.add(v.ownerId);
      vehicles.push(v);
    }
  }
  while (!(onlyOwners && onlyOwners.size <= 1000) && seenOwners.size < opts.limit) {
    const page = await store.customers.listVehicles(scope, { limit: 500, market: opts.market, ...(after ? { after } : {}) });
    for (const v of page.items) {
      if (v.ownerId === null || seenOwners.has(v.ownerId) || seenOwners.size >= opts.limit) continue;
      if (onlyOwners && !onlyOwners.has(v.ownerId)) continue;
      seenOwners.add(v.ownerId);
      vehicles.push(v);
    }
    if (!page.next) break;
    after = page.next;
  }

  const offers = (await catalog.list(scope, { market: opts.market }))
    .filter((o) => isWithinValidity(o, now) && (!onlyOffers || onlyOffers.has(o.id)));
  const dealers = await store.network.listDealers(scope, { market: opts.market });
  const dealerById = new Map(dealers.map((d) => [d.id, d]));
  const funds = new Map((await store.programs.listFunds()).map((f) => [f.id, f]));
  const stock = new Map<string, number>();
  for (const line of await store.network.listStockOf(scope, dealers.map((d) => d.id))) stock.set(`${line.dealerId}|${line.sku}`, line.quantity);

  const constraints = new Map<string, InstanceJson['constraints'][number]>();
  const addRow = (row: InstanceJson['constraints'][number]) => { if (!constraints.has(row.id)) constraints.set(row.id, row); };
  const options = new Map<string, InstanceJson['options'][number]>();
  const customers: InstanceJson['customers'] = [];
  const stats: BuildStats = { owners: 0, heldOut: 0, withoutChannel: 0, candidates: 0, offers: offers.length, dealers: dealers.length, needFromFeatures: 0 };

  const { rows: featureRows } = await db.query<{ vin: string; features: unknown; powertrain: string | null; adas_level: unknown }>(
    `SELECT f.vin, f.features, m.powertrain, h.adas_level FROM vehicle_features f JOIN vehicles v ON v.vin = f.vin
       LEFT JOIN vehicle_models m ON m.id = v.model_id LEFT JOIN hardware_variants h ON h.id = v.hardware_variant_id
      WHERE f.vin = ANY($1::text[])`, [vehicles.map((v) => v.vin)]);
  const features = new Map(featureRows.map((r) => [r.vin, needInputs(r.features, {
    powertrain: r.powertrain ?? null, adasLevel: r.adas_level === null || r.adas_level === undefined ? null : Number(r.adas_level) })]));
  const valuing = models ?? await valuationModels(db, now, offers.map((o) => o.id), [...new Set([...features.values()].flatMap((f) => Object.keys(f)))].sort());
  const prior = candidateValueParams(valuing.candidateValue);
  const clv = clvModelFrom(valuing.lifetimeValue);
  // Discounts each owner has redeemed before (discount conditioning in the CLV term).
  const ownerIds = vehicles.map((v) => v.ownerId!);
  const { rows: discountRows } = await db.query<{ owner_id: string; n: number | string }>(
    `SELECT r.owner_id, count(*) AS n FROM delivery_redemption_codes r JOIN offers o ON o.id = r.offer_id
      WHERE r.redeemed_at IS NOT NULL AND r.owner_id = ANY($1::text[]) AND o.kind = ANY($2::text[]) GROUP BY r.owner_id`,
    [ownerIds, [...discountKinds]]);
  const priorDiscounts = new Map(discountRows.map((r) => [r.owner_id, Number(r.n)]));
  const valuations = new Map<string, CustomerValuation>();

  /** The dealers an offer can be fulfilled at for a customer: home first, then the nearest; with their rank. */
  function dealersFor(offer: CatalogView, home: DealerView): { dealer: DealerView; rank: number }[] {
    const nearest = dealers.filter((d) => d.id !== home.id).sort((a, b) => distance(home, a) - distance(home, b) || a.id.localeCompare(b.id));
    const list = offer.requires.length === 0 && offer.requiresStock.length === 0 ? [home] : [home, ...nearest.slice(0, opts.alternativeDealers)];
    return list.map((dealer, rank) => ({ dealer, rank })).filter(({ dealer }) =>
      offer.requires.every((r) => dealer.technicians.some((t) => t.competency === r.competency && t.technicians > 0 && t.hoursPerDay > 0))
      && offer.requiresStock.every((sku) => (stock.get(`${dealer.id}|${sku}`) ?? 0) > 0));
  }

  function optionFor(offer: CatalogView, channel: Channel, dealer: DealerView): string {
    const id = `${offer.id}|${channel}|${dealer.id}`;
    if (options.has(id)) return id;
    const uses: { constraint: string; amount: number }[] = [];
    const fund = offer.fundId ? funds.get(offer.fundId) : undefined;
    if (fund && offer.costMinor > 0) {
      addRow({ id: `budget:${fund.id}`, kind: 'budget', label: `fund ${fund.id} (${fund.currency})`, capacity: fund.budgetMinor / 100 });
      uses.push({ constraint: `budget:${fund.id}`, amount: offer.costMinor / 100 });
    }
    for (const r of offer.requires) {
      const pool = dealer.technicians.find((t) => t.competency === r.competency)!;
      const rowId = `capacity:${dealer.id}:${r.competency}`;
      addRow({ id: rowId, kind: 'dealer_capacity', label: `${dealer.name} ${r.competency} hours (${opts.days} days)`, capacity: pool.technicians * pool.hoursPerDay * opts.days * opts.capacityShare });
      if (r.hours > 0) uses.push({ constraint: rowId, amount: r.hours });
    }
    for (const sku of offer.requiresStock) {
      const rowId = `stock:${dealer.id}:${sku}`;
      addRow({ id: rowId, kind: 'stock', label: `${dealer.name} stock of ${sku}`, capacity: stock.get(`${dealer.id}|${sku}`) ?? 0 });
      uses.push({ constraint: rowId, amount: 1 });
    }
    if (offer.globalLimit !== null) {
      addRow({ id: `limit:${offer.id}`, kind: 'stock', label: `${offer.name}: at most ${offer.globalLimit} redemptions`, capacity: offer.globalLimit });
      uses.push({ constraint: `limit:${offer.id}`, amount: 1 });
    }
    uses.push({ constraint: `contacts:${channel}`, amount: 1 });
    options.set(id, { id, offer: offer.id, channel, dealer: dealer.id, uses });
    return id;
  }

  for (const vehicle of vehicles) {
    const owner = await store.customers.getOwner(scope, vehicle.ownerId!);
    const home = owner?.homeDealerId ? dealerById.get(owner.homeDealerId) : undefined;
    if (!owner || !home) continue;
    stats.owners++;
    const holdout = assignHoldout(
      { experimentId: `plan-${opts.market}`, salt: opts.holdoutSalt, shares: { customer: opts.holdoutShare } },
      { customerId: owner.id, dealerId: home.id, regionId: opts.market },
    ).heldOut;
    const consent = await store.customers.consentState(owner.id);
    const open = channels.filter((c) => consented(consent, c) && reachable(owner, c));
    if (open.length === 0) stats.withoutChannel++;
    const candidates: { option: string; value: number }[] = [];
    const valuation: CustomerValuation = { modelVersions: [valuing.candidateValue.id, valuing.lifetimeValue.id], needByOffer: {}, reasons: [...valuing.upliftNotes] };
    const lifetime = {
      model: clv.model,
      customer: { satisfaction: clv.defaultSatisfaction, priorDiscounts: priorDiscounts.get(owner.id) ?? 0, vehicleAgeYears: Math.min(40, Math.max(0, now.getUTCFullYear() - vehicle.modelYear)) },
    };
    if (holdout) { stats.heldOut++; valuation.reasons.push('held out (customer holdout of the plan)'); }
    else if (open.length === 0) valuation.reasons.push('no consented and reachable channel');
    else {
      const ctx = offers.some((o) => o.rules.length > 0) ? await catalog.eligibilityContext(scope, vehicle.vin, { at: now }) : undefined;
      // Vehicle data feeds the need scores only with the consent the need-score model requires, as of now.
      const may = modelMayUse(valuing.needScores, grantedPurposes(consent, open.length));
      const vehicleFeatures = may.allowed ? features.get(vehicle.vin) : undefined;
      const needs = vehicleFeatures && Object.keys(vehicleFeatures).length > 0 ? scoreNeeds(vehicleFeatures) : undefined;
      if (!may.allowed) valuation.reasons.push(`${valuing.needScores.id} not used: no ${may.missing.join(', ')} consent`);
      else if (!needs) valuation.reasons.push(`${valuing.needScores.id} not used: no stored vehicle features`);
      for (const offer of offers) {
        if (offer.rules.length > 0 && (!ctx || !evaluateEligibility(offer, offer.rules, ctx, now).eligible)) continue;
        const scorer = needScorerFor(offer);
        const scored = scorer && needs?.[scorer];
        const fromFeatures = Boolean(scored && scored.missing.length === 0);
        const need = scored && fromFeatures ? scored.score : prior.defaultNeed;
        if (fromFeatures) {
          stats.needFromFeatures++;
          if (!valuation.modelVersions.includes(valuing.needScores.id)) valuation.modelVersions.push(valuing.needScores.id);
          valuation.reasons.push(`${offer.id}: need ${scorer} ${need.toFixed(2)} (${valuing.needScores.id})`);
        }
        let valued = false;
        for (const { dealer, rank } of dealersFor(offer, home)) {
          for (const channel of open) {
            const value = candidateValue(offer, need, channel, rank, prior, { ...lifetime, needObserved: fromFeatures });
            if (value > 0) { candidates.push({ option: optionFor(offer, channel, dealer), value }); valued = true; }
          }
        }
        if (valued) valuation.needByOffer[offer.id] = need;
      }
    }
    valuations.set(owner.id, valuation);
    stats.candidates += candidates.length;
    customers.push({ id: owner.id, segment: `market:${opts.market}`, holdout, candidates });
  }
  for (const channel of channels) {
    addRow({ id: `contacts:${channel}`, kind: 'contact_cap', label: `${channel} contacts in the period`, capacity: Math.ceil(opts.contactShare * customers.length) });
  }
  return {
    instance: {
      constraints: [...constraints.values()],
      options: [...options.values()],
      segments: [{ id: `market:${opts.market}`, minHoldoutShare: 0 }],
      customers,
    },
    stats,
    valuations,
  };
}
