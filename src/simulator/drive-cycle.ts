import type { Rng } from '../kernel';
import type { Powertrain } from '../domain';
import { clamp } from './weighted';

/** Kinds of road a trip segment runs on; each has its own speed and stop pattern. */
export type RoadType = 'urban' | 'arterial' | 'rural' | 'highway';

interface RoadSpec {
  /** Mean and spread of the cruising speed, km/h. */
  speed: number;
  speedSd: number;
  /** Mean distance between stops (m) and mean stop length (s); Infinity = no stops. */
  stopSpacing: number;
  idleMean: number;
}

export const roadSpecs: Record<RoadType, RoadSpec> = {
  urban: { speed: 35, speedSd: 9, stopSpacing: 700, idleMean: 14 },
  arterial: { speed: 54, speedSd: 9, stopSpacing: 1800, idleMean: 16 },
  rural: { speed: 70, speedSd: 10, stopSpacing: 6000, idleMean: 10 },
  highway: { speed: 104, speedSd: 10, stopSpacing: Infinity, idleMean: 0 },
};

export interface Segment {
  road: RoadType;
  km: number;
}

/** How a driver drives: scales speeds and accelerations (impulsive drivers accelerate harder). */
export interface DriverStyle {
  speedFactor: number;
  accelMax: number;
  decel: number;
}

/** One kinematic sample. Speed km/h, acceleration m/s², engine or motor rpm, heading in degrees. */
export interface KinematicSample {
  tMs: number;
  speedKmh: number;
  accel: number;
  rpm: number;
  lat: number;
  lon: number;
  heading: number;
  road: RoadType;
  /** Metres since the trip started. */
  distanceM: number;
}

/**
 * Gearbox of a 5-speed compact: rpm per km/h in each gear and the speed (km/h) from which
 * the driver uses it; calibrated on the carOBD logs (1.5 L Toyota Etios).
 */
const gears: readonly { ratio: number; from: number }[] = [
  { ratio: 120, from: 0 }, { ratio: 55, from: 12 }, { ratio: 45, from: 25 }, { ratio: 36, from: 40 }, { ratio: 29.5, from: 65 },
];
const idleRpm = 800;

export function engineRpm(speedKmh: number, accel: number, rng: Rng): number {
  if (speedKmh < 3) return Math.round(idleRpm + 60 * rng.normal());
  let gear = gears.length - 1;
  while (gear > 0 && (gears[gear]?.from ?? 0) > speedKmh) gear--;
  if (accel > 0.9 && gear > 0) gear--;
  const rpm = (gears[gear]?.ratio ?? 30) * speedKmh * (1 + 0.04 * rng.normal());
  return Math.round(clamp(rpm, idleRpm, 6500));
}

/** Single-reduction electric drive: ~72 motor rpm per km/h. */
export const motorRpm = (speedKmh: number): number => Math.round(speedKmh * 72.2);

const expDraw = (rng: Rng, mean: number): number => -Math.log(1 - rng.next()) * mean;

/**
 * Drives a trip through its segments with a time step of `dtS` seconds: speed follows a
 * wandering target, decelerates into stops (lights, junctions), idles, and pulls away.
 */
export function* driveTrip(
  input: { segments: readonly Segment[]; startMs: number; lat: number; lon: number; powertrain: Powertrain; style: DriverStyle; dtS: number },
  rng: Rng,
): Generator<KinematicSample> {
  const { style, dtS } = input;
  let v = 0; // m/s
  let lat = input.lat, lon = input.lon;
  let heading = rng.next() * 360;
  let t = input.startMs;
  let distance = 0;
  let idle = 5 + expDraw(rng, 10); // engine start and warm-up
  const sample = (road: RoadType, accel: number): KinematicSample => {
    const kmh = v * 3.6;
    return {
      tMs: Math.round(t),
      speedKmh: Math.round(kmh * 10) / 10,
      accel: Math.round(accel * 100) / 100,
      rpm: input.powertrain === 'bev' ? motorRpm(kmh) : engineRpm(kmh, accel, rng),
      lat: Math.round(lat * 1e6) / 1e6,
      lon: Math.round(lon * 1e6) / 1e6,
      heading: Math.round(heading * 10) / 10,
      road,
      distanceM: Math.round(distance),
    };
  };
  for (let s = 0; s < input.segments.length; s++) {
    const seg = input.segments[s];
    if (!seg) continue;
    const spec = roadSpecs[seg.road];
    const last = s === input.segments.length - 1;
    const segEnd = distance + seg.km * 1000;
    const drawTarget = (): number => Math.max(8, (spec.speed + spec.speedSd * rng.normal()) * style.speedFactor) / 3.6;
    let target = drawTarget();
    let nextStop = distance + (Number.isFinite(spec.stopSpacing) ? expDraw(rng, spec.stopSpacing) : Infinity);
    let retarget = expDraw(rng, 12);
    let congestion = 0;
    while (distance < segEnd) {
      let a = 0;
      if (idle > 0) {
        idle -= dtS;
        v = 0;
      } else {
        const stopAt = last ? Math.min(nextStop, segEnd) : nextStop;
        const gap = stopAt - distance;
        const brakeDist = (v * v) / (2 * style.decel) + 3;
        if (gap <= brakeDist) {
          a = -Math.min(style.decel * 1.15, (v * v) / (2 * Math.max(gap, 0.5)));
        } else {
          retarget -= dtS;
          if (retarget <= 0) {
            target = drawTarget();
            retarget = expDraw(rng, 12);
            if (seg.road === 'highway' && rng.next() < 0.04) congestion = expDraw(rng, 120);
          }
          const goal = congestion > 0 ? target * 0.35 : target;
          congestion = Math.max(0, congestion - dtS);
          a = clamp(0.12 * (goal - v), -style.decel, style.accelMax * (v < 8 ? 1 : 0.6)) + 0.05 * rng.normal();
        }
        v = Math.max(0, v + a * dtS);
        if (v < 0.3 && gap <= brakeDist) {
          v = 0;
          if (stopAt < segEnd || !last) {
            idle = expDraw(rng, spec.idleMean);
            nextStop = distance + (Number.isFinite(spec.stopSpacing) ? 20 + expDraw(rng, spec.stopSpacing) : Infinity);
          } else {
            distance = segEnd;
          }
        }
        const step = v * dtS;
        distance += step;
        heading = (heading + (seg.road === 'highway' ? 0.3 : 2) * rng.normal() * dtS + 360) % 360;
        const rad = (heading * Math.PI) / 180;
        lat = clamp(lat + (step * Math.cos(rad)) / 111_320, -89.9, 89.9);
        lon = ((lon + (step * Math.sin(rad)) / (111_320 * Math.max(0.1, Math.cos((lat * Math.PI) / 180))) + 540) % 360) - 180;
      }
      t += dtS * 1000;
      yield sample(seg.road, a);
      if (idle > 0 && idle < dtS && last && distance >= segEnd) break;
    }
  }
  const tail = 2 + rng.int(4);
  for (let i = 0; i < tail; i++) {
    v = 0;
    t += dtS * 1000;
    yield sample('urban', 0);
  }
}
