import { describe, expect, it } from 'vitest';
import { parseV2xRecord } from './parse-v2x';
import { listV2xSampleFiles, readV2xSample } from './v2x-samples-io';

describe('every decoded V2X sample parses or is rejected with a reason', () => {
  const files = listV2xSampleFiles();
  const summary = new Map<string, Record<string, number>>();
  for (const f of files) {
    const counts: Record<string, number> = {};
    for (const r of readV2xSample(f)) {
      const p = r.parseError ? { ok: false as const, reason: 'not_json' } : parseV2xRecord(r.value);
      const key = p.ok ? p.message.kind : `rejected:${p.reason}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    summary.set(f, counts);
  }

  it('covers all 30 sample files', () => {
    expect(files.length).toBe(30);
  });

  it('parses the real BSM, SPaT, MAP and TIM logs completely', () => {
    expect(summary.get('jpo-ode/bsmLogDuringEvent.json')).toEqual({ bsm: 222 });
    expect(summary.get('jpo-ode/bsmTx.json')).toEqual({ bsm: 16 });
    expect(summary.get('jpo-ode/rxMsg_TIM_GeneratedBy_RSU.json')).toEqual({ tim: 243 });
    expect(summary.get('jpo-ode/rxMsg_TIM_GeneratedBy_TMC_VIA_SAT.json')).toEqual({ tim: 166 });
    // named TIM but holds BSMs (payloadType OdeBsmPayload)
    expect(summary.get('jpo-ode/rxMsg_TIM_GeneratedBy_TMC_VIA_SNMP.json')).toEqual({ bsm: 115 });
    expect(summary.get('jpo-ode/dnMsg.json')).toEqual({ tim: 1 });
    expect(summary.get('jpo-ode/driverAlert.json')).toEqual({ driver_alert: 50 });
    expect(summary.get('jpo-conflictmonitor/ApproachAndStopAtLine-through.bsm.ndjson')).toEqual({ bsm: 253 });
    expect(summary.get('jpo-conflictmonitor/ApproachAndStopAtLine-through.spat.ndjson')).toEqual({ spat: 315 });
    expect(summary.get('jpo-conflictmonitor/ApproachAndStopAtLine-through.map.ndjson')).toEqual({ map: 33 });
    for (const k of ['bsm', 'map', 'spat']) {
      expect(summary.get(`jpo-ode/expected-${k}.json`)).toEqual({ [k]: 1 });
      expect(summary.get(`jpo-geojsonconverter/valid.${k}.json`)).toEqual({ [k]: 1 });
    }
    expect(summary.get('jpo-geojsonconverter/sample.processed-spat.json')).toEqual({ spat: 1 });
    expect(summary.get('jpo-geojsonconverter/sample.processed-map.json')).toEqual({ map: 1 });
    expect(summary.get('jpo-geojsonconverter/example1.intersection-map.json')).toEqual({ map: 1 });
    expect(summary.get('jpo-geojsonconverter/example1.intersection-spat.json')).toEqual({ spat: 1 });
    for (const k of ['psm', 'srm', 'ssm']) expect(summary.get(`jpo-ode/expected-${k}.json`)).toEqual({ other: 1 });
  });

  it('rejects only what is genuinely not decoded J2735 JSON, with a reason', () => {
    const rejected = [...summary.entries()].filter(([, c]) => Object.keys(c).some((k) => k.startsWith('rejected:')));
    for (const [file, c] of rejected) {
      expect(file).toMatch(/udp-hex-pairs/);
      expect(Object.keys(c).every((k) => k.startsWith('rejected:'))).toBe(true);
    }
    expect(summary.get('jpo-ode/udp-hex-pairs/BsmReceiverTest_ValidBSM_expected.json')).toEqual({ 'rejected:undecoded_asn1': 1 });
    expect(rejected).toHaveLength(7);
  });

  it('reads TIM anchors in 1/10 micro-degree and ITIS codes', () => {
    const r = parseV2xRecord(readV2xSample('jpo-ode/rxMsg_TIM_GeneratedBy_RSU.json')[0]?.value);
    expect(r.ok && r.message.kind === 'tim' && r.message.frames[0]).toMatchObject({ anchor: { lat: 41.1269876, lon: -104.7269563 }, itis: [777, 13579] });
  });

  it('computes MAP lane geometry from cm offsets near the reference point', () => {
    const r = parseV2xRecord(readV2xSample('jpo-conflictmonitor/ApproachAndStopAtLine-through.map.ndjson')[0]?.value);
    if (!r.ok || r.message.kind !== 'map') throw new Error('MAP did not parse');
    const i = r.message.intersections[0];
    expect(i?.intersectionId).toBe(12101);
    const first = i?.lanes[0]?.points[0] as [number, number];
    // lane 1 starts 10.9 m east and 16.9 m south of the reference point
    expect(first[0]).toBeCloseTo(39.6387593 - 16.87 / 111_320, 6);
    expect(i?.lanes.some((l) => l.ingress && l.signalGroups.length > 0)).toBe(true);
  });

  it('rejects garbage with reasons and never throws', () => {
    expect(parseV2xRecord(null)).toMatchObject({ ok: false, reason: 'not_an_object' });
    expect(parseV2xRecord({ metadata: { schemaVersion: 99 }, payload: {} })).toMatchObject({ ok: false, reason: 'unsupported_schema_version' });
    expect(parseV2xRecord({ metadata: { schemaVersion: 6 }, payload: { dataType: 'us.dot.its.jpo.ode.plugin.j2735.J2735Bsm', data: { coreData: {} } } })).toMatchObject({ ok: false, reason: 'schema_mismatch' });
  });
});
