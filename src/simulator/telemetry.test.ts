import { describe, expect, it } from 'vitest';
import { createRng } from '../kernel';
import { loadShippedScenario } from './scenario-io';
import { fleetTelemetry, interleavedTelemetry } from './telemetry-stream';
import { driveTrip } from './drive-cycle';
import { driverStyle, planTrip } from './trip-plan';
import { drivingStats, type SpeedTrace } from './driving-stats';
import { readCarObdTrips } from './carobd-io';
import { readVssCatalog } from './vss-catalog-io';
import { TelemetryPoint, vssSignals } from './vss-signals';

const demo = loadShippedScenario('demo');

describe('telemetry in VSS terms', () => {
  const catalog = readVssCatalog();
  it('uses only VSS 6.0 paths, with the catalog unit', () => {
    for (const s of Object.values(vssSignals)) {
      const node = catalog.get(s.path);
      expect(node, s.path).toBeDefined();
      expect(node?.unit ?? null, s.path).toBe(s.unit);
    }
  });
  const points = [...fleetTelemetry(demo, { seed: 3, vehicles: 4, days: 2 })];
  it('emits schema-valid points inside catalog ranges, with per-vehicle increasing seq', () => {
    expect(points.length).toBeGreaterThan(10_000);
    const lastSeq = new Map<string, number>();
    const lastTs = new Map<string, number>();
    for (let i = 0; i < points.length; i += 50) TelemetryPoint.parse(points[i]);
    const problems: string[] = [];
    for (const p of points) {
      const node = catalog.get(p.path);
      if (!node) { problems.push(`unknown ${p.path}`); continue; }
      if (typeof p.value === 'number') {
        if (node.min !== undefined && p.value < node.min) problems.push(`${p.path}=${p.value} < ${node.min}`);
        if (node.max !== undefined && p.value > node.max) problems.push(`${p.path}=${p.value} > ${node.max}`);
        if (node.datatype?.startsWith('uint') && (p.value < 0 || !Number.isInteger(p.value))) problems.push(`${p.path}=${p.value} not ${node.datatype}`);
      }
      if (p.seq <= (lastSeq.get(p.vin) ?? -1)) problems.push(`seq ${p.seq} of ${p.vin} not increasing`);
      lastSeq.set(p.vin, p.seq);
      const t = Date.parse(p.ts);
      if (t < (lastTs.get(p.vin) ?? 0)) problems.push(`ts ${p.ts} of ${p.vin} goes back`);
      lastTs.set(p.vin, t);
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });
  it('merges vehicles in time order for live streaming, losing nothing', () => {
    const live = [...interleavedTelemetry(demo, { seed: 3, vehicles: 4, days: 2 })];
    expect(live).toHaveLength(points.length);
    let back = 0, switches = 0;
    for (let i = 1; i < live.length; i++) {
      if (Date.parse(live[i]?.ts ?? '') < Date.parse(live[i - 1]?.ts ?? '')) back++;
      if (live[i]?.vin !== live[i - 1]?.vin) switches++;
    }
    expect(back).toBe(0);
    expect(switches).toBeGreaterThan(3); // vehicle after vehicle would switch exactly 3 times
  });
  it('is byte-identical for the same seed', () => {
    const again = [...fleetTelemetry(demo, { seed: 3, vehicles: 4, days: 2 })];
    expect(JSON.stringify(again)).toBe(JSON.stringify(points));
  });
  it('meets the design load of about 800 points per vehicle per driving minute', () => {
    const first = points.filter((p) => p.vin === points[0]?.vin && p.path === 'Vehicle.Speed');
    const a = Date.parse(first[0]?.ts ?? ''), b = Date.parse(first[1]?.ts ?? '');
    const perMinute = (60_000 / (b - a)) * 8; // eight fast signals per kinematic step
    expect(perMinute).toBeGreaterThan(700);
    expect(perMinute).toBeLessThan(900);
  });
});

describe('calibration against the real carOBD trips (1 Hz, Toyota Etios, Brazil)', () => {
  const real = drivingStats(readCarObdTrips());
  const rng = createRng('calibration');
  const traces: SpeedTrace[] = [];
  for (let i = 0; i < 60; i++) {
    const speedKmh: number[] = [], rpm: number[] = [];
    const style = driverStyle(0.6 * rng.next(), false);
    for (const s of driveTrip({ segments: planTrip('mixed', rng), startMs: 0, lat: 48, lon: 2, powertrain: 'ice', style, dtS: 1 }, rng)) {
      speedKmh.push(s.speedKmh);
      rpm.push(s.rpm);
    }
    traces.push({ speedKmh, rpm });
  }
  const sim = drivingStats(traces);

  it('has enough data on both sides', () => {
    expect(real.samples).toBeGreaterThan(90_000);
    expect(sim.samples).toBeGreaterThan(50_000);
  });
  it('matches speed quantiles within 8 km/h and idle share within 3 points', () => {
    for (const k of ['q25', 'q50', 'q75', 'q90'] as const) expect(Math.abs(sim.speed[k] - real.speed[k]), k).toBeLessThanOrEqual(8);
    expect(Math.abs(sim.idleShare - real.idleShare)).toBeLessThanOrEqual(0.03);
  });
  it('matches |acceleration| quantiles (5 s differences) within 0.07 / 0.15 / 0.15 / 0.15 m/s²', () => {
    expect(Math.abs(sim.absAccel.q50 - real.absAccel.q50)).toBeLessThanOrEqual(0.07);
    expect(Math.abs(sim.absAccel.q75 - real.absAccel.q75)).toBeLessThanOrEqual(0.15);
    expect(Math.abs(sim.absAccel.q90 - real.absAccel.q90)).toBeLessThanOrEqual(0.15);
    expect(Math.abs(sim.absAccel.q99 - real.absAccel.q99)).toBeLessThanOrEqual(0.15);
  });
  it('matches median engine rpm per speed band within 15 %', () => {
    const bands = Object.keys(real.rpmBySpeed);
    expect(bands.length).toBeGreaterThanOrEqual(6);
    for (const b of bands) {
      const r = real.rpmBySpeed[b] ?? 0, s = sim.rpmBySpeed[b];
      expect(s, b).toBeDefined();
      expect(Math.abs((s ?? 0) - r) / r, b).toBeLessThanOrEqual(0.15);
    }
  });
});
