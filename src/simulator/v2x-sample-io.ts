import { readFileSync } from 'node:fs';
import { sharedDir } from '../kernel';

/** Reads a decoded J2735 sample from ../shared/data/v2x: one JSON document, or NDJSON. */
export function readNdjsonFile(relative: string): unknown[] {
  const text = readFileSync(sharedDir('data', 'v2x', relative), 'utf8').replace(/^\uFEFF/, '');
  try {
    return [JSON.parse(text) as unknown];
  } catch {
    return text.split('\n').filter((l) => l.trim().length > 0).map((l) => JSON.parse(l) as unknown);
  }
}
