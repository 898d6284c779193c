export {
  assertSafeTargetPath,
  createRepositoryBuilder,
  defaultExpiries,
  nscRoleName,
  offerCustomSchema,
  placementEntrySchema,
  PLACEMENT_BIN_PREFIX,
  PLACEMENT_ROLE,
  roleForPath,
  sha256Hex,
  targetFileUrl,
  type Expiries,
  type OfferCustom,
  type PlacementEntry,
  type PublishedRepository,
  type PublishedState,
  type RepositoryBuilder,
  type RepositoryBuilderOptions,
  type RepositoryKeys,
  type RoleKeys,
} from './repository-builder';
export { createEd25519Signer, generateEd25519KeyPem, generateEd25519Signer, tufKeyId, type Signer, type TufPublicKey } from './signer';
export { openKeyDirectory, repositoryKeysFrom, type KeyDirectory } from './key-directory-io';
export { placementPath, vehiclePseudonym, PLACEMENT_PREFIX } from './placement-path';
export { readPublishedState, writeRepository } from './repository-io';
export { checkBeforePublish, type PublishCheck } from './publish-check-io';
export {
  createCircuitBreaker,
  securityReportClasses,
  type AlertEvent,
  type BreakerDecision,
  type BreakerSignal,
  type CircuitBreaker,
  type CircuitBreakerConfig,
  type CircuitState,
  type TripReason,
} from './circuit-breaker';
