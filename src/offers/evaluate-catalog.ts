import type { CatalogOffer } from './catalog-offer';
import type { ConditionRegistry, EligibilityContext } from './conditions';
import { evaluateEligibility, type EligibilityResult } from './evaluate-eligibility';

export interface OfferEligibility extends EligibilityResult {
  offerId: string;
}

/** Eligibility of one customer/vehicle for each catalog offer, using each offer's stored rules. */
export function evaluateCatalog(offers: readonly CatalogOffer[], ctx: EligibilityContext, now: Date, registry?: ConditionRegistry): OfferEligibility[] {
  return offers.map((offer) => ({ offerId: offer.id, ...evaluateEligibility(offer, offer.rules, ctx, now, registry) }));
}
