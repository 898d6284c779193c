import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../kernel';
import { dropPostgresSchema, openStore, type Db, type Store } from '../store';
import { telemetryStore } from '../telemetry';
import { testDatabaseUrl, uniqueSchema } from '../testing';
import { connectNats, deleteStreams, ensureStreams, publishTelemetry, type Nats } from './jetstream-io';
import { generateFleet, type GeneratedMessage } from './load-generator';
import { ownedPartitions, streamOf, type Topology } from './partition';
import { loadMark } from './partition-store';
import { counterName, startTelemetryWorker } from './telemetry-worker';

const natsUrl = process.env.FORECOURT_NATS_URL ?? 'nats://127.0.0.1:4222';
const bin = resolve(repoRoot(), 'bin/forecourt.js');

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 45_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

interface Expected { messages: number; accepted: number; rejected: number }

function expectedOf(msgs: readonly GeneratedMessage[]): Expected {
  return { messages: msgs.length, accepted: msgs.reduce((a, m) => a + m.accepted, 0), rejected: msgs.reduce((a, m) => a + m.rejected, 0) };
}

/** One isolated run: its own schema, streams and counters; everything is deleted afterwards. */
function scaleRun(name: string, vehicles: number, messagesPerVehicle: number) {
  const topology: Topology = { prefix: `fctest.${name}.${randomBytes(4).toString('hex')}`, partitions: 4 };
  const schema = uniqueSchema('fc_scale');
  const msgs = [...generateFleet({ vehicles, messagesPerVehicle, rows: 10, signals: 2, withInvalid: true, now: Date.now() })];
  const ctx = {
    topology, schema, msgs, store: undefined as unknown as Store, nats: undefined as unknown as Nats,
    async open() {
      ctx.store = await openStore({ databaseUrl: testDatabaseUrl, dataDir: 'memory', schema });
      ctx.nats = await connectNats(natsUrl, `fctest-${name}`);
      await ensureStreams(ctx.nats, topology);
    },
    async close() {
      if (ctx.nats) {
        await deleteStreams(ctx.nats, topology);
        await ctx.nats.nc.close();
      }
      await ctx.store?.close();
      await dropPostgresSchema(testDatabaseUrl, schema);
    },
    async publish(part: readonly GeneratedMessage[]) {
      for (const m of part) await publishTelemetry(ctx.nats, topology, m.vin, 'compact', m.payload);
    },
    async totals(): Promise<Expected> {
      const c = await telemetryStore(ctx.store.db).counters();
      return { messages: c[counterName(topology, 'messages')] ?? 0, accepted: c[counterName(topology, 'points.accepted')] ?? 0, rejected: c[counterName(topology, 'points.rejected')] ?? 0 };
    },
    async marks(parts: readonly number[]): Promise<number> {
      let sum = 0;
      for (const p of parts) sum += await loadMark(ctx.store.db, streamOf(topology, p), p);
      return sum;
    },
  };
  return ctx;
}

describe('distributed telemetry on JetStream: faults keep totals exact', () => {
  describe('SIGKILL of a worker process mid-stream, then restart', () => {
    const run = scaleRun('kill', 24, 20);
    const children: ChildProcess[] = [];
    beforeAll(() => run.open());
    afterAll(async () => {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      await run.close();
    });

    const spawnWorker = (index: number): ChildProcess => {
      const c = spawn(process.execPath, [bin, 'worker', '--index', String(index), '--count', '2', '--prefix', run.topology.prefix, '--partitions', '4', '--batch', '8',
        '--nats-url', natsUrl, '--database-url', testDatabaseUrl, '--database-schema', run.schema], { stdio: 'ignore', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' } });
      children.push(c);
      return c;
    };

    it('no accepted point is lost or counted twice', async () => {
      const half = run.msgs.length / 2;
      await run.publish(run.msgs.slice(0, half));
      const w0 = spawnWorker(0);
      spawnWorker(1);
      const mine = ownedPartitions(0, 2, 4);
      await waitFor(async () => (await run.marks(mine)) > 0, 'worker 0 to commit a batch', 50_000);
      w0.kill('SIGKILL');
      await new Promise((r) => w0.once('exit', r));
      await run.publish(run.msgs.slice(half));
      spawnWorker(0);
      const expected = expectedOf(run.msgs);
      await waitFor(async () => (await run.totals()).messages >= expected.messages, 'all messages committed', 50_000);
      expect(await run.totals()).toEqual(expected);
      expect(await run.marks([0, 1, 2, 3])).toBe(expected.messages); // one stream per partition: marks sum to the messages published
      const q = await telemetryStore(run.store.db).listQuarantine({ limit: 1 });
      expect(q.totals.out_of_range).toBe(expected.rejected);
    }, 120_000);
  });

  describe('the broker connection drops mid-stream', () => {
    const run = scaleRun('drop', 16, 25);
    let proxy: Server;
    const sockets = new Set<Socket>();
    beforeAll(async () => {
      await run.open();
      const target = new URL(natsUrl);
      proxy = createServer((client) => {
        const upstream = connect(Number(target.port || 4222), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => undefined);
        }
        client.pipe(upstream).pipe(client);
      });
      await new Promise<void>((ok) => proxy.listen(0, '127.0.0.1', ok));
    });
    afterAll(async () => {
      for (const s of sockets) s.destroy();
      await new Promise((ok) => proxy.close(ok));
      await run.close();
    });

    it('the worker reconnects, resumes after its mark, and totals stay exact', async () => {
      const port = (proxy.address() as { port: number }).port;
      const half = run.msgs.length / 2;
      await run.publish(run.msgs.slice(0, half));
      const worker = await startTelemetryWorker({ natsUrl: `nats://127.0.0.1:${port}`, store: run.store, topology: run.topology, index: 0, count: 1, batch: 8 });
      try {
        await waitFor(async () => worker.committed() > 2, 'first commits');
        for (const s of sockets) s.destroy();
        await run.publish(run.msgs.slice(half));
        await waitFor(async () => worker.committed() > 6, 'commits after the drop');
        for (const s of sockets) s.destroy();
        const expected = expectedOf(run.msgs);
        await waitFor(async () => (await run.totals()).messages >= expected.messages, 'all messages committed');
        expect(await run.totals()).toEqual(expected);
        expect(await run.marks([0, 1, 2, 3])).toBe(expected.messages);
      } finally {
        await worker.stop();
      }
    }, 90_000);
  });

  describe('the database refuses commits for a while (instead of restarting the shared PostgreSQL server)', () => {
    const run = scaleRun('db', 12, 20);
    beforeAll(() => run.open());
    afterAll(() => run.close());

    it('failed batches are redelivered from the mark; totals stay exact', async () => {
      // The only transactions are batch commits (partition-store.ts): commits 3 to 7 are refused,
      // whatever the timing, so the faults always land mid-stream.
      let attempts = 0;
      let refused = 0;
      const real = run.store.db;
      const flaky: Db = {
        kind: real.kind,
        query: (sql, params) => real.query(sql, params),
        exec: (sql) => real.exec(sql),
        transaction: (fn) => {
          attempts++;
          if (attempts >= 3 && refused < 5) {
            refused++;
            return Promise.reject(new Error('connection terminated'));
          }
          return real.transaction(fn);
        },
        close: () => real.close(),
      };
      await run.publish(run.msgs);
      const worker = await startTelemetryWorker({ natsUrl, store: { ...run.store, db: flaky }, topology: run.topology, index: 0, count: 1, batch: 8 });
      try {
        const expected = expectedOf(run.msgs);
        await waitFor(async () => (await run.totals()).messages >= expected.messages, 'all messages committed');
        expect(refused).toBe(5);
        expect(await run.totals()).toEqual(expected);
      } finally {
        await worker.stop();
      }
    }, 90_000);
  });
});
