import { randomUUID } from 'node:crypto';
import { connectAsync } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCompactBatch } from './compact-batch';
import type { IngestResult } from './ingestor';
import { startMqttIngest, topicFor, type MqttIngest } from './mqtt-ingest-io';
import { testIngestor, vinA, vinB } from './test-helpers';

const url = process.env.FORECOURT_MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const prefix = `forecourt-test-${randomUUID()}/`;

describe('MQTT ingest against the real broker', () => {
  const { ingestor, quarantine } = testIngestor(Date.now());
  const results: IngestResult[] = [];
  let ingest: MqttIngest;

  beforeAll(async () => {
    ingest = await startMqttIngest({ url, ingestor, prefix, onResult: (_t, r) => results.push(r) });
  });
  afterAll(async () => {
    await ingest?.stop();
  });

  it('ingests simple and compact payloads into features, and rejects a topic/payload VIN mismatch', async () => {
    const pub = await connectAsync(url, { clientId: `forecourt-test-pub-${randomUUID()}` });
    const now = Date.now();
    const ndjson = Array.from({ length: 30 }, (_, i) => JSON.stringify({ vin: vinA, path: 'Vehicle.Speed', value: 100, ts: now - 40_000 + i * 1000, seq: i })).join('\n');
    await pub.publishAsync(topicFor(vinA, 'points', prefix), ndjson, { qos: 1 });
    const frame = encodeCompactBatch({
      vin: vinB,
      t0: now - 30_000,
      seq: 1,
      paths: ['Vehicle.Chassis.Axle.Row1.Wheel.Left.Tire.Pressure'],
      ts: Float64Array.from([0, 1000]),
      columns: [Float64Array.from([230, 231])],
    });
    await pub.publishAsync(topicFor(vinB, 'batch', prefix), Buffer.from(frame), { qos: 1 });
    // vehicle B publishing a point about vehicle A on B's topic (TM-05)
    await pub.publishAsync(topicFor(vinB, 'points', prefix), JSON.stringify({ vin: vinA, path: 'Vehicle.Speed', value: 1, ts: now }), { qos: 1 });
    await pub.publishAsync(topicFor(vinA, 'points', prefix), '{"truncated', { qos: 1 });
    await pub.endAsync();
    const deadline = Date.now() + 10_000;
    while (results.length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(results).toHaveLength(4);
    const acc = results.reduce((a, r) => a + r.accepted, 0);
    expect(acc).toBe(32);
    expect(quarantine.counts().topic_vin_mismatch).toBe(1);
    expect(quarantine.counts().malformed_payload).toBe(1);
    const a = ingestor.vehicle(vinA);
    expect(a && ingestor.engine.read(a.features).find((f) => f.code === 'distance_per_week')?.reading.detail?.km).toBeGreaterThan(0.7);
    const b = ingestor.vehicle(vinB);
    expect(b && ingestor.engine.read(b.features).find((f) => f.code === 'tyre_condition')?.reading.value).toBe(231);
  });
});
