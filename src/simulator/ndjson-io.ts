import { createWriteStream, mkdtempSync, readFileSync, rmSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';

/** An NDJSON file writer that respects back-pressure, so memory stays bounded however much is written. */
export interface NdjsonWriter {
  write(row: unknown): Promise<void>;
  close(): Promise<void>;
  readonly rows: number;
}

export function openNdjson(path: string): NdjsonWriter {
  const stream: WriteStream = createWriteStream(path, { encoding: 'utf8' });
  let rows = 0;
  return {
    get rows() { return rows; },
    async write(row) {
      rows++;
      if (!stream.write(`${JSON.stringify(row)}\n`)) await once(stream, 'drain');
    },
    async close() {
      stream.end();
      await once(stream, 'finish');
    },
  };
}

/** Reads an NDJSON file back (tests and small files only: it holds the whole file). */
export function readNdjson(path: string): unknown[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as unknown);
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

/** A fresh temporary directory (tests). */
export function makeTempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(path: string): void {
  rmSync(path, { recursive: true, force: true });
}
