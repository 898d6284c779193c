import type { Rng } from '../kernel';
import type { DrivingProfile } from './hidden/owner-traits';
import type { DriverStyle, RoadType, Segment } from './drive-cycle';
import { clamp } from './weighted';

/** `mixed` reproduces the carOBD recordings (mixed city and highway driving) for calibration. */
export type TripPattern = DrivingProfile | 'mixed';

const expDraw = (rng: Rng, mean: number): number => -Math.log(1 - rng.next()) * mean;

/** Road-type weights of the middle of a trip and its mean length (km) per pattern. */
const patterns: Record<TripPattern, { roads: Record<RoadType, number>; km: number }> = {
  mixed: { roads: { urban: 0.45, arterial: 0.32, rural: 0.2, highway: 0.03 }, km: 14 },
  urban: { roads: { urban: 0.7, arterial: 0.3, rural: 0, highway: 0 }, km: 6 },
  highway_commuter: { roads: { urban: 0.1, arterial: 0.15, rural: 0.05, highway: 0.7 }, km: 28 },
  towing: { roads: { urban: 0.2, arterial: 0.2, rural: 0.45, highway: 0.15 }, km: 30 },
  ev_fast_charging: { roads: { urban: 0.15, arterial: 0.15, rural: 0.1, highway: 0.6 }, km: 45 },
  long_trips: { roads: { urban: 0.05, arterial: 0.1, rural: 0.3, highway: 0.55 }, km: 120 },
  night_driving: { roads: { urban: 0.4, arterial: 0.4, rural: 0.1, highway: 0.1 }, km: 15 },
};

const roadTypes: readonly RoadType[] = ['urban', 'arterial', 'rural', 'highway'];

/** A trip as segments: a short urban start and end around a middle drawn from the pattern. */
export function planTrip(pattern: TripPattern, rng: Rng): Segment[] {
  const p = patterns[pattern];
  const total = clamp(expDraw(rng, p.km) + 1, 1, p.km * 5);
  const segments: Segment[] = [{ road: 'urban', km: Math.min(1.5, total * 0.1) }];
  let left = total * 0.85;
  while (left > 0.2) {
    let r = rng.next();
    let road: RoadType = 'urban';
    for (const t of roadTypes) {
      r -= p.roads[t];
      if (r < 0) { road = t; break; }
    }
    const km = Math.min(left, 0.5 + expDraw(rng, road === 'highway' ? 20 : road === 'rural' ? 8 : 3));
    segments.push({ road, km });
    left -= km;
  }
  segments.push({ road: 'urban', km: Math.min(1.5, total * 0.05) + 0.2 });
  return segments;
}

/** Driving style from impulsiveness (0..1): harder acceleration and a bit faster. */
export function driverStyle(impulsiveness: number, towing: boolean): DriverStyle {
  return {
    speedFactor: (0.92 + 0.16 * impulsiveness) * (towing ? 0.88 : 1),
    accelMax: (0.35 + 0.4 * impulsiveness) * (towing ? 0.6 : 1),
    decel: 0.45 + 0.35 * impulsiveness,
  };
}
