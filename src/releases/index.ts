export {
  Approval, CapabilityToken, CertifiedCapability, FeatureCode, HardwareVariantId, ModelId, PlannedVehicle, Release, ReleaseCampaignTemplate,
  ReleaseWebhookEvent, RolloutWave, UpdateReport, VersionRange,
  type ApprovalInput, type ReleaseCampaignTemplateInput, type ReleaseInput,
} from './release-schemas';
export {
  applyUpdateReport, initialSoftwareState, UpdateRecord, UpdateStatus, updateTransitions, VehicleSoftwareState, type UpdateOutcome,
} from './software-state';
export {
  approvalInForce, exclusionReasons, planReleaseCampaign, qualifyVehicle, releaseForFeature, rolloutBucket, rolloutShare,
  type ExcludedVehicle, type ExclusionReason, type PlanInput, type Qualification, type ReleaseCampaignPlan, type ReleaseTarget,
} from './plan-release-campaign';
export { planRetraction, type LiveOffer, type RetractionInstruction, type RetractionPlan } from './plan-retraction';
export { capabilityRegistryEntries, type CapabilityEntry, type CapabilityRegistryUpdate } from './capability-entries';
export { buildReleaseView, earlyThreshold, type AssignmentRow, type ReleaseView, type ResponseRow } from './release-view';
export {
  defaultToleranceSeconds, signWebhook, verifyWebhookSignature, webhookHeaders, webhookRejectReasons,
  type SignatureCheck, type WebhookKeys, type WebhookRejectReason,
} from './webhook-signature';
export { inReleasesTransaction, releasesStore, type ReleasesStore, type StoredAssignment, type StoredRetraction } from './releases-store';
export { createReleaseCampaign, ingestReleaseEvent, loadReleaseView, syncReleaseCampaigns, type CampaignSync, type IngestResult, type SyncReport } from './release-sync-io';
export { createReleaseRoutes, registerReleaseRoutes, webhookKeysFromEnv, type ReleaseRoutesOptions } from './releases-routes';
export { countOutcomes, dispatchOutcomes, dispatchRows, notChosenReasons, type DispatchOutcome, type DispatchRow, type DispatchTarget, type PlannedDispatch } from './dispatch-outcomes';
export { releaseDispatchStore, releasesSubjectData, type PendingCardRevocation, type ReleaseDispatchStore, type StoredDispatch } from './release-dispatch-store';
export { assertMayDispatch, dispatchReleaseCampaign, DispatchOptions, type DispatchReport } from './release-dispatch-io';
export { executeCardRevocations, hmiRepositoryAt, type RevocationReport } from './release-revocation-io';
export { followUpSync, type FollowUpDeps, type FollowUpReport } from './release-follow-up-io';
export { registerReleaseCommands } from './releases-cli';
export { fromSimulatedRelease, type ReleaseFeed, type SimulatedRelease } from './from-simulated-release';
export { sampleApproval, sampleRelease, sampleTemplate } from './release-fixtures';
