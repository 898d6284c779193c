export {
  ComplianceChannel, ComplianceInput, Evidence, RegressionCase, Severity, Verdict, Violation, complianceChannels,
  type ComplianceInputDraft,
} from './compliance-input';
export {
  RULES_SPEC_VERSION, checkMessage, checkMessageDetailed, createRuleRegistry, defaultRuleRegistry, marketScope, ruleApplies,
  type DetailedVerdict, type RuleRegistry,
} from './check-message';
export { allMarkets, defineRule, type AutoFix, type ComplianceRule, type RuleContext, type RuleFamily, type RuleFinding } from './define-rule';
export { defaultRules } from './rules';
export { FeatureTokenString, parseFeatureToken, parseFeatureTokens, type FeatureToken } from './feature-token';
export { createTextView, foldText, stripInvisibles, type Span, type TextView } from './text-view';
export {
  CapabilityEntry, VehicleCapabilityQuery, createCapabilityRegistry, resolveVehicleCapabilities, withCapabilities,
  type CapabilityRegistry, type ResolvedCapabilities,
} from './capability-registry';
export { Clearance, assertCleared, canonicalJson, clearMessage, messageFingerprint, type ClearResult } from './gate';
export { AuditEvent, GENESIS_HASH, appendAuditEvent, hashAuditEvent, verifyAuditChain } from './audit-chain';
export {
  MIN_JUSTIFICATION_LENGTH, ReviewAction, applyAutoFix, applyReviewAction, createReviewItem, toRegressionCase,
  type ReviewItem, type ReviewResult, type ReviewStatus,
} from './review';
export { runCheckStream, type CheckStreamSummary } from './compliance-cli';
export { registerComplianceRoutes } from './compliance-routes';
export { registerComplianceCommands } from './check-command-cli';
export { reviewStore, type ReviewStore, type StoredReview } from './review-store';
