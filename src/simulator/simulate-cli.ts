import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { resolveScenario } from './scenario-io';
import { streamMarket } from './generate-market';
import { generateReleases } from './releases';
import { fleetTelemetry } from './telemetry-stream';
import { fleetV2x } from './v2x-stream';
import { openNdjson } from './ndjson-io';

export interface SimulateProgress {
  phase: 'network' | 'fleet' | 'releases' | 'telemetry' | 'v2x';
  done: number;
  total: number;
}

export interface SimulateOptions {
  /** A scenario file path, or the name of a shipped scenario (demo, us-ca, de-fr, uk). */
  scenarioPath: string;
  /** Fleet size; defaults to the scenario's. */
  vehicles?: number;
  seed: number;
  /** Output directory (created). */
  out: string;
  /** Days of telemetry and V2X to write (0 = none). Default 1. */
  telemetryDays?: number;
  /** How many vehicles (the first N) get telemetry and V2X in batch mode. Default min(vehicles, 20). */
  telemetryVehicles?: number;
  pointsPerMinute?: number;
  /** Months of OTA releases to generate. Default 36. */
  releaseMonths?: number;
  onProgress?: (p: SimulateProgress) => void;
}

export interface SimulateSummary {
  out: string;
  /** Rows written per file. */
  files: Record<string, number>;
}

/**
 * Batch mode: writes the market as NDJSON files (one entity per line), streaming the fleet
 * in chunks so that 1M vehicles stay in bounded memory, plus releases, telemetry and V2X.
 */
export async function runSimulate(opts: SimulateOptions): Promise<SimulateSummary> {
  const scenario = resolveScenario(opts.scenarioPath);
  mkdirSync(opts.out, { recursive: true });
  const files: Record<string, number> = {};
  const progress = opts.onProgress ?? (() => undefined);
  const writeAll = async (name: string, rows: Iterable<unknown>): Promise<void> => {
    const w = openNdjson(join(opts.out, name));
    for (const r of rows) await w.write(r);
    await w.close();
    files[name] = w.rows;
  };

  const stream = streamMarket(scenario, { seed: opts.seed, vehicles: opts.vehicles });
  const n = stream.network;
  progress({ phase: 'network', done: 0, total: 7 });
  await writeAll('markets.ndjson', n.markets);
  await writeAll('tenants.ndjson', n.tenants);
  await writeAll('dealers.ndjson', n.dealers);
  await writeAll('stock.ndjson', n.stock);
  await writeAll('vehicle-models.ndjson', n.models);
  await writeAll('trims.ndjson', n.trims);
  await writeAll('hardware-variants.ndjson', n.hardwareVariants);
  progress({ phase: 'network', done: 7, total: 7 });

  const vehicles = openNdjson(join(opts.out, 'vehicles.ndjson'));
  const owners = openNdjson(join(opts.out, 'owners.ndjson'));
  const consents = openNdjson(join(opts.out, 'consents.ndjson'));
  for (const chunk of stream.chunks(1000)) {
    for (const v of chunk.vehicles) await vehicles.write(v);
    for (const o of chunk.owners) await owners.write(o);
    for (const c of chunk.consents) await consents.write(c);
    progress({ phase: 'fleet', done: chunk.offset + chunk.vehicles.length, total: stream.count });
  }
  for (const [name, w] of [['vehicles.ndjson', vehicles], ['owners.ndjson', owners], ['consents.ndjson', consents]] as const) {
    await w.close();
    files[name] = w.rows;
  }

  const releases = generateReleases(scenario, opts.seed, opts.releaseMonths ?? 36);
  await writeAll('releases.ndjson', releases);
  progress({ phase: 'releases', done: releases.length, total: releases.length });

  const days = opts.telemetryDays ?? 1;
  const tv = Math.min(stream.count, opts.telemetryVehicles ?? 20);
  if (days > 0 && tv > 0) {
    const tel = openNdjson(join(opts.out, 'telemetry.ndjson'));
    let lastVin = '';
    let seen = 0;
    for (const p of fleetTelemetry(scenario, { seed: opts.seed, vehicles: tv, days, pointsPerMinute: opts.pointsPerMinute })) {
      if (p.vin !== lastVin) {
        lastVin = p.vin;
        progress({ phase: 'telemetry', done: seen++, total: tv });
      }
      await tel.write(p);
    }
    await tel.close();
    files['telemetry.ndjson'] = tel.rows;
    progress({ phase: 'telemetry', done: tv, total: tv });
    await writeAll('v2x.ndjson', fleetV2x(scenario, { seed: opts.seed, vehicles: tv, days }));
    progress({ phase: 'v2x', done: tv, total: tv });
  }
  return { out: opts.out, files };
}
