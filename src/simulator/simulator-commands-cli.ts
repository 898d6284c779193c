import { resolve } from 'node:path';
import type { Command } from 'commander';
import mqtt from 'mqtt';
import { createProgress, type CliIo } from '../cli';
import { ForecourtError } from '../kernel';
import { topicFor } from '../telemetry';
import { runEvaluate } from './evaluate-cli';
import { resolveScenario } from './scenario-io';
import { runSimulate } from './simulate-cli';
import { streamTelemetry } from './telemetry-stream';

function int(name: string, raw: string | undefined, min = 0): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new ForecourtError('CONFIG_INVALID', `--${name} must be an integer ≥ ${min}, got ${raw}`);
  return n;
}

export interface PublishOptions {
  scenario: string;
  seed: number;
  vehicles?: number | undefined;
  days: number;
  /** mqtt://… publishes to v1/tlm/<vin>/points; http(s)://… POSTs NDJSON to the ingest endpoint. */
  url: string;
  apiKey?: string | undefined;
  pointsPerSecond: number;
  /** Stop after this many points (0 = all). */
  limit: number;
  onProgress?: (sent: number) => void;
}

/**
 * Streaming mode: simulated telemetry, in time order across the fleet, sent at
 * a chosen rate to an MQTT broker or to the HTTP ingest. Returns points sent.
 */
export async function publishTelemetry(opts: PublishOptions): Promise<{ points: number; messages: number }> {
  const scenario = resolveScenario(opts.scenario);
  const url = new URL(opts.url);
  const isMqtt = url.protocol === 'mqtt:' || url.protocol === 'mqtts:' || url.protocol === 'ws:' || url.protocol === 'wss:';
  if (!isMqtt && url.protocol !== 'http:' && url.protocol !== 'https:') throw new ForecourtError('CONFIG_INVALID', `--publish must be an mqtt:// or http(s):// URL, got ${url.protocol}`);
  const client = isMqtt ? await mqtt.connectAsync(opts.url, { clientId: `forecourt-sim-${process.pid}`, reconnectPeriod: 0 }) : undefined;
  let points = 0;
  let messages = 0;
  try {
    const batches = streamTelemetry(scenario, { seed: opts.seed, vehicles: opts.vehicles, days: opts.days, pointsPerSecond: opts.pointsPerSecond, batch: 500, order: 'time' });
    for await (const batch of batches) {
      const take = opts.limit > 0 ? batch.slice(0, Math.max(0, opts.limit - points)) : batch;
      if (take.length === 0) break;
      if (client) {
        const byVin = new Map<string, string[]>();
        for (const p of take) {
          const list = byVin.get(p.vin) ?? [];
          list.push(JSON.stringify(p));
          byVin.set(p.vin, list);
        }
        for (const [vin, lines] of byVin) {
          await client.publishAsync(topicFor(vin, 'points'), `${lines.join('\n')}\n`, { qos: 1 });
          messages++;
        }
      } else {
        const res = await fetch(opts.url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-ndjson', ...(opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {}) },
          body: `${take.map((p) => JSON.stringify(p)).join('\n')}\n`,
        });
        if (!res.ok) throw new ForecourtError('STORE_UNAVAILABLE', `ingest answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
        messages++;
      }
      points += take.length;
      opts.onProgress?.(points);
      if (opts.limit > 0 && points >= opts.limit) break;
    }
  } finally {
    await client?.endAsync();
  }
  return { points, messages };
}

/** `forecourt simulate` and `forecourt evaluate`. */
export function registerSimulatorCommands(program: Command, io: CliIo): void {
  program.command('simulate')
    .description('Generate a seeded synthetic market: files (batch mode) or a live telemetry stream to MQTT or the HTTP ingest')
    .option('--scenario <name|path>', 'shipped scenario (demo, us-ca, de-fr, uk) or a scenario file', 'demo')
    .option('--vehicles <n>', 'fleet size (default: the scenario\'s)')
    .option('--seed <n>', 'random seed: the same scenario and seed give byte-identical output', '1')
    .option('--out <dir>', 'output folder for batch mode', 'simulation')
    .option('--days <n>', 'days of telemetry and V2X', '1')
    .option('--telemetry-vehicles <n>', 'batch mode: how many vehicles get telemetry')
    .option('--publish <url>', 'streaming mode: mqtt://host:1883 or http://host:8080/api/v1/telemetry')
    .option('--api-key <key>', 'streaming to HTTP: an API key of a telematics_gateway')
    .option('--rate <pointsPerSecond>', 'streaming mode: points per second (0 = as fast as possible)', '2000')
    .option('--limit <points>', 'streaming mode: stop after this many points (0 = all)', '0')
    .action(async (f: { scenario: string; vehicles?: string; seed: string; out: string; days: string; telemetryVehicles?: string; publish?: string; apiKey?: string; rate: string; limit: string }) => {
      const seed = int('seed', f.seed)!;
      const vehicles = int('vehicles', f.vehicles, 1);
      const days = int('days', f.days)!;
      if (f.publish) {
        const limit = int('limit', f.limit)!;
        const bar = createProgress('publishing telemetry');
        const r = await publishTelemetry({ scenario: f.scenario, seed, vehicles, days: Math.max(1, days), url: f.publish, apiKey: f.apiKey, pointsPerSecond: int('rate', f.rate)!, limit, onProgress: (n) => bar.update(n, limit > 0 ? limit : n) });
        bar.stop();
        io.out(`published ${r.points} points in ${r.messages} messages to ${f.publish}`);
        return;
      }
      const bar = createProgress('simulating');
      const r = await runSimulate({ scenarioPath: f.scenario, seed, vehicles, out: resolve(f.out), telemetryDays: days, telemetryVehicles: int('telemetry-vehicles', f.telemetryVehicles), onProgress: (p) => bar.update(p.done, p.total, p.phase) });
      bar.stop();
      io.out(`wrote ${Object.entries(r.files).map(([k, v]) => `${k} (${v})`).join(', ')} to ${r.out}`);
    });

  program.command('evaluate')
    .description('Run strategies over simulated months and score them against the hidden truth (table, JSON and SVG plot)')
    .option('--scenario <name|path>', 'shipped scenario or scenario file', 'demo')
    .option('--seed <n>', 'random seed', '1')
    .option('--months <n>', 'simulated months', '36')
    .option('--vehicles <n>', 'simulated fleet size (default: enough owners per dealer for capacity to matter)')
    .option('--out <dir>', 'where scorecard.json, scorecard.txt and scorecard.svg go', 'scorecard')
    .action(async (f: { scenario: string; seed: string; months: string; vehicles?: string; out: string }) => {
      const bar = createProgress('evaluating');
      const r = await runEvaluate({ scenarioPath: f.scenario, seed: int('seed', f.seed)!, months: int('months', f.months, 1)!, vehicles: int('vehicles', f.vehicles, 1), out: resolve(f.out), onProgress: (p) => bar.update(p.done, p.total, `${p.strategy} month ${p.month}/${p.months}`) });
      bar.stop();
      io.out(r.table);
      io.out(`\nwrote ${r.files.json}, ${r.files.text} and ${r.files.svg}`);
    });
}
