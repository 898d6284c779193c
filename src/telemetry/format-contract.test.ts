import { describe, expect, it } from 'vitest';
import { makeVin } from '../kernel';
import { carObdToPoints, carObdToVss } from './carobd-adapter';
import { readCarObdTrip } from './carobd-io';
import { encodeCompactBatch, encodeCompactJson, type CompactBatch } from './compact-batch';
import type { Ingestor } from './ingestor';
import { testIngestor, testNow } from './test-helpers';

/** The same real trip sent as simple NDJSON, binary compact frames and compact JSON must give identical features. */
describe('format contract: simple and compact give the same features', () => {
  const vin = makeVin('9BW', 'ET1XS', 'E', 'A', 5);
  const points = carObdToPoints(readCarObdTrip('long3'), { vin, t0: testNow - 3 * 3_600_000 });
  const paths = Object.values(carObdToVss);

  function batches(): CompactBatch[] {
    const byTs = new Map<number, Map<string, number>>();
    for (const p of points) {
      let row = byTs.get(p.ts);
      if (!row) byTs.set(p.ts, (row = new Map()));
      row.set(p.path, p.value);
    }
    const times = [...byTs.keys()].sort((a, b) => a - b);
    const out: CompactBatch[] = [];
    for (let i = 0; i < times.length; i += 60) {
      const slice = times.slice(i, i + 60);
      const t0 = slice[0] as number;
      out.push({
        vin,
        t0,
        seq: out.length,
        paths,
        ts: Float64Array.from(slice, (t) => t - t0),
        columns: paths.map((path) => Float64Array.from(slice, (t) => byTs.get(t)?.get(path) ?? NaN)),
      });
    }
    return out;
  }

  const read = (ing: Ingestor) => {
    const rec = ing.vehicle(vin);
    return rec ? ing.engine.read(rec.features) : [];
  };

  it('matches feature by feature', () => {
    const simple = testIngestor().ingestor;
    const ndjson = points.map((p) => JSON.stringify(p)).join('\n');
    expect(simple.ingestSimple(ndjson).accepted).toBe(points.length);

    const binary = testIngestor().ingestor;
    const json = testIngestor().ingestor;
    let accB = 0;
    let accJ = 0;
    for (const b of batches()) {
      accB += binary.ingestCompact(encodeCompactBatch(b)).accepted;
      accJ += json.ingestCompactJson(encodeCompactJson(b)).accepted;
    }
    expect(accB).toBe(points.length);
    expect(accJ).toBe(points.length);
    expect(read(binary)).toEqual(read(simple));
    expect(read(json)).toEqual(read(simple));
    expect(read(simple).find((f) => f.code === 'distance_per_week')?.reading.detail?.km).toBeGreaterThan(10);
  });
});
