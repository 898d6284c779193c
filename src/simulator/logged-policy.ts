import { createRng } from '../kernel';
import { consentKey, type Channel } from '../domain';
import { channelCost, grossProfit, type Product } from './economics';
import type { Scenario } from './scenario';
import { createWorldSetup, runStrategy } from './scorecard-world';
import type { ObservedOwner, OfferDecision, Strategy, StrategyContext } from './strategy';

/**
 * Logged-decision runs for training and off-policy evaluation. A policy chooses, per
 * eligible owner-month, among `loggedArms` from observable features only; the run logs
 * the arm, the probability it was chosen with, the features, and what followed that
 * month (read back from the owner's observable purchases). The hidden truth decides the
 * responses but is never returned; rewards are plain numbers.
 */
export const loggedArms = ['none', 'service-0', 'service-10'] as const;
export type LoggedArm = (typeof loggedArms)[number];
/** Probability of each arm given the observable features and the month. */
export type ArmPolicy = (features: Readonly<Record<string, number>>, month: number) => Readonly<Partial<Record<LoggedArm, number>>>;

export interface LoggedOwnerMonth {
  ownerId: string;
  month: number;
  at: string;
  /** Inside the policy window (outside it everyone gets 'none' with propensity 1). */
  inWindow: boolean;
  arm: LoggedArm;
  channel: Channel | null;
  propensity: number;
  features: Record<string, number>;
  /** Bought a service that month. */
  converted: boolean;
  /** Gross profit of that month's dealer purchases, minus the contact's cost. */
  grossProfit: number;
  active: boolean;
  repurchased: boolean;
}

export interface LoggedPolicyOptions {
  scenario: Scenario;
  seed: number;
  /** Months simulated; the policy acts in [window.from, window.to). */
  months: number;
  window: { from: number; to: number };
  vehicles?: number;
  policy: ArmPolicy;
}

export const uniformLoggingPolicy: ArmPolicy = () => ({ none: 1 / 3, 'service-0': 1 / 3, 'service-10': 1 / 3 });

const channelOrder: readonly Channel[] = ['hmi', 'email', 'push', 'sms'];

/** The observable features the platform's models use (telemetry only with telematics-marketing consent). */
export function observableFeatures(o: ObservedOwner, ctx: StrategyContext): Record<string, number> {
  const u = o.consents[consentKey('telematics_marketing', 'any')] ? ctx.usage(o.ownerId) : null;
  const recent = o.purchases.filter((p) => ctx.month - p.month <= 12);
  return {
    vehicleAgeYears: o.vehicleAgeYears,
    adasLevel: o.adasLevel,
    ev: o.powertrain === 'bev' || o.powertrain === 'phev' ? 1 : 0,
    serviceKnown: o.monthsSinceService === null ? 0 : 1,
    monthsSinceService: Math.min(o.monthsSinceService ?? 0, 36),
    purchases12m: recent.length,
    discountedPurchases: o.purchases.filter((p) => p.discountPct > 0).length,
    offersRedeemed: o.offers.filter((f) => f.redeemed).length,
    offersIgnored: o.offers.filter((f) => !f.redeemed).length,
    telematics: u ? 1 : 0,
    kmLastMonth: u?.kmLastMonth ?? 0,
    highwayShare: u?.highwayShare ?? 0,
    padWearPct: u?.padWearPct ?? 0,
    tyreLow: u && u.minTyreKpa < 205 ? 1 : 0,
    dtcCount: u?.dtcCount ?? 0,
  };
}

function draw(probs: Readonly<Partial<Record<LoggedArm, number>>>, u: number): { arm: LoggedArm; p: number } {
  let acc = 0;
  for (const arm of loggedArms) {
    const p = probs[arm] ?? 0;
    acc += p;
    if (p > 0 && u < acc) return { arm, p };
  }
  const last = [...loggedArms].reverse().find((a) => (probs[a] ?? 0) > 0) ?? 'none';
  return { arm: last, p: probs[last] ?? 1 };
}

/** Runs a policy over the simulated market and returns one logged row per eligible owner-month. */
export function runLoggedPolicy(opts: LoggedPolicyOptions): LoggedOwnerMonth[] {
  const setup = createWorldSetup(opts.scenario, opts.seed, opts.months + 1, opts.vehicles);
  const rows: LoggedOwnerMonth[] = [];
  let pending: LoggedOwnerMonth[] = [];
  const strategy: Strategy = {
    name: 'logged-policy',
    description: 'a policy over none / service reminder / 10 % off a service, with logged propensities',
    decide(ctx) {
      const byId = new Map(ctx.owners.map((o) => [o.ownerId, o]));
      for (const r of pending) {
        const o = byId.get(r.ownerId);
        if (!o) continue;
        const bought = o.purchases.filter((p) => p.month === r.month);
        r.converted = bought.some((p) => p.product === 'service');
        r.grossProfit = bought.filter((p) => p.product !== 'vehicle').reduce((s, p) => s + grossProfit(p.product, p.discountPct), 0) - (r.channel ? channelCost[r.channel] : 0);
        r.repurchased = bought.some((p) => p.product === 'vehicle');
        r.active = o.active;
        rows.push(r);
      }
      pending = [];
      if (ctx.month >= opts.months) return [];
      const inWindow = ctx.month >= opts.window.from && ctx.month < opts.window.to;
      const out: OfferDecision[] = [];
      for (const o of ctx.owners) {
        if (!o.active) continue;
        const channel = channelOrder.find((ch) => o.reachable.includes(ch) && o.consents[consentKey('marketing_contact', ch)] === true);
        if (!channel) continue;
        const features = observableFeatures(o, ctx);
        const { arm, p } = inWindow ? draw(opts.policy(features, ctx.month), createRng(`${opts.seed}/logged/${o.ownerId}/${ctx.month}`).next()) : { arm: 'none' as const, p: 1 };
        const sent = arm !== 'none';
        pending.push({
          ownerId: o.ownerId, month: ctx.month, at: ctx.now.toISOString(), inWindow, arm, channel: sent ? channel : null, propensity: p, features,
          converted: false, grossProfit: 0, active: true, repurchased: false,
        });
        if (sent) out.push({ ownerId: o.ownerId, product: 'service', discountPct: arm === 'service-10' ? 0.1 : 0, channel, dealerId: o.homeDealerId, trial: false });
      }
      return out;
    },
  };
  runStrategy(setup, strategy);
  return rows;
}

/** Mean reward (gross profit per eligible owner-month in the window): a policy's realised simulated value. */
export function realisedPolicyValue(rows: readonly LoggedOwnerMonth[]): number {
  const w = rows.filter((r) => r.inWindow);
  return w.reduce((s, r) => s + r.grossProfit, 0) / Math.max(1, w.length);
}

export interface OwnerValue {
  ownerId: string;
  /** Observable at the start. */
  vehicleAgeYears: number;
  priorDiscounts: number;
  purchases: number;
  /** Gross profit the owner actually produced over the horizon (sending nothing). */
  realisedValue: number;
  /** Observable history over the horizon: purchases, and the month the owner left the brand (null if not). */
  purchasesInHorizon: { month: number; product: string; discountPct: number }[];
  lostAtMonth: number | null;
}

/** Per-owner realised gross profit over `months` with no offers sent, beside what was observable at the start. */
export function ownerRealisedValues(opts: { scenario: Scenario; seed: number; months: number; vehicles?: number }): OwnerValue[] {
  const setup = createWorldSetup(opts.scenario, opts.seed, opts.months + 1, opts.vehicles);
  const start = new Map<string, Omit<OwnerValue, 'realisedValue' | 'purchasesInHorizon' | 'lostAtMonth'>>();
  const lost = new Map<string, number>();
  const out: OwnerValue[] = [];
  runStrategy(setup, {
    name: 'observe-only', description: 'sends nothing; records observable state and realised value',
    decide(ctx) {
      if (ctx.month === 0) {
        for (const o of ctx.owners) {
          start.set(o.ownerId, { ownerId: o.ownerId, vehicleAgeYears: o.vehicleAgeYears, priorDiscounts: o.purchases.filter((p) => p.discountPct > 0).length, purchases: o.purchases.length });
        }
      }
      for (const o of ctx.owners) if (!o.active && !lost.has(o.ownerId)) lost.set(o.ownerId, ctx.month - 1);
      if (ctx.month === opts.months) {
        for (const o of ctx.owners) {
          const s = start.get(o.ownerId);
          if (!s) continue;
          const inHorizon = o.purchases.filter((p) => p.month >= 0 && p.month < opts.months).map((p) => ({ month: p.month, product: p.product, discountPct: p.discountPct }));
          out.push({ ...s, realisedValue: inHorizon.reduce((sum, p) => sum + grossProfit(p.product as Product, p.discountPct), 0), purchasesInHorizon: inHorizon, lostAtMonth: lost.get(o.ownerId) ?? null });
        }
      }
      return [];
    },
  });
  return out;
}
