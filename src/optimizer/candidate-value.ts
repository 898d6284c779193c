import type { Channel, OfferKind } from '../domain';
import { clvEffect, discountKinds, featureKinds, type ClvCustomer, type ClvModel } from '../models';
import { customerValueMinor } from '../offers';

/**
 * The value of one candidate (offer × channel × dealer for a customer), in major currency units,
 * as the optimizer's objective uses it. Deliberately simple and documented (README "Plans from
 * stored data"):
 *
 *   value = p(response) × ((customer value + fund cost) / 100 + ΔCLV) × channel weight × dealer weight
 *   p(response) = 0.02 + 0.28 × need
 *   ΔCLV = CLV if the offer is accepted − CLV without it (src/models clvEffect, the live
 *          `lifetime-value` version): discount conditioning, regret for a feature the owner
 *          will not use (low need), service loyalty. It can make a candidate worthless (value ≤ 0
 *          candidates are dropped): short-term conversions are not bought at the lifetime's expense.
 *
 * `need` is the vehicle's need score for what the offer sells (src/models scoreNeeds over its
 * stored telemetry features, only with the owner's telematics-marketing consent); without a
 * matching scorer, features or consent it is the prior `defaultNeed` (0.3). The numbers 0.02,
 * 0.28 and 0.3 are the hyper-parameters of the registered `candidate-value` model version; the
 * plan builder reads them from the live version and the decision log records it. The customer value is the structured terms' saving (src/offers
 * customerValueMinor); the fund cost stands in for the margin the offer protects.
 */
export const defaultNeed = 0.3;

/** Relative response per channel (an assumption until measured response rates replace it). */
export const channelWeight: Readonly<Record<Channel, number>> = {
  hmi: 1, push: 0.9, email: 0.85, sms: 0.8, dealer_crm: 0.75, web: 0.5, social: 0.4,
};

/** Home dealer 1, the next nearest 0.9, then 0.8, … (customers prefer their own dealer). */
export function dealerWeight(rank: number): number {
  return Math.max(0.5, 1 - 0.1 * rank);
}

export interface ValuedOffer {
  kind: OfferKind;
  terms: Record<string, string | number | boolean>;
  costMinor: number;
}

/** Which need scorer (src/models) speaks for an offer, from its kind and terms; null if none. */
export function needScorerFor(offer: Pick<ValuedOffer, 'kind' | 'terms'>): string | null {
  const code = `${String(offer.terms.featureCode ?? '')} ${String(offer.terms.serviceCode ?? '')}`.toLowerCase();
  if (/assist|adas|pilot/.test(code)) return 'adas_value';
  if (/intersection/.test(code)) return 'intersection_assist';
  if (/brake|brk|tyre|tyr|tire/.test(code)) return 'tyre_brake_service';
  if (/charg/.test(code)) return 'charging_plan_fit';
  if (/tow/.test(code)) return 'towing_package';
  return null;
}

/** The response prior's parameters; a registered `candidate-value` model version carries them (src/models builtin-models). */
export interface ResponsePrior { responseBase: number; responseSlope: number }
const defaultPrior: ResponsePrior = { responseBase: 0.02, responseSlope: 0.28 };

export function responseProbability(need: number, prior: ResponsePrior = defaultPrior): number {
  return prior.responseBase + prior.responseSlope * Math.min(1, Math.max(0, need));
}

/** The CLV model and the customer's lifetime state; `needObserved` false: the need is only the prior. */
export interface LifetimeContext { model: ClvModel; customer: ClvCustomer; needObserved?: boolean }

/**
 * The lifetime-value change if the customer accepts the offer (major units; 0 without a CLV model).
 * Regret (a feature the owner will not use) is charged only on an observed need: the prior need
 * is a response rate, not evidence that the owner would not use the feature.
 */
export function lifetimeDelta(offer: ValuedOffer, need: number, lifetime: LifetimeContext | undefined): number {
  if (!lifetime) return 0;
  const discountValue = discountKinds.has(offer.kind) ? customerValueMinor(offer) / 100 : 0;
  // A feature sold on the prior need alone is not charged regret; other kinds keep the need they were valued with.
  const usage = lifetime.needObserved === false && featureKinds.has(offer.kind) ? 1 : Math.min(1, Math.max(0, need));
  return clvEffect(lifetime.customer, { kind: offer.kind, discountValue, need: usage }, lifetime.model).delta;
}

export function candidateValue(
  offer: ValuedOffer, need: number, channel: Channel, dealerRank: number, prior: ResponsePrior = defaultPrior,
  lifetime?: LifetimeContext,
): number {
  const base = (customerValueMinor(offer) + offer.costMinor) / 100 + lifetimeDelta(offer, need, lifetime);
  return responseProbability(need, prior) * base * channelWeight[channel] * dealerWeight(dealerRank);
}
