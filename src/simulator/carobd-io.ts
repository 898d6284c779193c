import { readdirSync, readFileSync } from 'node:fs';
import { sharedDir } from '../kernel';

/** One real carOBD trip: 1 Hz rows of vehicle speed (km/h) and engine rpm. */
export interface ObdTrip {
  file: string;
  speedKmh: number[];
  rpm: number[];
}

/**
 * Reads the carOBD logs in ../shared (read in place: the data has no licence to vendor).
 * Rows are "a, b, c," with a trailing comma; column 2 is ENGINE_RPM, column 3 VEHICLE_SPEED.
 */
export function readCarObdTrips(dir = sharedDir('data', 'telemetry', 'carobd')): ObdTrip[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((file) => {
      const speedKmh: number[] = [];
      const rpm: number[] = [];
      for (const line of readFileSync(`${dir}/${file}`, 'utf8').split('\n').slice(1)) {
        const cols = line.split(',');
        const r = Number(cols[1]);
        const v = Number(cols[2]);
        if (cols.length < 3 || !Number.isFinite(v) || !Number.isFinite(r)) continue;
        speedKmh.push(v);
        rpm.push(r);
      }
      return { file, speedKmh, rpm };
    });
}
