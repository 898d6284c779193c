import { describe, expect, it } from 'vitest';
import { encodeCompactBatch, encodeCompactJson, decodeCompactBatch, type CompactBatch } from './compact-batch';
import { ingestHttpBody } from './http-body';
import { loadVssCatalog } from './vss-catalog-io';
import { testIngestor, testNow, vinA, vinB } from './test-helpers';

const pt = (over: Record<string, unknown> = {}) => ({ vin: vinA, path: 'Vehicle.Speed', value: 50, ts: testNow - 1000, ...over });

describe('VSS catalog', () => {
  it('loads every leaf of VSS 6.0 with datatype bounds and allowed values', () => {
    const t = loadVssCatalog();
    expect(t.version).toBe('v6.0');
    expect(t.size).toBe(494 + 643 + 130);
    const soh = t.ids.get('Vehicle.Powertrain.TractionBattery.StateOfHealth') as number;
    expect([t.min[soh], t.max[soh], t.unit[soh]]).toEqual([0, 100, 'percent']);
    const pad = t.ids.get('Vehicle.Chassis.Axle.Row1.Wheel.Left.Brake.PadWear') as number;
    expect([t.min[pad], t.max[pad], t.integer[pad]]).toEqual([0, 100, 1]);
    expect(t.allowed[t.ids.get('Vehicle.ADAS.ActiveAutonomyLevel') as number]).toContain('SAE_2_DISENGAGING');
    expect(t.ids.has('Vehicle.ADAS')).toBe(false);
  });
});

describe('simple format validation', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['unknown path', { path: 'Vehicle.Warp.Speed' }, 'unknown_path'],
    ['branch path', { path: 'Vehicle.ADAS' }, 'unknown_path'],
    ['string for a float', { value: 'fast' }, 'datatype'],
    ['negative uint16 tyre pressure', { path: 'Vehicle.Chassis.Axle.Row1.Wheel.Left.Tire.Pressure', value: -5 }, 'out_of_range'],
    ['SoH 101 %', { path: 'Vehicle.Powertrain.TractionBattery.StateOfHealth', value: 101 }, 'out_of_range'],
    ['speed -5 km/h', { value: -5 }, 'out_of_range'],
    ['speed 900 km/h', { value: 900 }, 'out_of_range'],
    ['latitude 91', { path: 'Vehicle.CurrentLocation.Latitude', value: 91 }, 'out_of_range'],
    ['longitude -181', { path: 'Vehicle.CurrentLocation.Longitude', value: -181 }, 'out_of_range'],
    ['fractional uint8', { path: 'Vehicle.Chassis.Axle.Row1.Wheel.Left.Brake.PadWear', value: 2.5 }, 'datatype'],
    ['enum value not allowed', { path: 'Vehicle.ADAS.ActiveAutonomyLevel', value: 'SAE_9' }, 'not_allowed'],
    ['wrong unit', { unit: 'm/s' }, 'unit_mismatch'],
    ['1970 timestamp', { ts: 0 }, 'ts_invalid'],
    ['2100 timestamp', { ts: '2100-01-01T00:00:00Z' }, 'ts_invalid'],
    ['2 h in the future', { ts: testNow + 2 * 3_600_000 }, 'ts_future'],
    ['8 days old', { ts: testNow - 8 * 86_400_000 }, 'ts_stale'],
    ['bad VIN', { vin: '1HGCM82633A00435O' }, 'vin_invalid'],
    ['bad check digit', { vin: '1HGCM82603A004352' }, 'vin_invalid'],
    ['missing ts', { ts: undefined }, 'point_shape'],
    ['wrong schemaVersion', { schemaVersion: 2 }, 'schema_version'],
  ];
  for (const [name, over, reason] of cases) {
    it(`rejects ${name} as ${reason} and quarantines it`, () => {
      const { ingestor, quarantine } = testIngestor();
      const r = ingestor.ingestSimple(JSON.stringify(pt(over)));
      expect(r).toMatchObject({ offered: 1, accepted: 0, rejected: 1 });
      expect(r.byReason[reason as keyof typeof r.byReason]).toBe(1);
      expect(quarantine.entries()[0]?.reason).toBe(reason);
    });
  }

  it('accepts good points in every envelope and ISO timestamps', () => {
    const { ingestor } = testIngestor();
    expect(ingestor.ingestSimple(JSON.stringify(pt())).accepted).toBe(1);
    expect(ingestor.ingestSimple(JSON.stringify([pt({ seq: 1 }), pt({ seq: 2, ts: new Date(testNow).toISOString() })])).accepted).toBe(2);
    expect(ingestor.ingestSimple(JSON.stringify({ schemaVersion: 1, points: [pt({ path: 'Vehicle.ADAS.ActiveAutonomyLevel', value: 'SAE_2' })] })).accepted).toBe(1);
    expect(ingestor.ingestSimple(JSON.stringify({ schemaVersion: 3, points: [pt(), pt()] })).byReason.schema_version).toBe(2);
    expect(ingestor.ingestSimple(JSON.stringify(pt({ path: 'Vehicle.Diagnostics.DTCList', value: ['P0301'] }))).accepted).toBe(1);
  });

  it('deduplicates a replayed seq without touching the features (TM-04)', () => {
    const { ingestor } = testIngestor();
    const ndjson = [pt({ seq: 7, ts: testNow - 2000, value: 100 }), pt({ seq: 8, ts: testNow - 1000, value: 100 })].map((p) => JSON.stringify(p)).join('\n');
    expect(ingestor.ingestSimple(ndjson).accepted).toBe(2);
    const before = Array.from(ingestor.vehicle(vinA)?.features.slab ?? []);
    const again = ingestor.ingestSimple(ndjson);
    expect(again).toMatchObject({ accepted: 0, rejected: 2 });
    expect(again.byReason.duplicate).toBe(2);
    expect(Array.from(ingestor.vehicle(vinA)?.features.slab ?? [])).toEqual(before);
  });

  it('rejects points far behind the newest one and a decreasing odometer', () => {
    const { ingestor } = testIngestor();
    ingestor.ingestSimple(JSON.stringify(pt({ ts: testNow })));
    expect(ingestor.ingestSimple(JSON.stringify(pt({ ts: testNow - 10 * 60_000 }))).byReason.out_of_order).toBe(1);
    expect(ingestor.ingestSimple(JSON.stringify(pt({ ts: testNow - 60_000 }))).accepted).toBe(1);
    ingestor.ingestSimple(JSON.stringify(pt({ path: 'Vehicle.TraveledDistance', value: 5000 })));
    expect(ingestor.ingestSimple(JSON.stringify(pt({ path: 'Vehicle.TraveledDistance', value: 4000 }))).byReason.out_of_range).toBe(1);
  });

  it('turns malformed payloads into quarantine entries, never exceptions (TM-01)', () => {
    const { ingestor, quarantine } = testIngestor();
    const bad = ['{"vin":"1HG', '\u0000\u0001\u00ff garbage', '', 'null', '42', '[1,2]', `${JSON.stringify(pt())}\n{oops\n${JSON.stringify(pt({ seq: 3 }))}`];
    let accepted = 0;
    for (const b of bad) accepted += ingestor.ingestSimple(b).accepted;
    expect(accepted).toBe(2);
    expect(quarantine.counts().malformed_payload).toBe(4);
    expect(quarantine.counts().point_shape).toBe(4);
  });
});

const row = (n: number, f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));

function batch(over: Partial<CompactBatch> = {}): CompactBatch {
  return {
    vin: vinA,
    t0: testNow - 60_000,
    seq: 1,
    paths: ['Vehicle.Speed', 'Vehicle.Powertrain.TractionBattery.StateOfHealth', 'Vehicle.ADAS.ActiveAutonomyLevel'],
    ts: row(10, (i) => i * 1000),
    columns: [row(10, (i) => 30 + i), row(10, (i) => (i === 3 ? 140 : i % 2 ? NaN : 90)), row(10, (i) => (i === 5 ? 99 : 3))],
    ...over,
  };
}

describe('compact batch', () => {
  it('round-trips through the binary frame, also from an unaligned offset', () => {
    const bytes = encodeCompactBatch(batch());
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const d = decodeCompactBatch(shifted, 3);
    expect(d.ok).toBe(true);
    if (d.ok) {
      expect(d.batch.paths).toEqual(batch().paths);
      expect(Array.from(d.batch.columns[0] ?? [])).toEqual(Array.from(batch().columns[0] ?? []));
    }
  });

  it('validates every cell: accepts good ones, counts bad ones by reason', () => {
    const { ingestor, quarantine } = testIngestor();
    const r = ingestor.ingestCompact(encodeCompactBatch(batch()));
    // cells: 10 speed + 6 SoH (one is 140) + 10 ADAS (one is index 99)
    expect(r.offered).toBe(26);
    expect(r.accepted).toBe(24);
    expect(r.byReason.out_of_range).toBe(1);
    expect(r.byReason.not_allowed).toBe(1);
    expect(quarantine.entries().map((e) => e.reason).sort()).toEqual(['not_allowed', 'out_of_range']);
    const replay = ingestor.ingestCompact(encodeCompactBatch(batch()));
    expect(replay.byReason.duplicate).toBe(26);
  });

  it('rejects a wrong schemaVersion, truncated frames and garbage', () => {
    const { ingestor } = testIngestor();
    const good = encodeCompactBatch(batch());
    const bumped = good.slice();
    const text = new TextDecoder().decode(bumped.subarray(12, 40)).replace('"schemaVersion":1', '"schemaVersion":9');
    bumped.set(new TextEncoder().encode(text), 12);
    expect(ingestor.ingestCompact(bumped).byReason.schema_version).toBe(1);
    expect(ingestor.ingestCompact(good.subarray(0, good.length - 5)).byReason.malformed_payload).toBe(1);
    expect(ingestor.ingestCompact(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13])).byReason.malformed_payload).toBe(1);
  });

  it('accepts the JSON twin with the same counts', () => {
    const { ingestor } = testIngestor();
    const r = ingestor.ingestCompactJson(encodeCompactJson(batch()));
    expect([r.accepted, r.rejected]).toEqual([24, 2]);
  });

  it('HTTP body parsing dispatches on content type', () => {
    const { ingestor, quarantine } = testIngestor();
    expect(ingestHttpBody(ingestor, 'application/x-ndjson', `${JSON.stringify(pt({ seq: 1 }))}\n${JSON.stringify(pt({ seq: 2 }))}\n`).accepted).toBe(2);
    expect(ingestHttpBody(ingestor, 'application/vnd.forecourt.tlm-compact', encodeCompactBatch(batch({ vin: vinB }))).accepted).toBe(24);
    expect(ingestHttpBody(ingestor, 'text/html', '<p>').byReason.unsupported_media_type).toBe(1);
    expect(quarantine.counts().unsupported_media_type).toBe(1);
  });

  it('rejects batches whose VIN differs from the topic VIN (TM-05)', () => {
    const { ingestor } = testIngestor();
    const r = ingestor.ingestCompact(encodeCompactBatch(batch()), { topicVin: vinB });
    expect(r.byReason.topic_vin_mismatch).toBe(26);
    expect(ingestor.vehicle(vinA)).toBeUndefined();
  });
});

describe('compact frames in unaligned Node buffers', () => {
  it('decodes a frame inside a pooled Buffer at an odd offset (as MQTT, NATS and HTTP hand them over)', () => {
    const frame = encodeCompactBatch({ vin: vinA, t0: testNow - 10_000, seq: 1, ts: Float64Array.from([0, 1000, 2000]), paths: ['Vehicle.Speed'], columns: [Float64Array.from([10, 20, 30])] });
    const pool = Buffer.alloc(frame.length + 13);
    pool.set(frame, 5);
    const odd = pool.subarray(5, 5 + frame.length);
    expect(testIngestor().ingestor.ingestCompact(odd)).toMatchObject({ accepted: 3, rejected: 0 });
  });
});
