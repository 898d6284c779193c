/**
 * Ingest soak: the distributed telemetry path (JetStream → `forecourt workers`
 * → PostgreSQL) at a fixed target rate for several minutes, with the memory
 * curve of every worker process. Baseline for the ratio: each worker's own
 * first-minute memory (flatness = last-minute / first-minute RSS); optionally
 * a PostgreSQL COPY of the same raw points as a throughput reference.
 *
 *   npx tsx bench/soak/run.ts [--minutes 5] [--rate 25000] [--workers 2] [--vehicles 1000] [--sample-seconds 5] [--copy-seconds 20]
 *
 * Needs NATS JetStream at 127.0.0.1:4222 and PostgreSQL at 127.0.0.1:5432/test
 * (override with FORECOURT_NATS_URL / TEST_DATABASE_URL). The run uses its own
 * streams and schema and deletes them afterwards. Writes the curve to
 * bench/soak/soak-memory.csv and docs/soak-memory.svg (--csv, --svg to change).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { repoRoot } from '../../src/kernel';
import { renderChartSvg, toCsv, type Cell } from '../../src/measurement';
import { connectNats, counterName, deleteStreams, ensureStreams, generateFleet, publishTelemetry, streamOf, type GeneratedMessage, type Nats, type Topology } from '../../src/scale';
import { dropPostgresSchema, openStore, type Store } from '../../src/store';
import { decodeCompactBatch, telemetryStore } from '../../src/telemetry';

const argv = process.argv;
const num = (name: string, def: number): number => {
  const i = argv.indexOf(`--${name}`);
  const v = i > 0 ? Number(argv[i + 1]) : def;
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} must be a non-negative number`);
  return v;
};
const str = (name: string, def: string): string => {
  const i = argv.indexOf(`--${name}`);
  return i > 0 ? String(argv[i + 1]) : def;
};

const natsUrl = process.env.FORECOURT_NATS_URL ?? 'nats://127.0.0.1:4222';
const dbUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const minutes = num('minutes', 5);
const targetRate = num('rate', 25_000); // points/s; bench/scale measured 100–235 k points/s on this machine
const workers = Math.max(1, Math.round(num('workers', 2)));
const vehicles = Math.max(1, Math.round(num('vehicles', 1000)));
const sampleSeconds = num('sample-seconds', 5);
const copySeconds = num('copy-seconds', 20);
const partitions = 8;
const batch = 100;
const rows = 25;
const signals = 4;
const window = 256; // publishes awaiting JetStream's ack at most
const csvPath = resolve(repoRoot(), str('csv', 'bench/soak/soak-memory.csv'));
const svgPath = resolve(repoRoot(), str('svg', 'docs/soak-memory.svg'));
const bin = resolve(repoRoot(), 'bin/forecourt.js');

const pointsPerMessage = rows * signals; // one of them is the generator's impossible speed (rejected)
const messageRate = targetRate / pointsPerMessage;
const durationS = minutes * 60;
const MB = 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (n: number, d = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

interface WorkerMetrics { index: number; pid: number; rss: number; heapUsed: number; heapTotal: number; committed: number; heartbeatMisses?: number }
interface Sample { t: number; published: number; committedMessages: number; points: number; rate: number; publishRate: number; backlog: number; jsPending: number; workers: (WorkerMetrics | undefined)[]; benchRss: number }

/** `forecourt workers --count N`, with each worker printing a metrics line every 2 s; resolves once all are running. */
function startWorkers(t: Topology, schema: string, onMetrics: (m: WorkerMetrics) => void, onLog: (line: string) => void): Promise<ChildProcess> {
  const child = spawn(process.execPath, [bin, 'workers', '--count', String(workers), '--prefix', t.prefix, '--partitions', String(t.partitions), '--batch', String(batch),
    '--metrics-interval', '2000', '--nats-url', natsUrl, '--database-url', dbUrl, '--database-schema', schema], { stdio: ['ignore', 'pipe', 'pipe'] });
  let running = 0;
  const lines = (stream: NodeJS.ReadableStream, each: (line: string) => void): void => {
    let rest = '';
    stream.on('data', (d: Buffer) => {
      const parts = (rest + d.toString()).split('\n');
      rest = parts.pop() ?? '';
      for (const l of parts) each(l);
    });
  };
  return new Promise((ok, fail) => {
    lines(child.stdout!, (l) => {
      if (l.startsWith('metrics ')) onMetrics(JSON.parse(l.slice(8)) as WorkerMetrics);
      else if (/^worker \d+\/\d+ running/.test(l) && ++running === workers) ok(child);
    });
    lines(child.stderr!, onLog);
    child.once('exit', (code) => fail(new Error(`forecourt workers exited with ${code}`)));
  });
}

/** Messages in JetStream not yet acknowledged by the workers (pending + ack-pending of each partition's consumer). */
async function jetstreamPending(n: Nats, t: Topology): Promise<number> {
  let sum = 0;
  for (let k = 0; k < t.partitions; k++) {
    try {
      const c = await n.jsm.consumers.info(streamOf(t, k), 'worker');
      sum += c.num_pending + c.num_ack_pending;
    } catch {
      return NaN; // a consumer being recreated after a rebuild
    }
  }
  return sum;
}

/** Least-squares slope of y over x. */
function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return NaN;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0, den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den === 0 ? NaN : num / den;
}
const mean = (ys: readonly number[]): number => (ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : NaN);

/** PostgreSQL COPY of `count` raw points (vin, path, ts, value) of the same frames, one connection, wall clock. */
async function copyBaseline(frames: Iterable<GeneratedMessage>, count: number): Promise<number> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const chunks: string[] = [];
    let chunk = '';
    let n = 0;
    for (const f of frames) {
      const d = decodeCompactBatch(f.payload);
      if (!d.ok) continue;
      const b = d.batch;
      for (let i = 0; i < b.ts.length; i++) {
        const ts = new Date(b.t0 + b.ts[i]!).toISOString();
        for (let k = 0; k < b.paths.length; k++, n++) chunk += `${b.vin}\t${b.paths[k]}\t${ts}\t${b.columns[k]![i]}\n`;
      }
      if (chunk.length > 1 << 20) {
        chunks.push(chunk);
        chunk = '';
      }
      if (n >= count) break;
    }
    if (chunk) chunks.push(chunk);
    await client.query('CREATE TEMP TABLE soak_raw_points (vin text, path text, ts timestamptz, value double precision)');
    const t0 = performance.now();
    await pipeline(Readable.from(chunks), client.query(copyFrom('COPY soak_raw_points FROM STDIN')));
    const s = (performance.now() - t0) / 1000;
    await client.query('DROP TABLE soak_raw_points');
    return n / s;
  } finally {
    await client.end();
  }
}

const memOf = (s: Sample, w: number, key: 'rss' | 'heapUsed'): number | null => {
  const m = s.workers[w];
  return m ? Number((m[key] / MB).toFixed(2)) : null;
};

function chart(samples: readonly Sample[]): string {
  const series: Record<string, unknown>[] = [];
  for (let w = 0; w < workers; w++) {
    series.push({ name: `worker ${w} RSS`, type: 'line', showSymbol: false, data: samples.map((s) => [s.t / 60, memOf(s, w, 'rss')]) });
    series.push({ name: `worker ${w} heap used`, type: 'line', showSymbol: false, lineStyle: { type: 'dashed' }, data: samples.map((s) => [s.t / 60, memOf(s, w, 'heapUsed')]) });
  }
  series.push({ name: 'ingest k points/s', type: 'line', yAxisIndex: 1, showSymbol: false, lineStyle: { width: 1, opacity: 0.5 }, data: samples.map((s) => [s.t / 60, s.rate / 1000]) });
  return renderChartSvg({
    title: { text: `Ingest soak: ${workers} workers, target ${fmt(targetRate)} points/s, ${minutes} min` },
    legend: { bottom: 0 },
    grid: { bottom: 70 },
    xAxis: { type: 'value', name: 'minutes', nameLocation: 'middle', nameGap: 25 },
    yAxis: [{ type: 'value', name: 'MB', min: 0 }, { type: 'value', name: 'k points/s', min: 0 }],
    series,
  }, { width: 900, height: 450 });
}

async function main(): Promise<void> {
  const run = randomBytes(4).toString('hex');
  const t: Topology = { prefix: `fcsoak.${run}`, partitions };
  const schema = `fc_soak_${run}`;
  const perVehicle = Math.ceil((messageRate * durationS) / vehicles) + 1;
  const now = Date.now();
  console.log(`node ${process.version}; ${workers} worker processes over ${partitions} partitions (batch ${batch}); ${vehicles} vehicles, compact frames of ${rows} rows × ${signals} signals = ${pointsPerMessage} points (1 rejected)`);
  console.log(`target ${fmt(targetRate)} points/s = ${fmt(messageRate, 1)} messages/s for ${minutes} min; sample every ${sampleSeconds} s; schema ${schema}, streams ${streamOf(t, 0)}…`);
  const store: Store = await openStore({ databaseUrl: dbUrl, dataDir: 'memory', schema });
  const nats = await connectNats(natsUrl, 'soak');
  await ensureStreams(nats, t);
  const latest: (WorkerMetrics | undefined)[] = [];
  const events: string[] = [];
  let supervisor: ChildProcess | undefined;
  let exitCode = 0;
  let tStart = performance.now();
  try {
    supervisor = await startWorkers(t, schema, (m) => (latest[m.index] = m), (l) => {
      if (l.trim()) events.push(`${((performance.now() - tStart) / 1000).toFixed(0)} s ${l}`);
    });
    tStart = performance.now();
    const elapsed = (): number => (performance.now() - tStart) / 1000;
    const gen = generateFleet({ vehicles, messagesPerVehicle: perVehicle, rows, signals, withInvalid: true, now });
    const expected = { messages: 0, accepted: 0, rejected: 0 };
    let sent = 0;
    let failed = 0;
    const inflight = new Set<Promise<void>>();
    const sql = telemetryStore(store.db);
    const samples: Sample[] = [];
    let publishing = true;

    const sampler = (async () => {
      let last = { t: 0, points: 0, published: 0 };
      const header = `${'t s'.padStart(5)} ${'published'.padStart(9)} ${'committed'.padStart(9)} ${'points/s'.padStart(9)} ${'backlog'.padStart(7)} ${'js pend'.padStart(7)} ` +
        Array.from({ length: workers }, (_, w) => `${`w${w} RSS MB`.padStart(10)} ${`w${w} heap MB`.padStart(11)}`).join(' ');
      console.log(header);
      for (let next = sampleSeconds; ; next += sampleSeconds) {
        await sleep(Math.max(0, next - elapsed()) * 1000);
        const c = await sql.counters();
        const points = (c[counterName(t, 'points.accepted')] ?? 0) + (c[counterName(t, 'points.rejected')] ?? 0);
        const committedMessages = c[counterName(t, 'messages')] ?? 0;
        const now = elapsed();
        const s: Sample = {
          t: now, published: expected.messages, committedMessages, points,
          rate: (points - last.points) / (now - last.t), publishRate: ((expected.messages - last.published) * pointsPerMessage) / (now - last.t),
          backlog: expected.messages - committedMessages, jsPending: await jetstreamPending(nats, t),
          workers: latest.map((m) => (m ? { ...m } : undefined)), benchRss: process.memoryUsage().rss,
        };
        samples.push(s);
        last = { t: now, points, published: expected.messages };
        console.log(`${now.toFixed(0).padStart(5)} ${String(s.published).padStart(9)} ${String(committedMessages).padStart(9)} ${fmt(s.rate).padStart(9)} ${String(s.backlog).padStart(7)} ${String(s.jsPending).padStart(7)} ` +
          s.workers.map((m) => `${(m ? (m.rss / MB).toFixed(1) : '-').padStart(10)} ${(m ? (m.heapUsed / MB).toFixed(1) : '-').padStart(11)}`).join(' '));
        if (!publishing && s.backlog === 0) return;
        if (!publishing && now > durationS + 120) return;
      }
    })();

    const publish = (m: GeneratedMessage): Promise<void> => {
      const p = publishTelemetry(nats, t, m.vin, 'compact', m.payload).then(
        () => {
          expected.messages++;
          expected.accepted += m.accepted;
          expected.rejected += m.rejected;
        },
        () => void failed++,
      ).finally(() => inflight.delete(p));
      inflight.add(p);
      return p;
    };
    let next = gen.next();
    while (!next.done && elapsed() < durationS) {
      const due = Math.floor(elapsed() * messageRate);
      while (sent < due && inflight.size < window && !next.done) {
        void publish(next.value);
        sent++;
        next = gen.next();
      }
      if (inflight.size >= window) await Promise.race(inflight);
      else await sleep(20);
    }
    await Promise.all(inflight);
    const publishSeconds = elapsed();
    publishing = false;
    await sampler;
    const drainSeconds = elapsed() - publishSeconds;

    // Exact totals: the store against the generator's own counts.
    const c = await sql.counters();
    const stored = { messages: c[counterName(t, 'messages')] ?? 0, accepted: c[counterName(t, 'points.accepted')] ?? 0, rejected: c[counterName(t, 'points.rejected')] ?? 0 };
    const quarantined = (await sql.listQuarantine({ limit: 1 })).totals.out_of_range ?? 0;
    let marks = 0;
    for (let k = 0; k < partitions; k++) {
      const { rows: r } = await store.db.query<{ last_seq: unknown }>('SELECT last_seq FROM telemetry_partition_marks WHERE stream = $1 AND part = $2', [streamOf(t, k), k]);
      marks += r[0] ? Number(r[0].last_seq) : 0;
    }
    const exact = stored.messages === expected.messages && stored.accepted === expected.accepted && stored.rejected === expected.rejected && quarantined === expected.rejected && marks === expected.messages && failed === 0;
    if (!exact) exitCode = 1;

    // The curve while the load ran (the drain tail is in the CSV and plot too).
    const load = samples.filter((s) => s.t <= publishSeconds + 1e-9);
    const firstMin = load.filter((s) => s.t <= 60);
    const lastMin = load.filter((s) => s.t >= publishSeconds - 60);
    console.log('');
    console.log(`published ${fmt(expected.messages)} messages (${fmt(expected.accepted + expected.rejected)} points) in ${publishSeconds.toFixed(1)} s; ${failed} publishes failed; drained in ${drainSeconds.toFixed(1)} s after the last publish`);
    const achieved = (expected.accepted + expected.rejected) / publishSeconds;
    const ingested = load.length ? load[load.length - 1]!.points / load[load.length - 1]!.t : NaN;
    console.log(`rate: target ${fmt(targetRate)} points/s; published ${fmt(achieved)} (${(achieved / targetRate).toFixed(3)}× target); committed by the workers during the load ${fmt(ingested)} points/s (${(ingested / targetRate).toFixed(3)}× target)`);
    console.log(`backlog during the load: mean ${fmt(mean(load.map((s) => s.backlog)))} messages, max ${fmt(Math.max(...load.map((s) => s.backlog)))}; JetStream pending max ${fmt(Math.max(...load.map((s) => (Number.isNaN(s.jsPending) ? 0 : s.jsPending))))}`);
    console.log(`totals: stored messages ${stored.messages} / ${expected.messages}, accepted ${stored.accepted} / ${expected.accepted}, rejected ${stored.rejected} / ${expected.rejected}, quarantined ${quarantined}, partition marks sum ${marks}: ${exact ? 'EXACT' : 'MISMATCH'}`);
    console.log('');
    console.log('memory (baseline = the same worker\'s first minute; flatness = last minute / first minute; slope = least squares over the load, and over the load after the first minute)');
    for (let w = 0; w < workers; w++) {
      const pick = (ss: readonly Sample[], f: (m: WorkerMetrics) => number): number[] => ss.flatMap((s) => {
        const m = s.workers[w];
        return m ? [f(m)] : [];
      });
      const rss = (ss: readonly Sample[]) => pick(ss, (m) => m.rss / MB);
      const heap = (ss: readonly Sample[]) => pick(ss, (m) => m.heapUsed / MB);
      const xs = (ss: readonly Sample[]) => ss.filter((s) => s.workers[w]).map((s) => s.t / 60);
      const warm = load.filter((s) => s.t > 60);
      console.log(
        `worker ${w}: RSS first minute ${mean(rss(firstMin)).toFixed(1)} MB, last minute ${mean(rss(lastMin)).toFixed(1)} MB, flatness ${(mean(rss(lastMin)) / mean(rss(firstMin))).toFixed(3)}×, ` +
          `max ${Math.max(...rss(load)).toFixed(1)} MB; slope ${slope(xs(load), rss(load)).toFixed(2)} MB/min (after minute 1: ${slope(xs(warm), rss(warm)).toFixed(2)} MB/min); ` +
          `heap used first ${mean(heap(firstMin)).toFixed(1)} MB, last ${mean(heap(lastMin)).toFixed(1)} MB, slope ${slope(xs(load), heap(load)).toFixed(2)} MB/min`,
      );
    }
    console.log(`this publisher process: RSS first minute ${mean(firstMin.map((s) => s.benchRss / MB)).toFixed(1)} MB, last minute ${mean(lastMin.map((s) => s.benchRss / MB)).toFixed(1)} MB`);
    const restarts = events.filter((e) => /exited|rebuilding/.test(e));
    const lastSample = samples[samples.length - 1];
    console.log(`pulls ended by missed heartbeats (processed as short batches, no rebuild): ${(lastSample?.workers ?? []).map((m, w) => `worker ${w} ${m?.heartbeatMisses ?? 'n/a'}`).join(', ')}`);
    console.log(`worker events (restarts, partition rebuilds): ${restarts.length}${restarts.length ? `\n  ${restarts.slice(0, 20).join('\n  ')}` : ''}`);

    const csvRows: Record<string, Cell>[] = samples.map((s) => {
      const r: Record<string, Cell> = { t_s: Number(s.t.toFixed(1)), published_messages: s.published, committed_messages: s.committedMessages, points_committed: s.points, points_per_s: Math.round(s.rate), backlog_messages: s.backlog, jetstream_pending: Number.isNaN(s.jsPending) ? null : s.jsPending };
      for (let w = 0; w < workers; w++) {
        r[`w${w}_rss_mb`] = memOf(s, w, 'rss');
        r[`w${w}_heap_used_mb`] = memOf(s, w, 'heapUsed');
      }
      r.publisher_rss_mb = Number((s.benchRss / MB).toFixed(2));
      return r;
    });
    writeFileSync(csvPath, toCsv(csvRows));
    writeFileSync(svgPath, chart(samples));
    console.log(`curve: ${csvPath} (${samples.length} samples), plot: ${svgPath}`);

    if (copySeconds > 0) {
      const count = Math.round(targetRate * copySeconds);
      const frames = generateFleet({ vehicles, messagesPerVehicle: Math.ceil(count / pointsPerMessage / vehicles) + 1, rows, signals, withInvalid: true, now });
      const rate = await copyBaseline(frames, count);
      console.log(`reference: PostgreSQL COPY of ${fmt(count)} of the same raw points (vin, path, ts, value), one connection: ${fmt(rate)} rows/s wall; soak target / COPY = ${(targetRate / rate).toFixed(3)}`);
    }
    console.log('shared 2-core machine with other jobs running: rates and memory are as measured under that load');
  } finally {
    if (supervisor && supervisor.exitCode === null) {
      const exited = new Promise((ok) => supervisor!.once('exit', ok));
      supervisor.kill('SIGTERM');
      await exited;
    }
    await deleteStreams(nats, t);
    await nats.nc.close();
    await store.close();
    await dropPostgresSchema(dbUrl, schema);
  }
  process.exitCode = exitCode;
}

await main();
