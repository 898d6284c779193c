export { buildSignalTable, datatypeKinds, type SignalTable, type DatatypeKind } from './vss-catalog';
export { loadVssCatalog } from './vss-catalog-io';
export { rejectReasons, emptyReasonCounts, type RejectReason, type ReasonCounts } from './reject-reasons';
export { createMemoryQuarantine, type QuarantineEntry, type QuarantineSink, type MemoryQuarantine } from './quarantine';
export { parseSimplePayload, simpleSchemaVersion, type SimpleRecord } from './simple-format';
export { encodeCompactBatch, decodeCompactBatch, encodeCompactJson, decodeCompactJson, compactSchemaVersion, type CompactBatch } from './compact-batch';
export { defaultTimeLimits, type TimeLimits } from './point-checks';
export { createIngestor, type Ingestor, type IngestorDeps, type IngestContext, type IngestResult, type VehicleRecord } from './ingestor';
export {
  defaultFeatureExtractors,
  defineFeatureExtractor,
  createFeatureEngine,
  type FeatureEngine,
  type FeatureExtractor,
  type FeatureReading,
  type VehicleFeatureState,
} from './features';
export { readFeatures, readingsOf, type FeatureValue, type FeatureRead, type ConsentBasis } from './read-features';
export { evaluateTriggers, emptyTriggerState, defaultTriggerConfig, triggerKinds, type TriggerEvent, type TriggerKind, type TriggerState, type TriggerConfig } from './triggers';
export { ingestHttpBody, telemetryContentTypes } from './http-body';
export { carObdToPoints, carObdToVss, type CarObdPoint } from './carobd-adapter';
export { listCarObdTrips, readCarObdTrip } from './carobd-io';
export { replayFile } from './file-replay-io';
export { startMqttIngest, topicFor, type MqttIngest, type MqttIngestOptions } from './mqtt-ingest-io';
export { createSqlQuarantine, telemetryStore, telemetrySubjectDataHook, type SqlQuarantine, type TelemetryStore, type FeatureSnapshot, type QuarantineRow } from './telemetry-store';
export { startTelemetry, createTelemetryRuntime, telemetryRuntimeOf, type TelemetryRuntime, type TelemetryOptions, type FlushReport } from './telemetry-runtime-io';
export { registerTelemetryRoutes } from './telemetry-routes';
export { telemetryAuthzCases } from './telemetry-authz-cases';
export { registerTelemetryCommands } from './telemetry-cli';
export { encodeVehicleState, decodeVehicleState } from './vehicle-state-codec';
export { observeIngestor } from './observed-ingestor';
export { snapshotFeatures } from './feature-snapshot';
