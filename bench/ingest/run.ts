/**
 * Ingest benchmark: points per second per core from payload bytes to updated
 * features, for the compact binary frame, its JSON twin and the simple NDJSON
 * format, against storing the same raw points with PostgreSQL COPY.
 *
 *   npx tsx bench/ingest/run.ts [--vehicles 1000] [--minutes 10] [--copy-rows 1000000]
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { fixedClock, makeVin } from '../../src/kernel';
import { createIngestor, createMemoryQuarantine, encodeCompactBatch, encodeCompactJson, loadVssCatalog, type CompactBatch } from '../../src/telemetry';

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const vehicles = arg('vehicles', 1000);
const minutes = arg('minutes', 10);
const simpleMinutes = arg('simple-minutes', 1);
const copyRows = arg('copy-rows', 1_000_000);
const rows = 50; // 50 rows × 16 signals = 800 points per vehicle-minute (the design load)

const signals: [string, (i: number, v: number) => number][] = [
  ['Vehicle.Speed', (i, v) => 40 + 30 * Math.sin((i + v) / 9)],
  ['Vehicle.Acceleration.Longitudinal', (i) => Math.sin(i / 3)],
  ['Vehicle.Powertrain.CombustionEngine.Speed', (i) => 1800 + 400 * Math.sin(i / 5)],
  ['Vehicle.Powertrain.CombustionEngine.EngineCoolant.Temperature', () => 88],
  ['Vehicle.Chassis.Axle.Row1.Wheel.Left.Tire.Pressure', () => 240],
  ['Vehicle.Chassis.Axle.Row1.Wheel.Right.Tire.Pressure', () => 238],
  ['Vehicle.Chassis.Axle.Row2.Wheel.Left.Tire.Pressure', () => 236],
  ['Vehicle.Chassis.Axle.Row2.Wheel.Right.Tire.Pressure', () => 241],
  ['Vehicle.Powertrain.TractionBattery.StateOfCharge.Current', (i) => 80 - i / 50],
  ['Vehicle.Powertrain.TractionBattery.StateOfHealth', () => 93.5],
  ['Vehicle.ADAS.ActiveAutonomyLevel', (i) => (i % 20 < 10 ? 3 : 0)],
  ['Vehicle.ADAS.CruiseControl.IsActive', (i) => (i % 20 < 10 ? 1 : 0)],
  ['Vehicle.Trailer.IsConnected', () => 0],
  ['Vehicle.CurrentOverallWeight', () => 1650],
  ['Vehicle.Service.DistanceToService', (i) => 5000 - i / 100],
  ['Vehicle.LowVoltageBattery.CurrentVoltage', () => 13.8],
];
const paths = signals.map((s) => s[0]);
const table = loadVssCatalog();
const now = Date.parse('2026-11-20T12:00:00Z');
const start = now - (minutes + 1) * 60_000;
const vins = Array.from({ length: vehicles }, (_, v) => makeVin('1FC', 'BENCH', 'T', 'A', v + 1));

function batchFor(v: number, m: number): CompactBatch {
  const ts = Float64Array.from({ length: rows }, (_, i) => i * 1200);
  const columns = signals.map(([, f]) => Float64Array.from({ length: rows }, (_, i) => f(m * rows + i, v)));
  return { vin: vins[v] as string, t0: start + m * 60_000, seq: m, paths, ts, columns };
}

const mb = (n: number) => `${(n / 1048576).toFixed(0)} MB`;
const mem = () => {
  const m = process.memoryUsage();
  return `rss ${mb(m.rss)}, heap ${mb(m.heapUsed)}`;
};

function measure(label: string, payloads: readonly (Uint8Array | string)[], ingest: (p: Uint8Array | string) => { accepted: number; rejected: number }): { rate: number; wall: number } {
  // warm-up pass on a fresh ingestor is done by the caller; here one timed pass
  let accepted = 0;
  let rejected = 0;
  let bytes = 0;
  const t = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  for (const p of payloads) {
    const r = ingest(p);
    accepted += r.accepted;
    rejected += r.rejected;
    bytes += typeof p === 'string' ? p.length : p.byteLength;
  }
  const s = Number(process.hrtime.bigint() - t) / 1e9;
  const c = process.cpuUsage(cpu0);
  const cpuS = (c.user + c.system) / 1e6;
  const rate = accepted / cpuS;
  console.log(
    `${label.padEnd(30)} ${accepted.toLocaleString('en')} points (${rejected} rejected): wall ${s.toFixed(3)} s = ${(accepted / s / 1e6).toFixed(2)} M/s; ` +
      `CPU ${cpuS.toFixed(3)} s = ${(rate / 1e6).toFixed(2)} M points per CPU-second; ${(bytes / accepted).toFixed(1)} B/point; ${mem()}`,
  );
  if (rejected > 0) throw new Error(`${label}: unexpected rejections`);
  return { rate, wall: accepted / s };
}

function freshIngestor() {
  return createIngestor({ table, sink: createMemoryQuarantine(), clock: fixedClock(new Date(now)) });
}

/** utime + stime of a local process in seconds, or null when /proc does not have it. */
function backendCpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

async function copyBaseline(points: number): Promise<{ rate: number; wallRate: number; backendRate: number }> {
  for (const user of ['postgres', 'root']) {
    const client = new pg.Client({ host: '127.0.0.1', port: 5432, database: 'test', user });
    try {
      await client.connect();
    } catch {
      continue;
    }
    try {
      await client.query('CREATE TEMP TABLE bench_raw_points (vin text, path text, ts timestamptz, value double precision)');
      const perVehicle = Math.ceil(points / (rows * signals.length));
      function* lines(): Generator<string> {
        let n = 0;
        let chunk = '';
        for (let m = 0; n < points; m++)
          for (let v = 0; v < Math.min(vehicles, perVehicle) && n < points; v++) {
            const b = batchFor(v, m % minutes);
            for (let i = 0; i < rows; i++) {
              const ts = new Date(b.t0 + (b.ts[i] as number)).toISOString();
              for (let k = 0; k < paths.length && n < points; k++, n++) chunk += `${b.vin}\t${paths[k]}\t${ts}\t${(b.columns[k] as Float64Array)[i]}\n`;
            }
            if (chunk.length > 1 << 20) {
              yield chunk;
              chunk = '';
            }
          }
        if (chunk) yield chunk;
      }
      // Prepare the text first so that only COPY is timed.
      const chunks = Array.from(lines());
      const pid = Number((await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
      const b0 = backendCpuSeconds(pid);
      const c0 = process.cpuUsage();
      const t = process.hrtime.bigint();
      await pipeline(Readable.from(chunks), client.query(copyFrom('COPY bench_raw_points FROM STDIN')));
      const s = Number(process.hrtime.bigint() - t) / 1e9;
      const c = process.cpuUsage(c0);
      const b1 = backendCpuSeconds(pid);
      const count = Number((await client.query('SELECT count(*) AS n FROM bench_raw_points')).rows[0].n);
      await client.query('DROP TABLE bench_raw_points');
      // CPU of the COPY: the server backend (from /proc when it runs on this machine) plus this client.
      const cpuS = (b0 !== null && b1 !== null ? b1 - b0 : 0) + (c.user + c.system) / 1e6;
      const rate = count / cpuS;
      console.log(
        `${'baseline: PostgreSQL COPY'.padEnd(30)} ${count.toLocaleString('en')} rows (user ${user}): wall ${s.toFixed(3)} s = ${(count / s / 1e6).toFixed(2)} M/s; ` +
          `CPU ${cpuS.toFixed(3)} s (backend ${b0 !== null && b1 !== null ? (b1 - b0).toFixed(3) : 'n/a'} s + client) = ${(rate / 1e6).toFixed(2)} M rows per CPU-second`,
      );
      const backendRate = b0 !== null && b1 !== null && b1 > b0 ? count / (b1 - b0) : NaN;
      return { rate, wallRate: count / s, backendRate };
    } finally {
      await client.end();
    }
  }
  throw new Error('PostgreSQL at 127.0.0.1:5432 (database test, user postgres or root) is not reachable');
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${vehicles} vehicles, ${rows * signals.length} points per vehicle-minute, one core (single thread)`);
  const frames: Uint8Array[] = [];
  for (let m = 0; m < minutes; m++) for (let v = 0; v < vehicles; v++) frames.push(encodeCompactBatch(batchFor(v, m)));
  const jsonBatches: string[] = [];
  const ndjson: string[] = [];
  for (let m = 0; m < simpleMinutes; m++)
    for (let v = 0; v < vehicles; v++) {
      const b = batchFor(v, m);
      jsonBatches.push(encodeCompactJson(b));
      let s = '';
      for (let i = 0; i < rows; i++)
        for (let k = 0; k < paths.length; k++) {
          const path = paths[k] as string;
          const raw = (b.columns[k] as Float64Array)[i] as number;
          const sid = table.ids.get(path) as number;
          const allowed = table.allowed[sid];
          const value = allowed ? allowed[raw] : table.datatype[sid] === 'boolean' ? raw === 1 : raw;
          s += `${JSON.stringify({ vin: b.vin, path, value, ts: b.t0 + (b.ts[i] as number), seq: (m * rows + i) * paths.length + k })}\n`;
        }
      ndjson.push(s);
    }
  console.log(`payloads ready; ${mem()}`);

  // Warm up the JIT on a separate ingestor, then measure on fresh ones.
  const warm = freshIngestor();
  for (const f of frames.slice(0, Math.min(frames.length, 2000))) warm.ingestCompact(f);
  for (const j of jsonBatches.slice(0, 200)) warm.ingestCompactJson(j);
  for (const n of ndjson.slice(0, 50)) warm.ingestSimple(n);

  const compact = freshIngestor();
  const { rate: compactRate, wall: compactWall } = measure('compact binary frames', frames, (p) => compact.ingestCompact(p as Uint8Array));
  const stateBytes = vehicles * (compact.engine.slabSize * 8 + 1024);
  console.log(`feature state: ${compact.engine.slabSize} float64 per vehicle + 1 KiB seq window = ${(stateBytes / vehicles).toFixed(0)} B/vehicle`);
  const cj = freshIngestor();
  const { rate: compactJsonRate } = measure('compact JSON twin', jsonBatches, (p) => cj.ingestCompactJson(p));
  const simple = freshIngestor();
  const { rate: simpleRate } = measure('simple NDJSON (1 point/line)', ndjson, (p) => simple.ingestSimple(p));
  const copy = await copyBaseline(copyRows);
  const copyRate = copy.rate;

  console.log('');
  console.log('rates are per CPU-second (= per core) unless marked wall; the machine is shared, so wall-clock rates are lower and noisier');
  for (const [label, r] of [['compact binary', compactRate], ['compact JSON  ', compactJsonRate], ['simple NDJSON ', simpleRate]] as const)
    console.log(`ratio ${label} / COPY: ${(r / copyRate).toFixed(1)}x (vs COPY backend CPU only: ${(r / copy.backendRate).toFixed(1)}x)`);
  console.log(`wall-clock ratio compact binary / COPY: ${(compactWall / copy.wallRate).toFixed(1)}x`);
  console.log(`target ≥ 5 M points/s per core on compact: ${compactRate >= 5e6 ? 'met' : 'NOT met'}; target ≥ 10x COPY: ${compactRate >= 10 * copyRate && compactRate >= 10 * copy.backendRate ? 'met' : 'NOT met'}`);
}

await main();
