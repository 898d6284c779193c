import type { Consumer, JsMsg } from '@nats-io/jetstream';
import { isForecourtError, systemClock, type Clock } from '../kernel';
import type { Store } from '../store';
import {
  createIngestor,
  decodeVehicleState,
  emptyReasonCounts,
  encodeVehicleState,
  loadVssCatalog,
  snapshotFeatures,
  telemetryStore,
  type FeatureSnapshot,
  type Ingestor,
  type QuarantineEntry,
  type ReasonCounts,
} from '../telemetry';
import { connectNats, consumerFrom, type Nats } from './jetstream-io';
import { commitBatch, loadMark } from './partition-store';
import { newRun, ownedPartitions, partitionOf, streamOf, type Topology } from './partition';

export interface WorkerOptions {
  natsUrl: string;
  store: Store;
  topology: Topology;
  index: number;
  count: number;
  /** Messages fetched and committed per transaction (and the bound on unacknowledged messages: 2×). */
  batch?: number;
  clock?: Clock;
  log?: (line: string) => void;
}

export interface TelemetryWorker {
  readonly partitions: number[];
  /** Batches committed so far. */
  committed(): number;
  /** Pulls ended early by missed idle heartbeats (processed as short batches, not failures). */
  heartbeatMisses(): number;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Wait before retry n (1, 2, …) of a failing partition: 250 ms doubling, at most 4 s. */
const retryDelayMs = (attempt: number): number => Math.min(4000, 250 * 2 ** Math.max(0, attempt - 1));

/** Counter names of a topology in `telemetry_counters`. */
export const counterName = (t: Topology, name: string): string => `${t.prefix}:${name}`;

/**
 * One worker process's share of the fleet: for each partition it owns, a
 * pull loop that fetches a bounded batch (nothing more is pulled until that
 * batch is committed: backpressure), applies it to that partition's
 * vehicles, commits features, quarantine, counters and the high-water mark in
 * one transaction, then acks. After any failure the partition's in-memory
 * state is rebuilt from the database and delivery restarts after the mark, so
 * nothing is lost and nothing counts twice.
 */
export async function startTelemetryWorker(opts: WorkerOptions): Promise<TelemetryWorker> {
  const t = opts.topology;
  const batch = opts.batch ?? 200;
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? (() => undefined);
  const db = opts.store.db;
  const sql = telemetryStore(db);
  const table = loadVssCatalog();
  const parts = ownedPartitions(opts.index, opts.count, t.partitions);
  const nats: Nats = await connectNats(opts.natsUrl, `forecourt-worker-${opts.index}`);
  let stopping = false;
  let committed = 0;
  let heartbeatMisses = 0;

  async function freshIngestor(part: number, sink: { put(e: QuarantineEntry): void }): Promise<Ingestor> {
    const ingestor = createIngestor({ table, sink, clock });
    for (const { vin, state } of await sql.states()) {
      if (partitionOf(vin, t.partitions) !== part) continue;
      const rec = decodeVehicleState(vin, state, ingestor.engine.slabSize);
      if (rec) ingestor.restoreVehicle(rec);
    }
    return ingestor;
  }

  /**
   * One pull. On a loaded machine the client can miss the pull's idle heartbeats (the event loop
   * was busy), and the library ends the fetch with "heartbeats missed". That is not a failure of
   * the partition: the messages received so far are processed as usual, and any the server sent
   * but the client dropped are redelivered later, which the sequence check sees as a gap and
   * answers by restarting the consumer at the mark. No state rebuild (the soak run showed 47
   * needless rebuilds in 10 minutes, each reloading every vehicle's state).
   */
  async function fetchBatch(consumer: Consumer): Promise<JsMsg[]> {
    const msgs: JsMsg[] = [];
    const it = await consumer.fetch({ max_messages: batch, expires: 1000 });
    try {
      for await (const m of it) msgs.push(m);
    } catch (err) {
      if (!(err instanceof Error && /heartbeats missed/i.test(err.message))) throw err;
      heartbeatMisses++;
    }
    return msgs;
  }

  async function partitionLoop(part: number): Promise<void> {
    const stream = streamOf(t, part);
    let entries: QuarantineEntry[] = [];
    const sink = { put: (e: QuarantineEntry) => void entries.push(e) };
    let mark = 0;
    let ingestor: Ingestor | undefined;
    let consumer: Consumer | undefined;
    const who = `worker ${opts.index} partition ${part}`;
    let failures = 0;
    let failingSince = 0;
    while (!stopping) {
      try {
        if (!ingestor || !consumer) {
          mark = await loadMark(db, stream, part);
          ingestor = await freshIngestor(part, sink);
          consumer = await consumerFrom(nats, t, part, mark, batch * 2);
          if (failures > 0) {
            log(`${who}: recovered after ${failures} failed attempt(s) in ${((clock().getTime() - failingSince) / 1000).toFixed(1)} s: state rebuilt from the database, resuming after mark ${mark}`);
            failures = 0;
          }
        }
        const msgs = await fetchBatch(consumer);
        if (msgs.length === 0) continue;
        const run = newRun(msgs.map((m) => m.seq), mark);
        for (const m of msgs.slice(0, run.skip)) m.ack();
        const take = msgs.slice(run.skip, run.skip + run.take);
        if (take.length > 0) {
          entries = [];
          const dirty = new Set<string>();
          let accepted = 0;
          let rejected = 0;
          const reasons: ReasonCounts = emptyReasonCounts();
          for (const m of take) {
            const vin = m.headers?.get('fc-vin') ?? '';
            const ctx = { transport: 'jetstream', topicVin: vin };
            const r = m.headers?.get('fc-format') === 'compact' ? ingestor.ingestCompact(m.data, ctx) : ingestor.ingestSimple(m.data, ctx);
            accepted += r.accepted;
            rejected += r.rejected;
            for (const k of Object.keys(r.byReason) as (keyof ReasonCounts)[]) reasons[k] += r.byReason[k];
            for (const v of r.vins) dirty.add(v);
          }
          const now = clock();
          const consented = await sql.telematicsConsent([...dirty]);
          const snapshots: FeatureSnapshot[] = [];
          for (const vin of dirty) {
            const rec = ingestor.vehicle(vin);
            if (rec) snapshots.push({ vin, features: snapshotFeatures(ingestor.engine, rec, consented.has(vin)).json, state: encodeVehicleState(rec), updatedAt: now });
          }
          const counters: Record<string, number> = {
            [counterName(t, 'points.accepted')]: accepted,
            [counterName(t, 'points.rejected')]: rejected,
            [counterName(t, 'messages')]: take.length,
          };
          for (const [k, v] of Object.entries(reasons)) if (v > 0) counters[counterName(t, `reason.${k}`)] = v;
          const lastSeq = take[take.length - 1]!.seq;
          await commitBatch(db, { stream, part, lastSeq, snapshots, quarantine: entries, counters });
          mark = lastSeq;
          committed++;
          for (const m of take) m.ack();
        }
        if (run.gap) consumer = await consumerFrom(nats, t, part, mark, batch * 2);
      } catch (err) {
        if (stopping) break;
        // Whatever this batch changed in memory is discarded and its messages are not
        // acked; the database is the truth. A commit whose outcome is unknown (the
        // connection died during COMMIT) is settled by the mark read on rebuild.
        ingestor = undefined;
        consumer = undefined;
        failures++;
        if (failures === 1) {
          failingSince = clock().getTime();
          const what = isForecourtError(err) && err.code === 'STORE_UNAVAILABLE' ? 'database unavailable' : 'batch failed';
          log(`${who}: ${what}: ${(err as Error).message}; uncommitted batch discarded, retrying with backoff`);
        } else if (failures % 10 === 0) {
          log(`${who}: still failing after ${failures} attempts (${((clock().getTime() - failingSince) / 1000).toFixed(1)} s): ${(err as Error).message}`);
        }
        await sleep(retryDelayMs(failures));
      }
    }
  }

  log(`worker ${opts.index}/${opts.count} owns partitions ${parts.join(', ')}`);
  const loops = parts.map((p) => partitionLoop(p));
  return {
    partitions: parts,
    committed: () => committed,
    heartbeatMisses: () => heartbeatMisses,
    async stop() {
      stopping = true;
      await Promise.allSettled(loops);
      await nats.nc.close().catch(() => undefined);
    },
  };
}
