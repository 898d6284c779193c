export { parseV2xRecord, fillReplayTemplate, v2xRejectReasons, type V2xParse, type V2xMessage, type V2xRejectReason, type Bsm, type Spat, type MapMessage, type Tim, type IntersectionMap, type Lane, type Movement } from './parse-v2x';
export { createEncounterTracker, defaultEncounterConfig, type EncounterTracker, type EncounterSummary, type EncounterConfig } from './encounter-tracker';
export { discountSybils, type SybilResult } from './sybil';
export { createPrivacyAccountant, defaultPrivacyBudget, type PrivacyAccountant, type PrivacyBudget, type ChargeResult, type SpentBefore } from './privacy-accountant';
export { discreteLaplace } from './discrete-laplace';
export { releaseAreaStats, defaultAreaPolicy, type AreaPolicy, type AreaRequest, type AreaRelease } from './area-stats';
export { listV2xSampleFiles, readV2xSample, readConflictMonitorLines, type SampleRecord } from './v2x-samples-io';
