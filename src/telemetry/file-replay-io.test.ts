import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeVin } from '../kernel';
import { carObdToPoints } from './carobd-adapter';
import { readCarObdTrip } from './carobd-io';
import { encodeCompactBatch } from './compact-batch';
import { replayFile } from './file-replay-io';
import { testIngestor, testNow, vinB } from './test-helpers';

const dir = mkdtempSync(join(tmpdir(), 'forecourt-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('file replay', () => {
  it('replays an NDJSON file made from a real carOBD trip, with one corrupt line', async () => {
    const vin = makeVin('9BW', 'ET1XS', 'E', 'A', 77);
    const points = carObdToPoints(readCarObdTrip('drive5'), { vin, t0: testNow - 3_600_000 });
    const lines = points.map((p) => JSON.stringify(p));
    lines.splice(100, 0, '{"vin": broken');
    const file = join(dir, 'drive5.ndjson');
    writeFileSync(file, lines.join('\n'));
    const { ingestor, quarantine } = testIngestor();
    const r = await replayFile(ingestor, file, { linesPerChunk: 250 });
    expect(r.accepted).toBe(points.length);
    expect(r.byReason.malformed_payload).toBe(1);
    expect(quarantine.entries()[0]?.transport).toBe('file');
  });

  it('replays a file of concatenated compact frames', async () => {
    const frames = [1, 2, 3].map((seq) =>
      encodeCompactBatch({ vin: vinB, t0: testNow - 60_000 + seq * 5000, seq, paths: ['Vehicle.Speed'], ts: Float64Array.from([0, 1000, 2000]), columns: [Float64Array.from([10, 20, 30])] }),
    );
    const file = join(dir, 'batches.fcb');
    writeFileSync(file, Buffer.concat(frames.map((f) => Buffer.from(f))));
    const { ingestor } = testIngestor();
    const r = await replayFile(ingestor, file);
    expect([r.accepted, r.rejected]).toEqual([9, 0]);
  });
});
