import { z } from 'zod';
import { OfferKind } from '../domain';
import { fitLogistic } from './logistic-regression';
import { createMatrix } from './matrix';
import type { ProgressCallback } from './uplift-data';

/**
 * Customer lifetime value over the ownership horizon as a discrete-time
 * (yearly) hazard model:
 *   - service churn hazard   h_c(t) = σ(c0 + cSat·sat + cAge·age)      (leaves the dealer workshop)
 *   - repurchase hazard      h_r(t) = σ(r0 + rSat·sat + rAge·age)      (buys the next vehicle from the brand)
 *   - full-price share       q      = σ(f0 + fDisc·priorDiscounts)    (discount conditioning: fDisc < 0)
 * Each year a customer may churn (lost to the brand), else repurchase (the sale margin
 * q·vehicleMargin + (1-q)·(vehicleMargin - typicalDiscount) is counted and this ownership
 * ends); every year not churned earns the service margin; all discounted by δ^t. An offer moves the state:
 * a discount adds to priorDiscounts; a feature sold to an owner who will not use it
 * (low need score) lowers satisfaction (regret); a service package raises it.
 */
export const ClvCoefficients = z.strictObject({
  churn: z.strictObject({ intercept: z.number(), satisfaction: z.number(), vehicleAge: z.number() }),
  repurchase: z.strictObject({ intercept: z.number(), satisfaction: z.number(), vehicleAge: z.number() }),
  fullPrice: z.strictObject({ intercept: z.number(), priorDiscounts: z.number() }),
});
export type ClvCoefficients = z.infer<typeof ClvCoefficients>;

export const ClvEconomics = z.strictObject({
  horizonYears: z.int().min(1).max(20).default(8),
  annualDiscountRate: z.number().min(0).max(0.5).default(0.08),
  serviceMarginPerYear: z.number().min(0).default(400),
  vehicleMargin: z.number().min(0).default(3000),
  typicalDiscount: z.number().min(0).default(1500),
  /** Satisfaction lost per unit of (1 - need) when a feature is sold that will not be used. */
  regretPerUnusedFeature: z.number().min(0).max(1).default(0.25),
  serviceSatisfactionGain: z.number().min(0).max(1).default(0.05),
});
export type ClvEconomics = z.input<typeof ClvEconomics>;

export interface ClvModel {
  readonly coefficients: ClvCoefficients;
  readonly economics: z.output<typeof ClvEconomics>;
}

export const ClvCustomer = z.strictObject({
  /** 0..1 */
  satisfaction: z.number().min(0).max(1),
  priorDiscounts: z.int().min(0),
  vehicleAgeYears: z.number().min(0).max(40),
});
export type ClvCustomer = z.infer<typeof ClvCustomer>;

export const ClvOffer = z.strictObject({
  kind: OfferKind,
  /** Money off the vehicle/feature/service (0 for non-discount offers). */
  discountValue: z.number().min(0).default(0),
  /** Need score (0..1) for what the offer sells; 1 when it is not a feature. */
  need: z.number().min(0).max(1).default(1),
});
export type ClvOffer = z.input<typeof ClvOffer>;

/** Literature-style priors used until enough logged outcomes exist to fit. */
export const defaultClvCoefficients: ClvCoefficients = {
  churn: { intercept: -0.8, satisfaction: -2.0, vehicleAge: 0.15 },
  repurchase: { intercept: -3.2, satisfaction: 1.5, vehicleAge: 0.25 },
  fullPrice: { intercept: 1.0, priorDiscounts: -0.45 },
};

export function createClvModel(coefficients: ClvCoefficients = defaultClvCoefficients, economics: ClvEconomics = {}): ClvModel {
  return { coefficients: ClvCoefficients.parse(coefficients), economics: ClvEconomics.parse(economics) };
}

export const defaultClvModel: ClvModel = createClvModel();

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

export interface ClvBreakdown {
  readonly value: number;
  readonly serviceValue: number;
  readonly repurchaseValue: number;
  /** Expected number of years as a workshop customer. */
  readonly expectedServiceYears: number;
  readonly repurchaseProbability: number;
  readonly fullPriceShare: number;
}

export function customerLifetimeValue(model: ClvModel, customer: ClvCustomer): ClvBreakdown {
  const c = ClvCustomer.parse(customer);
  const { churn, repurchase, fullPrice } = model.coefficients;
  const e = model.economics;
  const q = sigmoid(fullPrice.intercept + fullPrice.priorDiscounts * c.priorDiscounts);
  const saleMargin = q * e.vehicleMargin + (1 - q) * (e.vehicleMargin - e.typicalDiscount);
  // Each year: churn first (lost to the brand), then a repurchase among those who stay
  // (its margin is counted and this ownership ends), then a workshop year is earned.
  let active = 1, service = 0, rep = 0, years = 0, pBuy = 0;
  for (let t = 0; t < e.horizonYears; t++) {
    const age = c.vehicleAgeYears + t;
    const d = Math.pow(1 + e.annualDiscountRate, -(t + 1));
    active *= 1 - sigmoid(churn.intercept + churn.satisfaction * c.satisfaction + churn.vehicleAge * age);
    service += d * active * e.serviceMarginPerYear;
    years += active;
    const buy = active * sigmoid(repurchase.intercept + repurchase.satisfaction * c.satisfaction + repurchase.vehicleAge * age);
    rep += d * buy * saleMargin;
    pBuy += buy;
    active -= buy;
  }
  return { value: service + rep, serviceValue: service, repurchaseValue: rep, expectedServiceYears: years, repurchaseProbability: pBuy, fullPriceShare: q };
}

export interface ClvEffect {
  /** Change in lifetime value caused by making this offer (excluding its immediate margin). */
  readonly delta: number;
  readonly before: ClvBreakdown;
  readonly after: ClvBreakdown;
  readonly components: { readonly discountConditioning: number; readonly regret: number; readonly serviceLoyalty: number };
  readonly reasons: readonly string[];
}

/** Offer kinds that count as a discount (they condition the customer to wait for the next one). */
export const discountKinds: ReadonlySet<string> = new Set(['cash_rebate', 'apr_financing', 'lease', 'loyalty_bonus', 'conquest_bonus', 'dealer_funded']);
/** Offer kinds that sell a feature (regret when the owner will not use it). */
export const featureKinds: ReadonlySet<string> = new Set(['feature_trial', 'feature_purchase', 'accessory']);

/** How an accepted offer changes the customer's state. */
export function applyOffer(model: ClvModel, customer: ClvCustomer, offer: ClvOffer): { customer: ClvCustomer; reasons: string[] } {
  const o = ClvOffer.parse(offer);
  const e = model.economics;
  let { satisfaction, priorDiscounts } = ClvCustomer.parse(customer);
  const reasons: string[] = [];
  if (discountKinds.has(o.kind) && o.discountValue > 0) {
    priorDiscounts += 1;
    reasons.push(`discount offer: prior discounts ${priorDiscounts - 1} → ${priorDiscounts} (conditioning)`);
  }
  if (featureKinds.has(o.kind)) {
    const regret = e.regretPerUnusedFeature * (1 - o.need) * (o.kind === 'feature_trial' ? 0.3 : 1);
    if (regret > 0) reasons.push(`feature with need ${o.need.toFixed(2)}: satisfaction −${regret.toFixed(3)} (regret)`);
    satisfaction -= regret;
  }
  if (o.kind === 'service_package') {
    satisfaction += e.serviceSatisfactionGain * o.need;
    reasons.push(`service package: satisfaction +${(e.serviceSatisfactionGain * o.need).toFixed(3)}`);
  }
  return { customer: { ...customer, satisfaction: Math.min(1, Math.max(0, satisfaction)), priorDiscounts }, reasons };
}

/** The optimizer's long-term term: CLV after the offer minus CLV without it, split by cause. */
export function clvEffect(customer: ClvCustomer, offer: ClvOffer, model: ClvModel = defaultClvModel): ClvEffect {
  const before = customerLifetimeValue(model, customer);
  const { customer: next, reasons } = applyOffer(model, customer, offer);
  const after = customerLifetimeValue(model, next);
  const onlyDiscount = customerLifetimeValue(model, { ...customer, priorDiscounts: next.priorDiscounts });
  const discountConditioning = onlyDiscount.value - before.value;
  const satDelta = next.satisfaction - customer.satisfaction;
  const rest = after.value - onlyDiscount.value;
  return {
    delta: after.value - before.value, before, after,
    components: { discountConditioning, regret: satDelta < 0 ? rest : 0, serviceLoyalty: satDelta > 0 ? rest : 0 },
    reasons: reasons.length > 0 ? reasons : ['offer does not change the lifetime state'],
  };
}

/** One customer-year as logged: state at the start of the year and what happened in it. */
export const PersonPeriod = z.strictObject({
  customerId: z.string().min(1),
  year: z.int().min(0),
  satisfaction: z.number().min(0).max(1),
  priorDiscounts: z.int().min(0),
  vehicleAgeYears: z.number().min(0),
  churned: z.boolean(),
  repurchased: z.boolean(),
  /** Only when repurchased: was it at full price? */
  fullPrice: z.boolean().nullable(),
});
export type PersonPeriod = z.infer<typeof PersonPeriod>;

/**
 * Fit the three hazards by (lightly) regularised logistic regression on
 * person-period rows, the standard discrete-time survival estimator. Repurchase is
 * fitted on the years the customer did not churn (competing risks, churn first).
 */
export function fitClvModel(periods: readonly PersonPeriod[], economics: ClvEconomics = {}, onProgress?: ProgressCallback): ClvModel {
  const rows = periods.map((p) => PersonPeriod.parse(p));
  const fit = (list: PersonPeriod[], cols: (p: PersonPeriod) => number[], y: (p: PersonPeriod) => boolean): { intercept: number; w: Float64Array } => {
    if (list.length < 10) throw new RangeError(`too few person-periods to fit (${list.length})`);
    const d = cols(list[0]!).length;
    const x = createMatrix(list.length, d);
    const yy = new Float64Array(list.length);
    list.forEach((p, i) => { x.values.set(cols(p), i * d); yy[i] = y(p) ? 1 : 0; });
    const m = fitLogistic(x, yy, { l2: 1e-6 });
    return { intercept: m.intercept, w: m.weights };
  };
  const c = fit(rows, (p) => [p.satisfaction, p.vehicleAgeYears], (p) => p.churned);
  onProgress?.({ stage: 'clv-churn', done: 1, total: 3 });
  const r = fit(rows.filter((p) => !p.churned), (p) => [p.satisfaction, p.vehicleAgeYears], (p) => p.repurchased);
  onProgress?.({ stage: 'clv-repurchase', done: 2, total: 3 });
  const f = fit(rows.filter((p) => p.repurchased && p.fullPrice !== null), (p) => [p.priorDiscounts], (p) => p.fullPrice === true);
  onProgress?.({ stage: 'clv-full-price', done: 3, total: 3 });
  return createClvModel({
    churn: { intercept: c.intercept, satisfaction: c.w[0]!, vehicleAge: c.w[1]! },
    repurchase: { intercept: r.intercept, satisfaction: r.w[0]!, vehicleAge: r.w[1]! },
    fullPrice: { intercept: f.intercept, priorDiscounts: f.w[0]! },
  }, economics);
}
