export { attackClasses, VerificationFailure, type AttackClass } from './attack-class.js';
export { installTrustedRoot, writeFileAtomic } from './cache-store.js';
export { checkOfferCard, ctaActions, currencies, isAllowedUrl, offerCardSchema, type ContentCheck, type ContentPolicy, type OfferCard, type Platform } from './content-schema.js';
export { checkImage, defaultImageLimits, imageTypes, type ImageCheck, type ImageLimits, type ImageType } from './image-check.js';
export { defaultLimits, type VerifierLimits } from './limits.js';
export { isExpiredAt, parseExpires } from './metadata-parse.js';
export { directorySource, httpSource, memorySource, type HttpSourceOptions, type RepositorySource } from './repository-source.js';
export { createVerifier, type VerifiedOffer, type Verifier, type VerifierOptions, type VehicleContext, type VerifyRequest, type VerifyResult } from './verifier.js';
export { gateForVehicleState, vehicleStateSchema, type GateDecision, type VehicleState } from './vehicle-gate.js';
