import type { Scenario } from './scenario';
import type { TelemetryPoint } from './vss-signals';
import { MinHeap } from './min-heap';
import { prepareMarket, simulateFleet } from './generate-market';
import type { SimulatedVehicle } from './fleet';
import { initialCondition } from './vehicle-condition';
import { dayRng, tripStartHour, tripTelemetry, type SeqCounter, type TripDriver } from './telemetry';

export interface TelemetryRunOptions {
  seed: number;
  vehicles?: number;
  /** First simulated day (default: the scenario's start). */
  fromMs?: number;
  days: number;
  /** Points per vehicle per driving minute; defaults to the scenario's. */
  pointsPerMinute?: number;
}

const meanTripKm: Record<string, number> = { urban: 6, highway_commuter: 28, towing: 30, ev_fast_charging: 45, long_trips: 120, night_driving: 15 };

/** All telemetry of one vehicle over `days` days, in time order. */
export function* vehicleTelemetry(sim: SimulatedVehicle, fromMs: number, days: number, seed: number, pointsPerMinute: number): Generator<TelemetryPoint> {
  const { traits } = sim.truth;
  const driver: TripDriver = {
    vin: sim.vehicle.vin, powertrain: sim.truth.powertrain, adasLevel: sim.truth.adasLevel,
    profile: traits.profile, impulsiveness: traits.impulsiveness, homeLat: sim.truth.homeLat, homeLon: sim.truth.homeLon,
  };
  const condition = initialCondition(sim.vehicle.odometerKm, sim.truth.powertrain, dayRng(seed, sim.index, -1));
  const seq: SeqCounter = { next: 0 };
  const tripsPerDay = traits.annualKm / 365 / (meanTripKm[traits.profile] ?? 15);
  for (let d = 0; d < days; d++) {
    const rng = dayRng(seed, sim.index, d);
    const dayStart = fromMs + d * 86_400_000;
    let trips = 0;
    for (let p = Math.exp(-tripsPerDay), u = rng.next(); u > p && trips < 8; trips++) u *= rng.next();
    const hours = Array.from({ length: trips }, () => tripStartHour(traits.profile, traits.nightShare, rng)).sort((a, b) => a - b);
    let notBefore = dayStart;
    for (const h of hours) {
      const start = Math.max(notBefore, dayStart + h * 3_600_000 + rng.int(3_600_000));
      let last = start;
      for (const pt of tripTelemetry(driver, condition, start, seq, { pointsPerMinute }, rng)) {
        last = Date.parse(pt.ts);
        yield pt;
      }
      notBefore = last + 10 * 60_000;
    }
  }
}

/** Telemetry of the whole fleet, vehicle after vehicle; holds one vehicle's state at a time. */
export function* fleetTelemetry(scenario: Scenario, opts: TelemetryRunOptions): Generator<TelemetryPoint> {
  const { ctx, count } = prepareMarket(scenario, { seed: opts.seed, vehicles: opts.vehicles });
  const from = opts.fromMs ?? Date.parse(scenario.startsAt);
  const ppm = opts.pointsPerMinute ?? scenario.telemetry.pointsPerMinute;
  for (const sim of simulateFleet(ctx, count)) yield* vehicleTelemetry(sim, from, opts.days, opts.seed, ppm);
}

/**
 * Telemetry of the fleet merged in time order across vehicles, as a live feed would arrive
 * (ties broken by vehicle index). Holds one generator per vehicle: meant for live demos of up
 * to some thousands of vehicles; use fleetTelemetry for bulk files.
 */
export function* interleavedTelemetry(scenario: Scenario, opts: TelemetryRunOptions): Generator<TelemetryPoint> {
  const { ctx, count } = prepareMarket(scenario, { seed: opts.seed, vehicles: opts.vehicles });
  const from = opts.fromMs ?? Date.parse(scenario.startsAt);
  const ppm = opts.pointsPerMinute ?? scenario.telemetry.pointsPerMinute;
  type Head = { t: number; i: number; p: TelemetryPoint; gen: Generator<TelemetryPoint> };
  const heap = new MinHeap<Head>((a, b) => a.t < b.t || (a.t === b.t && a.i < b.i));
  for (const sim of simulateFleet(ctx, count)) {
    const gen = vehicleTelemetry(sim, from, opts.days, opts.seed, ppm);
    const first = gen.next();
    if (!first.done) heap.push({ t: Date.parse(first.value.ts), i: sim.index, p: first.value, gen });
  }
  for (let e = heap.pop(); e; e = heap.pop()) {
    yield e.p;
    const next = e.gen.next();
    if (!next.done) heap.push({ t: Date.parse(next.value.ts), i: e.i, p: next.value, gen: e.gen });
  }
}

/**
 * Streaming mode: an async iterator over telemetry batches at a chosen rate (points per second
 * of wall time; 0 = as fast as the consumer pulls). `order: 'time'` merges vehicles by timestamp
 * like a live feed; `'vehicle'` (default) streams vehicle after vehicle in bounded memory.
 * The caller pipes the batches into MQTT or the HTTP ingest.
 */
export async function* streamTelemetry(scenario: Scenario, opts: TelemetryRunOptions & { pointsPerSecond?: number; batch?: number; order?: 'vehicle' | 'time' }): AsyncGenerator<TelemetryPoint[]> {
  const batchSize = opts.batch ?? 500;
  const rate = opts.pointsPerSecond ?? 0;
  let batch: TelemetryPoint[] = [];
  const source = opts.order === 'time' ? interleavedTelemetry(scenario, opts) : fleetTelemetry(scenario, opts);
  for (const p of source) {
    batch.push(p);
    if (batch.length < batchSize) continue;
    yield batch;
    batch = [];
    if (rate > 0) await new Promise((r) => setTimeout(r, (1000 * batchSize) / rate));
  }
  if (batch.length > 0) yield batch;
}
