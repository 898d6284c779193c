/**
 * Scale-out benchmark: points per second from JetStream into PostgreSQL with
 * 1, 2 and 4 worker processes, beside the single-process embedded figure
 * (the platform's own ingestor over PGlite), on the same compact frames.
 *
 *   npx tsx bench/scale/run.ts [--vehicles 400] [--messages 5] [--rows 50]
 *
 * Needs NATS JetStream at 127.0.0.1:4222 and PostgreSQL at 127.0.0.1:5432/test
 * (override with FORECOURT_NATS_URL / TEST_DATABASE_URL). Every run uses its
 * own streams and schema and deletes them afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { createCounters } from '../../src/app';
import { repoRoot, systemClock } from '../../src/kernel';
import { connectNats, counterName, deleteStreams, ensureStreams, generateFleet, publishTelemetry, type Topology } from '../../src/scale';
import { dropPostgresSchema, openStore } from '../../src/store';
import { startTelemetry, telemetryStore } from '../../src/telemetry';

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const natsUrl = process.env.FORECOURT_NATS_URL ?? 'nats://127.0.0.1:4222';
const dbUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const load = { vehicles: arg('vehicles', 400), messagesPerVehicle: arg('messages', 5), rows: arg('rows', 50), signals: 4, withInvalid: false };
const partitions = 8;
const bin = resolve(repoRoot(), 'bin/forecourt.js');

const frames = [...generateFleet({ ...load, now: Date.now() })];
const points = frames.reduce((a, m) => a + m.accepted, 0);
const fmt = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
console.log(`node ${process.version}; ${load.vehicles} vehicles × ${load.messagesPerVehicle} compact frames × ${load.rows} rows × ${load.signals} signals = ${fmt(points)} points in ${frames.length} messages`);

async function embedded(): Promise<void> {
  const store = await openStore({ dataDir: 'memory' });
  const t = await startTelemetry({ store, counters: createCounters(), clock: systemClock, flushIntervalMs: 3_600_000 });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const f of frames) t.ingestor.ingestCompact(f.payload, { transport: 'bench', topicVin: f.vin });
  await t.flush();
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const c = await telemetryStore(store.db).counters();
  if (c['points.accepted'] !== points) throw new Error(`embedded stored ${c['points.accepted']} points, expected ${points}`);
  console.log(`embedded, 1 process (PGlite)   ${fmt(points / wall).padStart(10)} points/s wall (${wall.toFixed(2)} s; CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s), incl. persisting ${load.vehicles} vehicle states`);
  await t.close();
  await store.close();
}

function startWorker(t: Topology, schema: string, index: number, count: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [bin, 'worker', '--index', String(index), '--count', String(count), '--prefix', t.prefix, '--partitions', String(t.partitions),
    '--batch', '100', '--nats-url', natsUrl, '--database-url', dbUrl, '--database-schema', schema], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((ok, fail) => {
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('running')) ok(child);
    });
    child.once('exit', (code) => fail(new Error(`worker ${index} exited with ${code}`)));
  });
}

async function distributed(count: number): Promise<void> {
  const t: Topology = { prefix: `fcbench.${randomBytes(4).toString('hex')}`, partitions };
  const schema = `fc_bench_${randomBytes(4).toString('hex')}`;
  const store = await openStore({ databaseUrl: dbUrl, dataDir: 'memory', schema });
  const nats = await connectNats(natsUrl, 'bench');
  await ensureStreams(nats, t);
  const workers: ChildProcess[] = [];
  try {
    for (let i = 0; i < count; i++) workers.push(await startWorker(t, schema, i, count));
    const t0 = performance.now();
    for (let i = 0; i < frames.length; i += 256) {
      await Promise.all(frames.slice(i, i + 256).map((f) => publishTelemetry(nats, t, f.vin, 'compact', f.payload)));
    }
    const published = (performance.now() - t0) / 1000;
    const name = counterName(t, 'points.accepted');
    for (;;) {
      const c = await telemetryStore(store.db).counters();
      if ((c[name] ?? 0) >= points) {
        if (c[name] !== points) throw new Error(`stored ${c[name]} points, expected ${points}`);
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const wall = (performance.now() - t0) / 1000;
    console.log(`JetStream → PostgreSQL, ${count} worker${count > 1 ? 's' : ' '}   ${fmt(points / wall).padStart(10)} points/s wall (${wall.toFixed(2)} s from first publish to last commit; publishing took ${published.toFixed(2)} s)`);
  } finally {
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => (w.exitCode === null ? new Promise((ok) => w.once('exit', ok)) : undefined)));
    await deleteStreams(nats, t);
    await nats.nc.close();
    await store.close();
    await dropPostgresSchema(dbUrl, schema);
  }
}

await embedded();
for (const n of [1, 2, 4]) await distributed(n);
console.log('the machine has 2 cores shared with other jobs: more workers than free cores cannot add throughput here; partitions are the unit of scale across machines');
