import { readFileSync } from 'node:fs';
import { ForecourtError } from '../kernel';

export { withCliStore, withStoreFlags, type StoreFlags } from '../cli';

export function readTextFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new ForecourtError('VALIDATION_FAILED', `cannot read ${path}: ${(err as Error).message}`);
  }
}

export function readJsonFile(path: string): unknown {
  const text = readTextFile(path);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ForecourtError('VALIDATION_FAILED', `${path} is not valid JSON: ${(err as Error).message}`);
  }
}

export function positiveInt(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new ForecourtError('VALIDATION_FAILED', `${name} must be a positive integer`);
  return n;
}
