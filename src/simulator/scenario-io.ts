import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ForecourtError, repoRoot } from '../kernel';
import { parseScenario, type Scenario } from './scenario';

/** Reads and validates a scenario file (JSON). */
export function loadScenario(path: string): Scenario {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ForecourtError('CONFIG_INVALID', `Cannot read scenario ${path}: ${(err as Error).message}`);
  }
  return parseScenario(raw);
}

/** A scenario shipped in the repository's scenarios/ folder, by name (`demo`, `us-ca`, `de-fr`, `uk`). */
export function loadShippedScenario(name: string): Scenario {
  return loadScenario(resolve(repoRoot(), 'scenarios', `${name}.json`));
}

/** A scenario by shipped name (`demo`) or by file path (`./my-market.json`), for the CLI. */
export function resolveScenario(nameOrPath: string): Scenario {
  return /^[a-z0-9][a-z0-9-]*$/.test(nameOrPath) ? loadShippedScenario(nameOrPath) : loadScenario(nameOrPath);
}
