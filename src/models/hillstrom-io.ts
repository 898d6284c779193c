import { readFileSync } from 'node:fs';
import { sharedDir } from '../kernel';
import { parseHillstrom, type HillstromDataset } from './hillstrom';

/** Default location: ../shared/data/hillstrom/hillstrom.csv (read in place, never copied). */
export function hillstromPath(): string {
  return sharedDir('data', 'hillstrom', 'hillstrom.csv');
}

export function loadHillstrom(path: string = hillstromPath()): HillstromDataset {
  return parseHillstrom(readFileSync(path, 'utf8'));
}
