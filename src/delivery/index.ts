export {
  assertMessageCleared, ChannelError, ClearedMessage, complianceChannelFor, Copy, defineChannel, DeliveryMessage, instantiateChannel, memoryLedger, messageText,
  OfferFacts, Recipient,
  type ChannelDefinition, type ChannelErrorKind, type ChannelOptions, type ChannelSender, type ProviderCall, type SentLedger,
} from './channel';
export {
  adfLead, audienceCsv, audienceRow, bannerFeedEntry, channelRegistry, createHmiChannel, dealerCrmChannel, defaultChannels, emailChannel, HttpProviderParams,
  itemIdFor, normaliseEmail, normalisePhone, offerCard, pushChannel, smsChannel, socialChannel, webBannerChannel,
  type AudienceFormat, type AudienceMember, type HmiDeps,
} from './channels';
export {
  createHmiRepository, directLedgerAccess, memoryPlacementLedger, type CardToPlace, type HmiRepository, type PlacedCard, type PlacementLedger, type RevokeOutcome, type RevokeRequest, type RevokeResult,
} from './hmi-repository';
export { hmiPlacementStore } from './hmi-placement-store';
export { openHmiRepository, type HmiRepositoryLocation, type OpenedHmiRepository } from './hmi-repository-io';
export { clearForDelivery, complianceInputFor, consentFor, type GateResult, type VehicleFacts } from './delivery-gate';
export { composeMessage, slotsFor, applyTemplate, type ComposeInput, type OfferForCopy } from './compose-message';
export { fillTemplate, slotNames, templatesFor, type SlotName, type Slots, type Template } from './templates';
export { formatDate, formatMoney, formatPercent, termsText, type Currency } from './terms-text';
export { hasHiddenCharacters, sanitizeSlot } from './sanitize-slot';
export { chooseChannels, defaultChannelOrder, type ChannelChoice, type Reach, type SkipReason } from './choose-channels';
export { contactsAllowed, defaultFrequencyCaps, FrequencyCaps } from './frequency-cap';
export { checkRedemptionCode, generateRedemptionKey, issueRedemptionCode, redemptionKeyFromPem, type CodeCheck, type RedemptionKey } from './redemption-code';
export { redemptionStore, type RedeemOutcome, type RedemptionStore } from './redemption-store';
export { backoffMs, CANCELLED_PREFIX, defaultBackoff, outboxIdFor, outboxStore, type Backoff, type CancelOutcome, type OutboxRow, type OutboxStatus, type OutboxStore } from './outbox-store';
export { createOutboxWorker, type OutboxWorker, type OutboxWorkerDeps, type RunSummary } from './outbox-worker';
export { DeliveryRequest, deliveryStore, type ChannelOutcome, type DeliveryStore, type OwnerOutcome } from './deliver-offer-store';
export { feedVerifierReport, VerifierReport } from './breaker-feed';
export { checkDraft, DraftOutput, numbersIn, type DraftProblem } from './draft-check';
export { AiDraftingConfig, draftMessage, draftPrompt, type DraftAttempt, type DraftResult } from './ai-drafting-io';
export { registerDeliveryRoutes } from './delivery-routes';
export { registerDeliveryCommands } from './delivery-cli';
export { deliverySubjectData } from './subject-data-store';
