import { quantile } from 'simple-statistics';

/** A 1 Hz trace of speed (km/h) and engine rpm, from the simulator or from real logs. */
export interface SpeedTrace {
  speedKmh: readonly number[];
  rpm: readonly number[];
}

export interface DrivingStats {
  samples: number;
  /** Speed quantiles, km/h, over all samples. */
  speed: { q25: number; q50: number; q75: number; q90: number };
  /** |acceleration| quantiles in m/s², from speed differences over `windowS` seconds (carOBD refreshes speed every ~4 s). */
  absAccel: { q50: number; q75: number; q90: number; q99: number };
  /** Share of samples standing still (speed < 1 km/h). */
  idleShare: number;
  /** Median engine rpm per speed band (km/h), for bands with at least 50 samples. */
  rpmBySpeed: Record<string, number>;
}

export const speedBands: readonly (readonly [number, number])[] = [[0, 1], [1, 20], [20, 40], [40, 60], [60, 80], [80, 100], [100, 140]];

export function drivingStats(traces: readonly SpeedTrace[], windowS = 5): DrivingStats {
  const speeds: number[] = [];
  const acc: number[] = [];
  const bands: number[][] = speedBands.map(() => []);
  for (const tr of traces) {
    for (let i = 0; i < tr.speedKmh.length; i++) {
      const v = tr.speedKmh[i] ?? 0;
      speeds.push(v);
      const b = speedBands.findIndex(([lo, hi]) => v >= lo && v < hi);
      if (b >= 0) bands[b]?.push(tr.rpm[i] ?? 0);
      if (i >= windowS) acc.push(Math.abs(v - (tr.speedKmh[i - windowS] ?? 0)) / 3.6 / windowS);
    }
  }
  const q = (xs: number[], p: number): number => (xs.length === 0 ? 0 : quantile(xs, p));
  const rpmBySpeed: Record<string, number> = {};
  speedBands.forEach(([lo, hi], i) => {
    const xs = bands[i] ?? [];
    if (xs.length >= 50) rpmBySpeed[`${lo}-${hi}`] = q(xs, 0.5);
  });
  return {
    samples: speeds.length,
    speed: { q25: q(speeds, 0.25), q50: q(speeds, 0.5), q75: q(speeds, 0.75), q90: q(speeds, 0.9) },
    absAccel: { q50: q(acc, 0.5), q75: q(acc, 0.75), q90: q(acc, 0.9), q99: q(acc, 0.99) },
    idleShare: speeds.filter((v) => v < 1).length / Math.max(1, speeds.length),
    rpmBySpeed,
  };
}
