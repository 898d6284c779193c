import type { Channel } from '../../domain';
import type { Product } from '../economics';
import { isFeature } from '../economics';
import type { FeatureCode } from '../features';
import { profileUse, type OwnerTraits } from './owner-traits';
import { clamp } from '../weighted';

/**
 * HIDDEN GROUND TRUTH: how an owner really responds. Uplift differs from propensity: some
 * owners buy anyway ("sure things"), some only with an offer ("persuadables"), some are put
 * off by being contacted ("sleeping dogs"). Long-term effects live in OwnerTruthState.
 */
export interface OwnerTruthState {
  satisfaction: number;
  /** 0..1: how much the owner has learned to wait for a discount. */
  discountExpectation: number;
  /** Still services in the brand's network. */
  retained: boolean;
  /** Left the brand entirely (bought another make). */
  lost: boolean;
  regrets: number;
  contactsThisMonth: number;
}

export function initialTruthState(t: OwnerTraits): OwnerTruthState {
  return { satisfaction: clamp(0.62 + 0.2 * t.loyalty, 0, 1), discountExpectation: 0.15 * t.priceSensitivity, retained: true, lost: false, regrets: 0, contactsThisMonth: 0 };
}

/** How much the owner would actually use a feature (0..1): the driving profile, then taste. */
export function featureUse(t: OwnerTraits, f: FeatureCode): number {
  return clamp((profileUse[t.profile][f] ?? 0.05) * (0.7 + 0.3 * t.featureAffinity[f]) + 0.1 * t.featureAffinity[f], 0, 1);
}

/** Relevance of a product given the true need (needs: which dealer needs are present). */
export function relevance(t: OwnerTraits, product: Product, needs: ReadonlySet<Product>, vehicleAgeYears: number): number {
  if (isFeature(product)) return featureUse(t, product);
  if (product === 'vehicle') return clamp((vehicleAgeYears - 2.5) / 4, 0, 1) * (0.5 + 0.5 * t.loyalty);
  return needs.has(product) ? 1 : 0.06;
}

/** Monthly probability of buying without any offer. */
export function baseProbability(t: OwnerTraits, s: OwnerTruthState, product: Product, needs: ReadonlySet<Product>, _vehicleAgeYears: number): number {
  if (s.lost) return 0;
  const waiting = 1 - 0.7 * s.discountExpectation;
  if (isFeature(product)) return 0.006 * featureUse(t, product) * (0.5 + t.techComfort) * waiting;
  if (product === 'vehicle') return 0;
  if (!s.retained || !needs.has(product)) return 0;
  return clamp((0.2 + 0.35 * t.loyalty + 0.1 * s.satisfaction) * waiting, 0, 0.95);
}

const channelReach = (t: OwnerTraits, ch: Channel): number =>
  ({ hmi: 0.35 + 0.6 * t.techComfort, push: 0.25 + 0.5 * t.techComfort, email: 0.5 - 0.15 * t.techComfort, sms: 0.75, social: 0.15, dealer_crm: 0.6, web: 0.2 })[ch];

/** Does this contact annoy the owner? Low tech comfort on intrusive channels, or too many contacts. */
export function putOff(t: OwnerTraits, s: OwnerTruthState, ch: Channel): number {
  const intrusive = ch === 'sms' || ch === 'push' ? 0.5 * (1 - t.techComfort) : 0.1 * (1 - t.techComfort);
  return clamp(intrusive * (1 - t.impulsiveness) + 0.25 * Math.max(0, s.contactsThisMonth - 1), 0, 0.9);
}

/** Probability of buying when offered `product` at `discountPct` on `ch`. */
export function treatedProbability(t: OwnerTraits, s: OwnerTruthState, product: Product, discountPct: number, ch: Channel, needs: ReadonlySet<Product>, vehicleAgeYears: number, trial: boolean): number {
  if (s.lost) return 0;
  const base = baseProbability(t, s, product, needs, vehicleAgeYears);
  const rel = relevance(t, product, needs, vehicleAgeYears);
  const reach = channelReach(t, ch);
  const priceEffect = t.priceSensitivity * Math.min(1, discountPct / 0.2) * (0.35 + 0.65 * rel);
  const info = isFeature(product) ? 0.22 * t.techComfort : 0.3;
  const trialEffect = trial ? 0.35 * featureUse(t, product as FeatureCode) : 0;
  const lift = reach * (rel * info + priceEffect * 0.8 + trialEffect + 0.15 * t.impulsiveness * (discountPct > 0 ? 1 : 0.3)) * (product === 'vehicle' ? 0.08 : 1);
  const retainedFactor = s.retained || isFeature(product) || product === 'vehicle' ? 1 : 0.35;
  const p = base + (1 - base) * clamp(lift, 0, 1) * retainedFactor;
  return clamp(p * (1 - putOff(t, s, ch)), 0, 1);
}

/** Long-term effects of a purchase: conditioning by discounts, regret for unused features. */
export function afterPurchase(t: OwnerTraits, s: OwnerTruthState, product: Product, discountPct: number): void {
  if (discountPct > 0) s.discountExpectation = clamp(s.discountExpectation + 0.25 * t.priceSensitivity * Math.min(1.5, discountPct / 0.15), 0, 1);
  else s.discountExpectation = clamp(s.discountExpectation * 0.95, 0, 1);
  if (isFeature(product)) {
    const use = featureUse(t, product);
    if (use < 0.3) {
      s.satisfaction = clamp(s.satisfaction - 0.14, 0, 1);
      s.regrets++;
    } else s.satisfaction = clamp(s.satisfaction + 0.04 * use, 0, 1);
  } else s.satisfaction = clamp(s.satisfaction + 0.02, 0, 1);
}

/** A dealer visit that went badly: overbooked (long wait) or not certified for the job. */
export function badVisit(s: OwnerTruthState, reason: 'overbooked' | 'uncertified'): void {
  s.satisfaction = clamp(s.satisfaction - (reason === 'overbooked' ? 0.08 : 0.12), 0, 1);
}

/** Monthly drift: satisfaction relaxes toward the owner's norm; retention and loss hazards. */
export function monthlyHazards(t: OwnerTraits, s: OwnerTruthState, unmetNeeds: number): { defect: number; satisfactionDrift: number } {
  const norm = 0.62 + 0.2 * t.loyalty;
  return {
    defect: s.retained ? clamp(0.003 + 0.03 * (1 - s.satisfaction) * (1 - t.loyalty) + 0.01 * unmetNeeds, 0, 0.5) : 0,
    satisfactionDrift: 0.05 * (norm - s.satisfaction) - 0.01 * unmetNeeds,
  };
}

/** Monthly probability of replacing the vehicle, and of staying with the brand when it does. */
export function repurchase(t: OwnerTraits, s: OwnerTruthState, vehicleAgeYears: number): { replace: number; stayWithBrand: number } {
  const replace = vehicleAgeYears < 3 ? 0.002 : clamp(0.008 + 0.006 * (vehicleAgeYears - 3), 0, 0.06);
  const stayWithBrand = clamp(0.1 + 0.5 * t.loyalty + 0.6 * (s.satisfaction - 0.5) - 0.2 * s.regrets, 0.02, 0.97);
  return { replace, stayWithBrand };
}
