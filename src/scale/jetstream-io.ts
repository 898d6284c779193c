import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type Consumer, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { connect, headers, nanos, type NatsConnection } from '@nats-io/transport-node';
import { partitionOf, streamOf, subjectOf, type Topology } from './partition';

export type TelemetryFormat = 'ndjson' | 'compact';

export interface Nats {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
}

/** Connects with endless reconnects (a dropped broker connection is retried, not fatal). */
export async function connectNats(url: string, name: string): Promise<Nats> {
  const nc = await connect({ servers: url.replace(/^nats:\/\//, ''), name, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
  return { nc, js: jetstream(nc), jsm: await jetstreamManager(nc) };
}

/** One stream per partition (file storage, limits retention); existing streams are kept. */
export async function ensureStreams(n: Nats, t: Topology): Promise<void> {
  for (let k = 0; k < t.partitions; k++) {
    const name = streamOf(t, k);
    try {
      await n.jsm.streams.info(name);
    } catch {
      await n.jsm.streams.add({ name, subjects: [subjectOf(t, k)] });
    }
  }
}

export async function deleteStreams(n: Nats, t: Topology): Promise<void> {
  for (let k = 0; k < t.partitions; k++) await n.jsm.streams.delete(streamOf(t, k)).catch(() => false);
}

/** Publishes one vehicle payload to its partition and waits for JetStream's ack (the publisher's at-least-once). */
export async function publishTelemetry(n: Nats, t: Topology, vin: string, format: TelemetryFormat, payload: Uint8Array): Promise<number> {
  const h = headers();
  h.set('fc-vin', vin);
  h.set('fc-format', format);
  const ack = await n.js.publish(subjectOf(t, partitionOf(vin, t.partitions)), payload, { headers: h });
  return ack.seq;
}

/**
 * (Re)creates the partition's durable consumer so that delivery starts right
 * after the stored high-water mark: explicit acks, a bounded number of
 * unacknowledged messages (backpressure), redelivery after `ackWaitMs`.
 */
export async function consumerFrom(n: Nats, t: Topology, part: number, mark: number, maxAckPending: number, ackWaitMs = 10_000): Promise<Consumer> {
  const stream = streamOf(t, part);
  const durable = 'worker';
  await n.jsm.consumers.delete(stream, durable).catch(() => false);
  await n.jsm.consumers.add(stream, {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: mark + 1,
    ack_wait: nanos(ackWaitMs),
    max_ack_pending: maxAckPending,
  });
  return n.js.consumers.get(stream, durable);
}
