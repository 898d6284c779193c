import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseV2xRecord } from './parse-v2x';
import { readV2xSample } from './v2x-samples-io';

/** Replaces the value at a random path inside a JSON value (the mutation operator). */
function mutate(value: unknown, choices: number[], replacement: unknown): unknown {
  if (choices.length === 0 || value === null || typeof value !== 'object') return replacement;
  const [c, ...rest] = choices as [number, ...number[]];
  if (Array.isArray(value)) {
    if (value.length === 0) return replacement;
    const i = c % value.length;
    return value.map((v, j) => (j === i ? mutate(v, rest, replacement) : v));
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return replacement;
  const k = keys[c % keys.length] as string;
  return { ...(value as Record<string, unknown>), [k]: mutate((value as Record<string, unknown>)[k], rest, replacement) };
}

describe('fuzz: V2X parsing never throws', () => {
  const seeds = [
    'jpo-ode/bsmLogDuringEvent.json',
    'jpo-ode/rxMsg_TIM_GeneratedBy_RSU.json',
    'jpo-conflictmonitor/ApproachAndStopAtLine-through.spat.ndjson',
    'jpo-conflictmonitor/ApproachAndStopAtLine-through.map.ndjson',
    'jpo-geojsonconverter/sample.processed-map.json',
  ].map((f) => readV2xSample(f)[0]?.value);

  it('mutated real messages parse or are rejected with a reason', () => {
    fc.assert(
      fc.property(fc.nat(seeds.length - 1), fc.array(fc.nat(), { maxLength: 12 }), fc.jsonValue(), (s, path, replacement) => {
        const r = parseV2xRecord(mutate(seeds[s], path, replacement));
        if (!r.ok) expect(typeof r.detail).toBe('string');
        else expect(typeof r.message.kind).toBe('string');
      }),
      { numRuns: 500 },
    );
  });
});
