import { connectAsync, type MqttClient } from 'mqtt';
import type { IngestResult, Ingestor } from './ingestor';

/**
 * Subscribes to `<prefix>v1/tlm/+/points` (simple format, JSON or NDJSON)
 * and `<prefix>v1/tlm/+/batch` (binary compact frames). The VIN in the topic
 * is passed as `topicVin`, so a payload naming another vehicle is rejected
 * with `topic_vin_mismatch` (THREATS.md TM-05). A handler never throws: the
 * ingestor turns any payload into counts and quarantine entries.
 */
export interface MqttIngestOptions {
  url: string;
  ingestor: Ingestor;
  /** Prepended to every topic, e.g. a per-test-run namespace `test-<id>/`. */
  prefix?: string;
  clientId?: string;
  onResult?: (topic: string, result: IngestResult) => void;
}

export interface MqttIngest {
  readonly client: MqttClient;
  stop(): Promise<void>;
}

export function topicFor(vin: string, stream: 'points' | 'batch', prefix = ''): string {
  return `${prefix}v1/tlm/${vin}/${stream}`;
}

export async function startMqttIngest(opts: MqttIngestOptions): Promise<MqttIngest> {
  const prefix = opts.prefix ?? '';
  const client = await connectAsync(opts.url, { clientId: opts.clientId ?? `forecourt-ingest-${process.pid}-${Date.now()}`, clean: true, reconnectPeriod: 1000 });
  const depth = prefix.split('/').length - 1;
  client.on('message', (topic, payload) => {
    const parts = topic.split('/');
    const vin = parts[depth + 2] ?? '';
    const stream = parts[depth + 3];
    const ctx = { transport: 'mqtt', topicVin: vin };
    const bytes = new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
    const result = stream === 'batch' ? opts.ingestor.ingestCompact(bytes, ctx) : opts.ingestor.ingestSimple(bytes, ctx);
    opts.onResult?.(topic, result);
  });
  await client.subscribeAsync([`${prefix}v1/tlm/+/points`, `${prefix}v1/tlm/+/batch`], { qos: 1 });
  return {
    client,
    stop: async () => {
      await client.endAsync();
    },
  };
}
