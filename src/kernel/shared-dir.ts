import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (two levels above this file). */
export function repoRoot(): string {
  return resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
}

/**
 * Where the shared public data lives: `../shared` beside the checkout (as in CI),
 * or FORECOURT_SHARED_DIR. The data is read in place, never copied into the repo.
 */
export function sharedDir(...parts: string[]): string {
  const base = process.env.FORECOURT_SHARED_DIR ?? resolve(repoRoot(), '../shared');
  return resolve(base, ...parts);
}
