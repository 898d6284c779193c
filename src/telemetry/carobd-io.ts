import { readdirSync, readFileSync } from 'node:fs';
import { sharedDir } from '../kernel';

/** Names of the carOBD trips in the shared data folder (e.g. 'drive1', 'long3'). */
export function listCarObdTrips(): string[] {
  return readdirSync(sharedDir('data', 'telemetry', 'carobd'))
    .filter((f) => f.endsWith('.csv'))
    .map((f) => f.replace(/\.csv$/, ''))
    .sort();
}

export function readCarObdTrip(name: string): string {
  return readFileSync(sharedDir('data', 'telemetry', 'carobd', `${name}.csv`), 'utf8');
}
