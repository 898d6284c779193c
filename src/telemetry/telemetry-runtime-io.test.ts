import { randomUUID } from 'node:crypto';
import { connectAsync } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createAuthenticator, createCounters } from '../app';
import { identityStore } from '../identity';
import { systemClock } from '../kernel';
import { openStore, type Store } from '../store';
import { fixture, loadFixture } from '../testing';
import { topicFor } from './mqtt-ingest-io';
import { startTelemetry, type TelemetryRuntime } from './telemetry-runtime-io';
import { telemetryStore } from './telemetry-store';

const url = process.env.FORECOURT_MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const prefix = `forecourt-test-${randomUUID()}/`;
const vin = (): string => fixture.vehicles.find((v) => v.ownerId === 'own-1')!.vin;

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('startTelemetry: MQTT (Mosquitto) → features readable through the API', () => {
  let store: Store;
  let telemetry: TelemetryRuntime;
  const counters = createCounters();

  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory' });
    await loadFixture(store);
    await store.customers.recordConsent(fixture.consent);
    telemetry = await startTelemetry({ store, counters, clock: systemClock, mqttUrl: url, mqttPrefix: prefix, flushIntervalMs: 60_000 });
  });
  afterAll(async () => {
    await telemetry?.close();
    await store?.close();
  });

  it('subscribes into the platform ingestor, counts live, persists on close, and the features route serves them', async () => {
    const identity = identityStore(store.db);
    const dealer = (await identity.createApiKey({ name: 'dealer', nodeId: 'dlr-a', role: 'dealer_principal' })).key;
    const app = await createApp({ store, identity, counters, clock: systemClock, authenticate: createAuthenticator(identity), logLevel: 'silent' }, [telemetry.routes]);
    await app.ready();
    const pub = await connectAsync(url, { clientId: `forecourt-test-pub-${randomUUID()}` });
    const now = Date.now();
    const lines = Array.from({ length: 20 }, (_, i) => JSON.stringify({ vin: vin(), path: 'Vehicle.Speed', value: 90, ts: now - 30_000 + i * 1000, seq: i })).join('\n');
    await pub.publishAsync(topicFor(vin(), 'points', prefix), lines, { qos: 1 });
    await pub.publishAsync(topicFor(vin(), 'points', prefix), '{"truncated', { qos: 1 });
    await pub.endAsync();
    await until(() => counters.get('telemetry.points.accepted') === 20 && counters.get('telemetry.points.rejected') === 1, 'MQTT points');

    const res = await app.inject({ url: `/api/v1/vehicles/${vin()}/features`, headers: { authorization: `Bearer ${dealer}` } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ usable: true, from: 'live' });
    await app.close();

    await telemetry.flush();
    const sql = telemetryStore(store.db);
    expect(await sql.counters()).toMatchObject({ 'points.accepted': 20, 'points.rejected': 1, 'reason.malformed_payload': 1 });
    expect((await sql.listQuarantine({ limit: 5 })).items[0]).toMatchObject({ reason: 'malformed_payload', transport: 'mqtt' });
    expect(await sql.snapshot(vin())).toBeDefined();
  });
});
