import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEncounterTracker, fillReplayTemplate, listV2xSampleFiles, parseV2xRecord, readConflictMonitorLines, readV2xSample, v2xRejectReasons, type V2xParse } from '../../src/v2x';

/**
 * V2X messages (decoded SAE J2735 JSON) beyond src/v2x/parse-v2x-fuzz.test.ts,
 * which mutates five real messages by value: here every real sample file,
 * structural mutations (deleted keys, wrapped values, extreme numbers), raw
 * text lines, nested replay wrappers, and the encounter tracker downstream of
 * the parser. Properties: the parser never throws and answers a known kind or
 * a known reason; whatever it accepts, the tracker digests without throwing.
 */
const kinds = ['bsm', 'spat', 'map', 'tim', 'driver_alert', 'other'];
const seed = 20261202;

function checkShape(r: V2xParse): void {
  if (r.ok) {
    expect(kinds).toContain(r.message.kind);
    if (r.message.kind === 'bsm') {
      expect(Math.abs(r.message.lat)).toBeLessThanOrEqual(90);
      expect(Math.abs(r.message.lon)).toBeLessThanOrEqual(180);
    }
  } else {
    expect(v2xRejectReasons).toContain(r.reason);
    expect(typeof r.detail).toBe('string');
  }
}

/** Feeds whatever parsed into a tracker, as the platform does; must never throw. */
function digest(results: readonly V2xParse[], t0 = Date.parse('2026-11-20T07:30:00Z')): void {
  const tracker = createEncounterTracker();
  results.forEach((r, i) => {
    if (!r.ok) return;
    const m = r.message;
    if (m.kind === 'map') tracker.observeMap(m);
    else if (m.kind === 'spat') tracker.observeSpat(m);
    else if (m.kind === 'bsm') tracker.observeBsm(m, t0 + i * 100);
  });
  for (const s of tracker.closeWindow()) {
    expect(s.stopsAtRed + s.stopsOnGreen).toBeLessThanOrEqual(s.approaches);
    for (const c of s.cells) expect(typeof c).toBe('string');
  }
}

const samples = listV2xSampleFiles().flatMap((f) => readV2xSample(f).filter((r) => r.parseError === null).map((r) => r.value));
const replayLines = (['map', 'spat', 'bsm'] as const).flatMap((k) => readConflictMonitorLines(k));
const at = new Date('2026-11-20T07:30:00Z');
const replayValues = replayLines.map((l) => JSON.parse(fillReplayTemplate(l, at, 'A1B2C3D4')) as unknown);

const extreme = fc.constantFrom<unknown>(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -0, 90.0000001, -180.5, 1e-320, '1e400', 'NaN', 'Infinity', '-0', '9'.repeat(400), '', ' ', null, [], {}, true, '\u0000', '@TEMP_ID@');
const replacement = fc.oneof(fc.jsonValue({ maxDepth: 2 }), extreme, fc.double().map((d) => (Number.isFinite(d) ? d : 0)));

type Op = { kind: 'set' | 'delete' | 'wrap' | 'dup'; path: number[]; value: unknown };
const op: fc.Arbitrary<Op> = fc.record({ kind: fc.constantFrom('set', 'set', 'delete', 'wrap', 'dup'), path: fc.array(fc.nat(), { minLength: 1, maxLength: 10 }), value: replacement });

/** Applies one structural mutation at a path chosen by `path` (indices taken modulo each level's size). */
function apply(v: unknown, o: Op, depth = 0): unknown {
  const last = depth === o.path.length - 1 || v === null || typeof v !== 'object';
  if (last) {
    if (o.kind === 'set') return o.value;
    if (o.kind === 'wrap') return [v];
    if (o.kind === 'dup' && Array.isArray(v)) return [...v, ...v];
    return v;
  }
  const c = o.path[depth]!;
  if (Array.isArray(v)) {
    if (v.length === 0) return v;
    const i = c % v.length;
    if (o.kind === 'delete' && depth === o.path.length - 2) return v.filter((_, j) => j !== i);
    return v.map((x, j) => (j === i ? apply(x, o, depth + 1) : x));
  }
  const keys = Object.keys(v);
  if (keys.length === 0) return v;
  const k = keys[c % keys.length]!;
  if (o.kind === 'delete' && depth === o.path.length - 2) {
    const { [k]: _gone, ...rest } = v as Record<string, unknown>;
    return rest;
  }
  return { ...(v as Record<string, unknown>), [k]: apply((v as Record<string, unknown>)[k], o, depth + 1) };
}

describe('fuzzing V2X messages', () => {
  it('has real samples to start from', () => {
    expect(samples.length).toBeGreaterThan(20);
  });

  it('anything JSON can carry: a known kind or a known reason, never a throw', () => {
    fc.assert(fc.property(fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.dictionary(fc.constantFrom('metadata', 'payload', 'message', 'scriptOffsetMs', 'messageType', 'states', 'mapFeatureCollection', '__proto__'), fc.jsonValue({ maxDepth: 3 }))), (v) => {
      checkShape(parseV2xRecord(v));
    }), { numRuns: 400, seed });
  });

  it('raw text lines (random, truncated or bit-flipped real lines) that happen to be JSON', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.tuple(fc.constantFrom(...replayLines), fc.nat(), fc.nat(255)).map(([l, i, b]) => {
        const p = i % l.length;
        return l.slice(0, p) + String.fromCharCode(l.charCodeAt(p) ^ (b || 1)) + l.slice(p + 1);
      }),
      fc.tuple(fc.constantFrom(...replayLines), fc.nat()).map(([l, i]) => l.slice(0, i % l.length)),
    );
    fc.assert(fc.property(text, fc.string({ maxLength: 12 }), (line, tempId) => {
      let v: unknown;
      try {
        v = JSON.parse(fillReplayTemplate(line, at, tempId));
      } catch {
        return; // not JSON: the line reader quarantines it before the parser
      }
      checkShape(parseV2xRecord(v));
    }), { numRuns: 200, seed });
  });

  it('structurally mutated real samples parse or are refused, and the tracker digests what parses', () => {
    fc.assert(fc.property(fc.nat(samples.length - 1), fc.array(op, { minLength: 1, maxLength: 4 }), (s, ops) => {
      const v = ops.reduce((acc, o) => apply(acc, o), samples[s]);
      const r = parseV2xRecord(v);
      checkShape(r);
      digest([r]);
    }), { numRuns: 500, seed });
  });

  it('a mutated replay (MAP, SPaT and BSMs of one intersection) never breaks the tracker', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(replayValues.length - 1), op), { minLength: 1, maxLength: 6 }), (edits) => {
      const values = [...replayValues];
      for (const [i, o] of edits) values[i] = apply(values[i], o);
      const results = values.map((v) => parseV2xRecord(v));
      results.forEach(checkShape);
      digest(results);
    }), { numRuns: 25, seed });
  });

  it('a BSM sitting on a MAP reference point anywhere on (or off) the globe', () => {
    const map = replayValues.find((v) => parseV2xRecord(v).ok && (parseV2xRecord(v) as { message: { kind: string } }).message.kind === 'map') as Record<string, unknown>;
    const bsm = replayValues.find((v) => parseV2xRecord(v).ok && (parseV2xRecord(v) as { message: { kind: string } }).message.kind === 'bsm') as Record<string, unknown>;
    const coord = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.double({ min: -180, max: 180, noNaN: true }), fc.constantFrom(90, -90, 180, -180, 90.0000001, -1e308, 1e308));
    fc.assert(fc.property(coord, coord, (lat, lon) => {
      const m = structuredClone(map) as { message: { payload: { data: { intersections: { intersectionGeometry: { refPoint: { latitude: number; longitude: number } }[] } } } } };
      for (const g of m.message.payload.data.intersections.intersectionGeometry) g.refPoint = { latitude: lat, longitude: lon };
      const b = structuredClone(bsm) as { message: { payload: { data: { coreData: { position: { latitude: number; longitude: number }; speed: number } } } } };
      b.message.payload.data.coreData.position = { latitude: lat, longitude: lon };
      b.message.payload.data.coreData.speed = 0;
      const results = [parseV2xRecord(m), parseV2xRecord(b)];
      results.forEach(checkShape);
      digest(results);
    }), { numRuns: 200, seed });
  });

  it('replay wrappers nested deeply (a hostile line) are refused, not a stack overflow', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 200_000 }), (depth) => {
      let v: unknown = replayValues[0];
      for (let i = 0; i < depth; i++) v = { scriptOffsetMs: i, message: v };
      checkShape(parseV2xRecord(v));
    }), { numRuns: 12, seed });
    let v: unknown = { metadata: {}, payload: {} };
    for (let i = 0; i < 100_000; i++) v = { scriptOffsetMs: 0, message: v };
    expect(parseV2xRecord(v)).toMatchObject({ ok: false, reason: 'unknown_shape' });
  });
});
