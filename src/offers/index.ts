export { termsSchemas, checkOfferTerms, customerValueMinor, type OfferTerms, type TermsCheck } from './offer-terms';
export {
  CatalogOffer, OfferContent, StoredRule, Language, parseCatalogOffer, contentFor, isWithinValidity,
  type CatalogOfferInput,
} from './catalog-offer';
export {
  defaultConditions, conditionRegistry, createConditionRegistry, checkStoredRules, parseStoredRules, describeConditions, defineCondition,
  EligibilityContext, PriorOfferEvent,
  type Condition, type ConditionDefinition, type ConditionInput, type ConditionOutcome, type ConditionRegistry,
  type EligibilityContextInput, type ParsedRule, type RuleProblem, type RulesCheck,
} from './conditions';
export { evaluateEligibility, type EligibilityReason, type EligibilityResult } from './evaluate-eligibility';
export { ContactPolicy, contactAllowance, channelAllowance, type ContactAllowance, type ContactPolicyInput } from './contact-policy';
export {
  arbitrate, CustomerCandidates, refusalCodes,
  type ArbitrationInput, type ArbitrationOffer, type ArbitrationResult, type CustomerCandidatesInput, type CustomerDecision, type Grant, type Refusal, type RefusalCode,
} from './arbitrate';
export {
  resolveChannelConflict, ConflictPolicy, conflictSteps,
  type ConflictInput, type ConflictOffer, type ConflictPolicyInput, type ConflictResolution, type SuppressionCode,
} from './resolve-channel-conflict';
export { consentStateAt } from './consent-state';
export { evaluateCatalog, type OfferEligibility } from './evaluate-catalog';
export { catalogStore, type CatalogStore, type CatalogView } from './offer-catalog-store';
export { registerCatalogRoutes } from './offer-catalog-routes';
export { catalogAuthzCases, matrixCatalogOffer } from './offer-catalog-authz-cases';
export { registerCatalogCommands } from './offers-cli';
