// Dealer portal (issue 9 item 3): a dealer's customers with predicted needs and offer results,
// its totals, and the noised aggregates of THREATS.md §6.

export { needsConsent, predictNeeds, type NeedPrediction, type NeedReason, type NeedStatus } from './predict-needs';
export { offersByCustomer, offerTotals, type BlockedFact, type CodeFact, type OfferMade, type OfferResult, type OfferTotals, type OutboxFact } from './offer-results';
export {
  dealerArea, defaultPortalPrivacy, noisyCell, releaseNetworkConversion, releaseUsage, summariesInArea, totalEpsilon,
  type NetworkConversionRelease, type NoisyCell, type PortalPrivacyPolicy, type UsageRelease,
} from './noised-aggregates';
export { portalStore, type PortalDealer, type PortalStore } from './portal-store';
export { createPortalRoutes, registerPortalRoutes, type PortalRouteOptions } from './portal-routes';
export { portalAuthzCases } from './portal-authz-cases';
