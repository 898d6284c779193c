import { connectAsync, type MqttClient } from 'mqtt';
import { publishTelemetry, type Nats } from './jetstream-io';
import type { Topology } from './partition';

export interface MqttBridge {
  readonly client: MqttClient;
  /** Messages forwarded to JetStream, and those that failed (counted, never silently lost). */
  stats(): { forwarded: number; failed: number };
  stop(): Promise<void>;
}

/**
 * Vehicles' MQTT topics (`<prefix>v1/tlm/<vin>/points|batch`) into the
 * partitioned JetStream subjects. The topic VIN travels as the `fc-vin`
 * header, so the worker still rejects a payload naming another vehicle
 * (THREATS.md TM-05) and a vehicle only ever reaches its own partition.
 * Payloads are forwarded unparsed: validation happens once, in the worker.
 */
export async function startMqttBridge(opts: { mqttUrl: string; nats: Nats; topology: Topology; prefix?: string; clientId?: string }): Promise<MqttBridge> {
  const prefix = opts.prefix ?? '';
  const depth = prefix.split('/').length - 1;
  // A shared subscription ($share/…) lets several bridges split the load; Mosquitto ≥ 2 supports it.
  const client = await connectAsync(opts.mqttUrl, { clientId: opts.clientId ?? `forecourt-bridge-${process.pid}-${Date.now()}`, clean: true, reconnectPeriod: 1000 });
  let forwarded = 0;
  let failed = 0;
  client.on('message', (topic, payload) => {
    const parts = topic.split('/');
    const vin = parts[depth + 2] ?? '';
    const format = parts[depth + 3] === 'batch' ? 'compact' : 'ndjson';
    publishTelemetry(opts.nats, opts.topology, vin, format, new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength))
      .then(() => forwarded++)
      .catch(() => failed++);
  });
  await client.subscribeAsync([`${prefix}v1/tlm/+/points`, `${prefix}v1/tlm/+/batch`], { qos: 1 });
  return {
    client,
    stats: () => ({ forwarded, failed }),
    stop: async () => {
      await client.endAsync();
    },
  };
}
