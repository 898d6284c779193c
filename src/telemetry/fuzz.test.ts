import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeCompactBatch } from './compact-batch';
import { testIngestor, testNow, vinA, vinB } from './test-helpers';

const mutations = [
  (p: Record<string, unknown>) => ({ ...p, path: 'Vehicle.Nope' }),
  (p: Record<string, unknown>) => ({ ...p, value: 'x' }),
  (p: Record<string, unknown>) => ({ ...p, ts: 0 }),
  (p: Record<string, unknown>) => ({ ...p, vin: 'NOT-A-VIN' }),
  (p: Record<string, unknown>) => ({ ...p, value: 1e9 }),
] as const;

const pointArb = fc.record({
  speed: fc.double({ min: 0, max: 250, noNaN: true }),
  vin: fc.constantFrom(vinA, vinB),
  mutate: fc.option(fc.integer({ min: 0, max: mutations.length - 1 }), { freq: 3 }),
  truncate: fc.boolean(),
});

describe('fuzz: ingest never throws and never loses an accepted point', () => {
  it('random text and bytes in every format', () => {
    const { ingestor, quarantine } = testIngestor();
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.uint8Array({ maxLength: 300 })), (input) => {
        const before = quarantine.total();
        let rejected = 0;
        const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
        for (const r of [ingestor.ingestSimple(bytes), ingestor.ingestCompact(bytes), ingestor.ingestCompactJson(bytes)]) {
          expect(r.offered).toBe(r.accepted + r.rejected);
          rejected += r.rejected;
        }
        expect(quarantine.total() - before).toBe(rejected);
      }),
      { numRuns: 300 },
    );
  });

  it('mutated NDJSON: exactly the intact points are accepted, every other line is quarantined', () => {
    fc.assert(
      fc.property(fc.array(pointArb, { minLength: 1, maxLength: 60 }), (specs) => {
        const { ingestor, quarantine } = testIngestor();
        let intact = 0;
        const lines = specs.map((s, i) => {
          const base = { vin: s.vin, path: 'Vehicle.Speed', value: s.speed, ts: testNow - 60_000 + i * 100, seq: i };
          const m = s.mutate === null ? base : (mutations[s.mutate] as (p: Record<string, unknown>) => Record<string, unknown>)(base);
          const line = JSON.stringify(m);
          if (s.truncate && s.mutate !== null) return line.slice(0, Math.max(1, line.length - 7));
          if (s.mutate === null) intact++;
          return line;
        });
        const r = ingestor.ingestSimple(lines.join('\n'));
        expect(r.accepted).toBe(intact);
        expect(r.rejected).toBe(specs.length - intact);
        expect(quarantine.total()).toBe(r.rejected);
      }),
      { numRuns: 200 },
    );
  });

  it('bit-flipped compact frames never throw and counts add up', () => {
    const n = 20;
    const frame = encodeCompactBatch({
      vin: vinA,
      t0: testNow - 60_000,
      seq: 1,
      paths: ['Vehicle.Speed', 'Vehicle.Trailer.IsConnected'],
      ts: Float64Array.from({ length: n }, (_, i) => i * 1000),
      columns: [Float64Array.from({ length: n }, (_, i) => i * 3), Float64Array.from({ length: n }, (_, i) => i % 2)],
    });
    fc.assert(
      fc.property(fc.array(fc.record({ at: fc.nat(frame.length - 1), bit: fc.nat(7) }), { maxLength: 8 }), fc.nat(frame.length), (flips, cut) => {
        const { ingestor, quarantine } = testIngestor();
        const bytes = frame.slice(0, Math.max(1, cut === 0 ? frame.length : cut));
        for (const f of flips) if (f.at < bytes.length) bytes[f.at] = (bytes[f.at] as number) ^ (1 << f.bit);
        const r = ingestor.ingestCompact(bytes);
        expect(r.offered).toBe(r.accepted + r.rejected);
        expect(quarantine.total()).toBe(r.rejected);
        expect(r.accepted).toBeLessThanOrEqual(2 * n);
      }),
      { numRuns: 300 },
    );
  });
});
