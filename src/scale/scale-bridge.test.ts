import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { connectAsync } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../kernel';
import { dropPostgresSchema, openStore, type Store } from '../store';
import { telemetryStore, topicFor } from '../telemetry';
import { testDatabaseUrl, uniqueSchema } from '../testing';
import { connectNats, deleteStreams, ensureStreams, publishTelemetry, type Nats } from './jetstream-io';
import { generateFleet } from './load-generator';
import { startMqttBridge } from './mqtt-bridge-io';
import type { Topology } from './partition';
import { counterName, startTelemetryWorker } from './telemetry-worker';

const natsUrl = process.env.FORECOURT_NATS_URL ?? 'nats://127.0.0.1:4222';
const mqttUrl = process.env.FORECOURT_MQTT_URL ?? 'mqtt://127.0.0.1:1883';

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 45_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('distributed mode end to end', () => {
  const topology: Topology = { prefix: `fctest.bridge.${randomBytes(4).toString('hex')}`, partitions: 3 };
  const schema = uniqueSchema('fc_scale');
  let store: Store;
  let nats: Nats;
  beforeAll(async () => {
    store = await openStore({ databaseUrl: testDatabaseUrl, dataDir: 'memory', schema });
    nats = await connectNats(natsUrl, 'fctest-bridge');
    await ensureStreams(nats, topology);
  });
  afterAll(async () => {
    await deleteStreams(nats, topology);
    await nats?.nc.close();
    await store?.close();
    await dropPostgresSchema(testDatabaseUrl, schema);
  });
  const total = async (name: string): Promise<number> => (await telemetryStore(store.db).counters())[counterName(topology, name)] ?? 0;

  it('MQTT → bridge → JetStream → worker → PostgreSQL, with a foreign-VIN payload rejected by the worker', async () => {
    const mqttPrefix = `forecourt-test-${randomBytes(4).toString('hex')}/`;
    const bridge = await startMqttBridge({ mqttUrl, nats, topology, prefix: mqttPrefix });
    const worker = await startTelemetryWorker({ natsUrl, store, topology, index: 0, count: 1, batch: 5 });
    try {
      const pub = await connectAsync(mqttUrl, { clientId: `forecourt-test-pub-${randomBytes(4).toString('hex')}` });
      const msgs = [...generateFleet({ vehicles: 3, messagesPerVehicle: 4, rows: 5, signals: 2, withInvalid: true, now: Date.now() })];
      for (const m of msgs) await pub.publishAsync(topicFor(m.vin, 'batch', mqttPrefix), Buffer.from(m.payload), { qos: 1 });
      // Vehicle 0's topic carrying vehicle 1's frame (TM-05): rejected, never applied to vehicle 1.
      const foreign = [...generateFleet({ vehicles: 2, messagesPerVehicle: 1, rows: 5, signals: 2, now: Date.now(), vinOffset: 0 })][1]!;
      await pub.publishAsync(topicFor(msgs[0]!.vin, 'batch', mqttPrefix), Buffer.from(foreign.payload), { qos: 1 });
      await pub.endAsync();
      await waitFor(async () => (await total('messages')) >= msgs.length + 1, 'all bridged messages committed');
      expect(await total('points.accepted')).toBe(msgs.reduce((a, m) => a + m.accepted, 0));
      expect(await total('reason.topic_vin_mismatch')).toBe(foreign.accepted);
      expect(bridge.stats()).toEqual({ forwarded: msgs.length + 1, failed: 0 });
    } finally {
      await worker.stop();
      await bridge.stop();
    }
  }, 90_000);

  it('`forecourt workers --count 2` starts two processes that share the partitions, and stops on SIGTERM', async () => {
    const before = await total('points.accepted');
    const msgs = [...generateFleet({ vehicles: 6, messagesPerVehicle: 3, rows: 5, signals: 2, now: Date.now(), vinOffset: 100 })];
    for (const m of msgs) await publishTelemetry(nats, topology, m.vin, 'compact', m.payload);
    const sup = spawn(process.execPath, [resolve(repoRoot(), 'bin/forecourt.js'), 'workers', '--count', '2', '--prefix', topology.prefix, '--partitions', '3', '--batch', '4',
      '--nats-url', natsUrl, '--database-url', testDatabaseUrl, '--database-schema', schema], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' } });
    let out = '';
    sup.stdout.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await waitFor(async () => (await total('points.accepted')) >= before + msgs.reduce((a, m) => a + m.accepted, 0), 'both workers to commit', 80_000);
      expect(await total('points.accepted')).toBe(before + msgs.reduce((a, m) => a + m.accepted, 0));
      expect(out).toContain('worker 0/2 running');
      expect(out).toContain('worker 1/2 running');
    } finally {
      const exited = new Promise((ok) => sup.once('exit', ok));
      sup.kill('SIGTERM');
      await exited;
    }
  }, 120_000);
});
