import { createRng, type Rng } from '../kernel';
import type { Powertrain } from '../domain';
import type { DrivingProfile } from './hidden/owner-traits';
import { driveTrip } from './drive-cycle';
import { driverStyle, planTrip } from './trip-plan';
import { ageCondition, type VehicleCondition } from './vehicle-condition';
import { vssSignals, type TelemetryPoint } from './vss-signals';

/** What a trip needs to know about its vehicle and driver (simulator-internal: carries the profile). */
export interface TripDriver {
  vin: string;
  powertrain: Powertrain;
  adasLevel: number;
  profile: DrivingProfile;
  impulsiveness: number;
  homeLat: number;
  homeLon: number;
}

export interface TelemetryOptions {
  /** Points per vehicle per driving minute (design load 800). */
  pointsPerMinute: number;
}

/** Fast signals sampled at every kinematic step. */
const fastSignals = 8;

/** Seconds between kinematic samples so that fast signals alone make `pointsPerMinute`. */
export const stepSeconds = (pointsPerMinute: number): number => (60 * fastSignals) / Math.max(fastSignals, pointsPerMinute);

/** Sequence counter per vehicle, carried across trips. */
export interface SeqCounter {
  next: number;
}

/**
 * One trip of one vehicle as VSS points: kinematics, ADAS engagement, trailer, tyre
 * pressures, pad wear, battery, trouble codes, and the load change at the stop.
 * Mutates `condition` (wear, faults, charge) as the trip goes.
 */
export function* tripTelemetry(driver: TripDriver, condition: VehicleCondition, startMs: number, seq: SeqCounter, opts: TelemetryOptions, rng: Rng): Generator<TelemetryPoint> {
  const point = (key: keyof typeof vssSignals, value: TelemetryPoint['value'], tMs: number): TelemetryPoint =>
    ({ vin: driver.vin, path: vssSignals[key].path, value, ts: new Date(tMs).toISOString(), seq: seq.next++ });
  const towing = driver.profile === 'towing' && rng.next() < 0.6;
  const electric = driver.powertrain === 'bev' || driver.powertrain === 'phev';
  const segments = planTrip(driver.profile, rng);
  const dtS = stepSeconds(opts.pointsPerMinute);

  yield point('trailer', towing, startMs);
  yield point('padFront', Math.round(condition.padWear[0]), startMs);
  yield point('padRear', Math.round(condition.padWear[1]), startMs);
  yield point('dtcCount', condition.dtcs.length, startMs);
  if (condition.dtcs.length > 0) yield point('dtcList', [...condition.dtcs], startMs);
  if (electric) yield point('soh', Math.round(condition.sohPct * 10) / 10, startMs);

  let cruise = false;
  const cruiseUser = driver.adasLevel >= 1 && (driver.profile === 'highway_commuter' || driver.profile === 'long_trips' || rng.next() < 0.3);
  let stops = 0;
  let lastSlow = -Infinity;
  let lastMs = startMs;
  let lastDistance = 0;
  let moving = false;
  const kwhPerKm = driver.powertrain === 'bev' ? 0.18 : 0.2;
  const capacityKwh = driver.powertrain === 'bev' ? 75 : 18;
  for (const s of driveTrip({ segments, startMs, lat: driver.homeLat, lon: driver.homeLon, powertrain: driver.powertrain, style: driverStyle(driver.impulsiveness, towing), dtS }, rng)) {
    const rpmKey = driver.powertrain === 'bev' ? 'motorRpm' : 'engineRpm';
    yield point('speed', s.speedKmh, s.tMs);
    yield point('accel', s.accel, s.tMs);
    yield point(rpmKey, s.rpm, s.tMs);
    yield point('lat', s.lat, s.tMs);
    yield point('lon', s.lon, s.tMs);
    yield point('heading', s.heading, s.tMs);
    yield point('moving', s.speedKmh > 0.5, s.tMs);
    yield point('distance', Math.round(condition.odometerKm * 1000 + s.distanceM), s.tMs);
    if (moving && s.speedKmh <= 0.5) stops++;
    moving = s.speedKmh > 0.5;
    const wantCruise: boolean = cruiseUser && s.road === 'highway' && (cruise ? s.speedKmh > 60 : s.speedKmh > 75);
    if (wantCruise !== cruise) {
      cruise = wantCruise;
      yield point('cruise', cruise, s.tMs);
      if (driver.adasLevel >= 2) yield point('autonomy', cruise ? `SAE_${Math.min(driver.adasLevel, 2)}` : 'SAE_0', s.tMs);
    }
    if (s.tMs - lastSlow >= 30_000) {
      lastSlow = s.tMs;
      yield point('tyreFL', Math.round(condition.tyreKpa[0]), s.tMs);
      yield point('tyreFR', Math.round(condition.tyreKpa[1]), s.tMs);
      yield point('tyreRL', Math.round(condition.tyreKpa[2]), s.tMs);
      yield point('tyreRR', Math.round(condition.tyreKpa[3]), s.tMs);
      if (electric) {
        condition.socPct = Math.max(3, condition.socPct - ((s.distanceM - lastDistance) / 1000) * kwhPerKm / capacityKwh * 100);
        lastDistance = s.distanceM;
        yield point('soc', Math.round(condition.socPct * 10) / 10, s.tMs);
      }
    }
    lastMs = s.tMs;
  }
  const km = segments.reduce((a, g) => a + g.km, 0);
  ageCondition(condition, km, { stops, towing, minutes: (lastMs - startMs) / 60_000 }, driver.powertrain, rng);

  // Load change after the stop: shopping in, luggage out, tools for towing.
  if (rng.next() < 0.35) {
    const t = lastMs + 60_000;
    condition.loadKg = Math.max(0, Math.round(condition.loadKg + (rng.next() < 0.6 ? 1 : -1) * (10 + rng.int(60)) * (towing ? 2 : 1)));
    yield point('trunkOpen', true, t);
    yield point('weight', 1500 + condition.loadKg, t + 30_000);
    yield point('trunkOpen', false, t + 90_000);
  }
  if (electric) yield* chargingSession(driver, condition, lastMs + 200_000, point, rng);
}

function* chargingSession(
  driver: TripDriver, condition: VehicleCondition, startMs: number,
  point: (key: keyof typeof vssSignals, value: TelemetryPoint['value'], tMs: number) => TelemetryPoint, rng: Rng,
): Generator<TelemetryPoint> {
  const fast = driver.profile === 'ev_fast_charging' ? condition.socPct < 60 : condition.socPct < 20 && rng.next() < 0.3;
  const slow = !fast && (condition.socPct < 50 || rng.next() < 0.15);
  if (!fast && !slow) return;
  const capacityKwh = driver.powertrain === 'bev' ? 75 : 18;
  const kw = fast ? 90 + rng.int(60) : 7 + rng.int(4);
  const target = fast ? 80 : 90 + rng.int(10);
  let t = startMs;
  yield point('charging', true, t);
  while (condition.socPct < target) {
    t += 60_000;
    const taper = condition.socPct > 70 ? 0.5 : 1;
    condition.socPct = Math.min(100, condition.socPct + (kw * taper) / 60 / capacityKwh * 100);
    yield point(fast ? 'chargeDc' : 'chargeAc', Math.round(fast ? kw * taper * 1000 / 400 : 32 * taper), t);
    if ((t - startMs) % 300_000 === 0) yield point('soc', Math.round(condition.socPct * 10) / 10, t);
  }
  yield point('soc', Math.round(condition.socPct * 10) / 10, t);
  yield point('charging', false, t + 1000);
  condition.sohPct = Math.max(50, condition.sohPct - (fast ? 0.004 : 0.001));
}

/** Local hour at which a trip starts, by profile. */
export function tripStartHour(profile: DrivingProfile, nightShare: number, rng: Rng): number {
  if (rng.next() < nightShare) return (22 + rng.int(7)) % 24;
  if (profile === 'highway_commuter') return rng.pick([7, 8, 17, 18]);
  return 8 + rng.int(12);
}

/** Deterministic rng for one vehicle's telemetry on one day. */
export const dayRng = (seed: number, index: number, day: number): Rng => createRng(`${seed}/telemetry/${index}/${day}`);
