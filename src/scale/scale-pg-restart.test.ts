import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, systemClock } from '../kernel';
import { openStore, type Store } from '../store';
import { createIngestor, createMemoryQuarantine, encodeVehicleState, loadVssCatalog, snapshotFeatures, telemetryStore } from '../telemetry';
import { privatePostgresUnavailable, startPrivatePostgres, uniqueSchema, type PrivatePostgres } from '../testing';
import { connectNats, deleteStreams, ensureStreams, publishTelemetry, type Nats } from './jetstream-io';
import { generateFleet, type GeneratedMessage } from './load-generator';
import { ownedPartitions, partitionOf, streamOf, type Topology } from './partition';
import { loadMark } from './partition-store';
import { counterName } from './telemetry-worker';

const natsUrl = process.env.FORECOURT_NATS_URL ?? 'nats://127.0.0.1:4222';
const bin = resolve(repoRoot(), 'bin/forecourt.js');
const pgMissing = privatePostgresUnavailable();
const partitions = 4;
const workerCount = 2;

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 45_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    // The test's own pool sees the outage too: a failed check is "not yet".
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

interface Totals { messages: number; accepted: number; rejected: number }

/** The generator's own counts, and each vehicle's state after one in-order pass (what the workers must end with). */
function reference(msgs: readonly GeneratedMessage[]) {
  const ingestor = createIngestor({ table: loadVssCatalog(), sink: createMemoryQuarantine(), clock: systemClock });
  for (const m of msgs) ingestor.ingestCompact(m.payload, { transport: 'jetstream', topicVin: m.vin });
  const vins = [...new Set(msgs.map((m) => m.vin))].sort();
  return {
    totals: { messages: msgs.length, accepted: msgs.reduce((a, m) => a + m.accepted, 0), rejected: msgs.reduce((a, m) => a + m.rejected, 0) } as Totals,
    states: Object.fromEntries(vins.map((v) => [v, Buffer.from(encodeVehicleState(ingestor.vehicle(v)!)).toString('hex')])),
    features: Object.fromEntries(vins.map((v) => [v, snapshotFeatures(ingestor.engine, ingestor.vehicle(v)!, false).json])),
  };
}

/** `forecourt workers --count 2` in its own process group, with everything it (and its workers) writes to stderr. */
function startWorkers(server: PrivatePostgres, topology: Topology, schema: string) {
  const child: ChildProcess = spawn(
    process.execPath,
    [bin, 'workers', '--count', String(workerCount), '--prefix', topology.prefix, '--partitions', String(partitions), '--batch', '8',
      '--nats-url', natsUrl, '--database-url', server.url, '--database-schema', schema],
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' } },
  );
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => void (stderr += b.toString()));
  return {
    stderr: () => stderr,
    async stop(): Promise<void> {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGTERM'); // the supervisor stops its workers and waits for them
      let timer: NodeJS.Timeout | undefined;
      const late = await Promise.race([exited.then(() => false), new Promise((ok) => (timer = setTimeout(() => ok(true), 30_000)))]);
      clearTimeout(timer);
      if (late) process.kill(-child.pid!, 'SIGKILL'); // the supervisor's process group: it and the workers it started
    },
  };
}

describe.skipIf(pgMissing !== undefined)(`distributed telemetry: a real PostgreSQL server restart mid-stream keeps totals exact${pgMissing ? ` (SKIPPED: ${pgMissing})` : ''}`, () => {
  // A private cluster of this test's own: the shared server on 5432 is never restarted.
  let server: PrivatePostgres;
  let nats: Nats;
  let store: Store;
  let workers: ReturnType<typeof startWorkers> | undefined;
  let release: () => void = () => undefined;
  const topology: Topology = { prefix: `fctest.pgrestart.${randomBytes(4).toString('hex')}`, partitions };
  const schema = uniqueSchema('fc_pgr');
  // 384 messages in time order per vehicle; the stream is published in three parts, one per phase.
  const msgs = [...generateFleet({ vehicles: 16, messagesPerVehicle: 24, rows: 10, signals: 2, withInvalid: true, now: Date.now() })];
  const ends = [96, 240, msgs.length];
  let sent = 0;

  const publish = async (part: readonly GeneratedMessage[]) => {
    for (const m of part) await publishTelemetry(nats, topology, m.vin, 'compact', m.payload);
  };
  const totals = async (): Promise<Totals> => {
    const c = await telemetryStore(store.db).counters();
    return { messages: c[counterName(topology, 'messages')] ?? 0, accepted: c[counterName(topology, 'points.accepted')] ?? 0, rejected: c[counterName(topology, 'points.rejected')] ?? 0 };
  };

  beforeAll(async () => {
    server = await startPrivatePostgres();
    nats = await connectNats(natsUrl, 'fctest-pg-restart');
    store = await openStore({ databaseUrl: server.url, dataDir: 'memory', schema });
    await ensureStreams(nats, topology);
    await publish(msgs.slice(0, ends[0]));
    sent = ends[0]!;
    workers = startWorkers(server, topology, schema);
    await waitFor(async () => (await totals()).messages > 0, 'the first commits', 90_000);
  }, 120_000);

  afterAll(async () => {
    // Each step bounded and independent, so a failed run still stops its processes and deletes its server.
    const bounded = async (step: () => Promise<unknown> | undefined): Promise<void> => {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.resolve().then(step).catch(() => undefined), new Promise((ok) => (timer = setTimeout(ok, 20_000)))]);
      clearTimeout(timer);
    };
    release();
    await bounded(() => workers?.stop());
    await bounded(() => nats && deleteStreams(nats, topology));
    await bounded(() => nats?.nc.close());
    await bounded(() => store?.close());
    await server?.remove();
  }, 120_000);

  /**
   * One phase: the test holds a lock on the marks table and publishes the next part of the stream, so that
   * every busy partition's batch transaction is open and blocked inside PostgreSQL when the fault hits: the
   * fault lands on work in flight (some messages committed, the rest not), never after the work. Afterwards
   * everything published so far must be in the store exactly once.
   */
  async function phase(end: number, fault: (owners: number[], log: () => string) => Promise<void>): Promise<void> {
    const w = workers!;
    const logFrom = w.stderr().length;
    const log = () => w.stderr().slice(logFrom);
    let locked!: () => void;
    const holding = new Promise<void>((ok) => (locked = ok));
    const released = new Promise<void>((ok) => (release = ok));
    const lockTx = store.db.transaction(async (tx) => {
      await tx.query('LOCK TABLE telemetry_partition_marks IN SHARE ROW EXCLUSIVE MODE');
      locked();
      await released; // the fault ends this session meanwhile; its COMMIT then fails
    });
    lockTx.catch(() => undefined);
    await holding;
    // Everything up to `end` (also an earlier phase's part, when a case runs alone with -t).
    const part = msgs.slice(sent, end);
    const expected = reference(msgs.slice(0, end));
    const before = (await totals()).messages;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(expected.totals.messages);
    await publish(part);
    sent = end;
    const busy = [...new Set(part.map((m) => partitionOf(m.vin, partitions)))];
    await waitFor(async () => {
      const { rows } = await store.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`);
      return rows[0]!.n >= busy.length;
    }, `a blocked batch transaction in each of the ${busy.length} busy partitions`);
    const owners = [...new Set(busy.map((p) => p % workerCount))].sort();

    await fault(owners, log);

    release();
    // The test's own session died with the server too: a retryable error, not a crash of this process.
    await expect(lockTx).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await waitFor(async () => (await totals()).messages >= expected.totals.messages, 'all messages committed after the fault', 60_000);
    expect(await totals(), log()).toEqual(expected.totals);
    let marks = 0;
    for (let p = 0; p < partitions; p++) marks += await loadMark(store.db, streamOf(topology, p), p);
    expect(marks).toBe(expected.totals.messages); // one stream per partition: marks sum to the messages published
    const sql = telemetryStore(store.db);
    expect((await sql.listQuarantine({ limit: 1 })).totals.out_of_range).toBe(expected.totals.rejected);
    // Per-vehicle feature state, bit for bit: no message applied twice or skipped.
    const states = Object.fromEntries((await sql.states()).map((s) => [s.vin, Buffer.from(s.state).toString('hex')]));
    expect(states).toEqual(expected.states);
    for (const vin of Object.keys(expected.features)) expect((await sql.snapshot(vin))?.features, vin).toEqual(expected.features[vin]);
    // The workers survived (the supervisor would restart a dead one, and say so) and reported outage and recovery.
    expect(w.stderr()).not.toMatch(/exited/);
    for (const i of owners) {
      expect(log(), `worker ${i}`).toMatch(new RegExp(`worker ${i} partition (${ownedPartitions(i, workerCount, partitions).join('|')}): database unavailable`));
      expect(log(), `worker ${i}`).toMatch(new RegExp(`worker ${i} partition \\d+: recovered after \\d+ failed attempt`));
    }
  }

  it('pg_ctl restart -m fast while batch transactions are open: workers survive, totals and features exact', async () => {
    await phase(ends[1]!, () => server.restart());
  }, 90_000);

  it('crash (pg_ctl stop -m immediate), outage noticed, start with WAL recovery: totals and features exact', async () => {
    await phase(ends[2]!, async (owners, log) => {
      await server.crash();
      try {
        await waitFor(async () => owners.every((i) => new RegExp(`worker ${i} partition \\d+: database unavailable`).test(log())), 'every busy worker to notice the outage', 30_000);
      } finally {
        await server.start();
      }
    });
  }, 90_000);
});
