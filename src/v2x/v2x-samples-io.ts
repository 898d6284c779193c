import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { sharedDir } from '../kernel';

/** Every decoded sample under shared/data/v2x (JSON and NDJSON; the schemas folder and hex text files excluded). */
export function listV2xSampleFiles(): string[] {
  const root = sharedDir('data', 'v2x');
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'schemas') walk(p);
      } else if (/\.(nd)?json$/.test(e.name)) out.push(relative(root, p));
    }
  };
  walk(root);
  return out.sort();
}

export interface SampleRecord {
  line: number;
  text: string;
  value: unknown;
  parseError: string | null;
}

/** Reads one sample file as records: a whole JSON document, or one JSON value per line. */
export function readV2xSample(file: string): SampleRecord[] {
  const text = readFileSync(sharedDir('data', 'v2x', file), 'utf8').replace(/^\uFEFF/, '');
  try {
    return [{ line: 1, text, value: JSON.parse(text) as unknown, parseError: null }];
  } catch {
    return text
      .split('\n')
      .map((l, i) => ({ l, i }))
      .filter(({ l }) => l.trim() !== '')
      .map(({ l, i }) => {
        try {
          return { line: i + 1, text: l, value: JSON.parse(l) as unknown, parseError: null };
        } catch (e) {
          return { line: i + 1, text: l, value: undefined, parseError: (e as Error).message };
        }
      });
  }
}

/** The raw lines of one conflict-monitor replay split (`bsm`, `spat` or `map`). */
export function readConflictMonitorLines(kind: 'bsm' | 'spat' | 'map'): string[] {
  return readFileSync(sharedDir('data', 'v2x', 'jpo-conflictmonitor', `ApproachAndStopAtLine-through.${kind}.ndjson`), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
}
