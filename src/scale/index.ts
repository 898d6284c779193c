export { partitionOf, ownedPartitions, subjectOf, streamOf, newRun, type Topology } from './partition';
export { connectNats, ensureStreams, deleteStreams, publishTelemetry, consumerFrom, type Nats, type TelemetryFormat } from './jetstream-io';
export { loadMark, commitBatch, type BatchEffect } from './partition-store';
export { startTelemetryWorker, counterName, type TelemetryWorker, type WorkerOptions } from './telemetry-worker';
export { startMqttBridge, type MqttBridge } from './mqtt-bridge-io';
export { generateFleet, type FleetLoad, type GeneratedMessage } from './load-generator';
export { registerScaleCommands } from './scale-cli';
