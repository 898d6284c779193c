import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNetworkImport, type ImportFormat } from '../../src/network';

/**
 * The dealer-network import file (CSV or JSON, `forecourt network import` and
 * POST /api/v1/network/import): random text, and valid files with cells or
 * elements mutated, truncated or bit-flipped. Properties: the parser never
 * throws; a file is either imported completely or refused with problems that
 * each name a line inside the file and a reason; an imported file's records
 * carry only storable text. (tests/fuzz/api-bodies.test.ts fuzzes the
 * route's body shape, not the file inside it.)
 */
const seed = 20261204;
const header = 'record,id,parentId,kind,name,market,code,lat,lon,territory,serviceBaysPerDay,technicians,competitionIndex,dealerId,sku,quantity,day,closed,serviceBays,hours,competency,bays';
const rows = [
  'node,oem,,oem,Forecourt Motors,,,,,,,,,,,,,,,,,',
  'node,nsc-uk,oem,nsc,Forecourt UK,UK,,,,,,,,,,,,,,,,',
  'dealer,dlr-london,nsc-uk,,London Central,UK,LON01,51.5,-0.12,SW1;SE1,6,general:4:8;adas_calibration:1:6,0.7,,,,,,,,,',
  'stock,,,part,,,,,,,,,,dlr-london,CAL-KIT,3,,,,,,',
  'capacity,,,,,,,,,,,,,dlr-london,,,2026-04-04,false,5,,,',
];
const goodCsv = [header, ...rows].join('\n');
const goodJson = JSON.stringify(parseNetworkOk(goodCsv), null, 2);

function parseNetworkOk(csv: string): unknown[] {
  const r = parseNetworkImport(csv, 'csv');
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  const d = r.data;
  return [
    ...d.nodes.filter((n) => n.kind !== 'dealer').map((n) => ({ record: 'node', ...n })),
    ...d.dealers.map((x) => ({ record: 'dealer', ...x, parentId: d.nodes.find((n) => n.id === x.id)!.parentId, market: d.nodes.find((n) => n.id === x.id)!.market })),
    ...d.stock.map((s) => ({ record: 'stock', ...s })),
    ...d.exceptions.map((e) => ({ record: 'capacity', ...e })),
  ];
}

const unstorable = (s: string): boolean => s.includes('\u0000') || /[\uD800-\uDFFF]/u.test(s);

function check(text: string, format: ImportFormat): void {
  const r = parseNetworkImport(text, format);
  const lines = text.split('\n').length;
  if (r.ok) {
    for (const n of r.data.nodes) expect(unstorable(`${n.id}${n.name}`)).toBe(false);
    for (const d of r.data.dealers) expect(unstorable(`${d.code}${d.name}${d.territory.join('')}`)).toBe(false);
    for (const s of r.data.stock) expect(unstorable(s.sku)).toBe(false);
    return;
  }
  expect(r.problems.length).toBeGreaterThan(0);
  for (const p of r.problems) {
    expect(p.line).toBeGreaterThanOrEqual(1);
    expect(p.line).toBeLessThanOrEqual(lines + 1);
    expect(typeof p.reason).toBe('string');
  }
}

const cell = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', ' ', '"', '""', '"a,b"', ',', '\n', '\r\n', '\u0000', '\ud800', 'Lon\u0000don', '-1', '1e400', 'NaN', '999', '-91', '0.5', 'true', 'general:4', 'a:b:c:d', ';;;', 'oem', 'nsc-uk', 'dlr-london', '2026-02-30', '2026-04-04', 'UK', 'XX'),
);

describe('fuzzing the network import file', () => {
  it('the base files import', () => {
    expect(parseNetworkImport(goodCsv, 'csv').ok).toBe(true);
    expect(parseNetworkImport(goodJson, 'json').ok).toBe(true);
  });

  it('random text in either format: imported or refused with located problems, never a throw', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ unit: 'grapheme', maxLength: 400 })), fc.constantFrom<ImportFormat>('csv', 'json'), (text, format) => {
      check(text, format);
      check(`${header}\n${text}`, 'csv');
    }), { numRuns: 300, seed });
  });

  it('CSV with cells replaced (quotes, separators, NUL, extremes, references)', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(), fc.nat(), cell), { minLength: 1, maxLength: 6 }), (edits) => {
      const grid = rows.map((r) => r.split(','));
      for (const [ri, ci, v] of edits) {
        const row = grid[ri % grid.length]!;
        row[ci % row.length] = v;
      }
      check([header, ...grid.map((r) => r.join(','))].join('\n'), 'csv');
    }), { numRuns: 400, seed });
  });

  it('JSON with values replaced, and both formats truncated or bit-flipped', () => {
    const elements = JSON.parse(goodJson) as Record<string, unknown>[];
    fc.assert(fc.property(fc.nat(), fc.nat(), fc.oneof(fc.jsonValue({ maxDepth: 2 }), cell), (ei, ki, v) => {
      const copy = structuredClone(elements);
      const el = copy[ei % copy.length]!;
      const keys = Object.keys(el);
      el[keys[ki % keys.length]!] = v;
      check(JSON.stringify(copy, null, 2), 'json');
    }), { numRuns: 300, seed });
    fc.assert(fc.property(fc.constantFrom<ImportFormat>('csv', 'json'), fc.nat(), fc.nat(255), fc.boolean(), (format, pos, bits, truncate) => {
      const base = format === 'csv' ? goodCsv : goodJson;
      const p = pos % base.length;
      const text = truncate ? base.slice(0, p) : base.slice(0, p) + String.fromCharCode(base.charCodeAt(p) ^ (bits || 1)) + base.slice(p + 1);
      check(text, format);
    }), { numRuns: 300, seed });
  });
});
