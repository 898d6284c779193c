import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { IngestResult, Ingestor } from './ingestor';
import { emptyReasonCounts } from './reject-reasons';

function merge(into: IngestResult, r: IngestResult): void {
  into.offered += r.offered;
  into.accepted += r.accepted;
  into.rejected += r.rejected;
  for (const k of Object.keys(r.byReason) as (keyof IngestResult['byReason'])[]) into.byReason[k] += r.byReason[k];
  for (const v of r.vins) if (!into.vins.includes(v)) into.vins.push(v);
}

/**
 * Replays a file into the ingestor: NDJSON (simple records, streamed in
 * chunks of `linesPerChunk` lines) or a file of concatenated compact frames
 * (`.fcb`). The format follows the extension unless given.
 */
export async function replayFile(ingestor: Ingestor, path: string, opts: { format?: 'ndjson' | 'compact'; linesPerChunk?: number; onProgress?: (bytesRead: number) => void } = {}): Promise<IngestResult> {
  const format = opts.format ?? (path.endsWith('.fcb') ? 'compact' : 'ndjson');
  const total: IngestResult = { offered: 0, accepted: 0, rejected: 0, byReason: emptyReasonCounts(), vins: [] };
  if (format === 'compact') {
    const bytes = new Uint8Array(readFileSync(path));
    merge(total, ingestor.ingestCompact(bytes, { transport: 'file' }));
    opts.onProgress?.(bytes.length);
    return total;
  }
  const per = opts.linesPerChunk ?? 1000;
  let chunk: string[] = [];
  const input = createReadStream(path, { encoding: 'utf8' });
  const rl = createInterface({ input, crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.trim() === '') continue;
    chunk.push(line);
    if (chunk.length >= per) {
      merge(total, ingestor.ingestSimple(chunk.join('\n') + '\n', { transport: 'file' }));
      chunk = [];
      opts.onProgress?.(input.bytesRead);
    }
  }
  if (chunk.length > 0) merge(total, ingestor.ingestSimple(chunk.join('\n') + '\n', { transport: 'file' }));
  opts.onProgress?.(input.bytesRead);
  return total;
}
