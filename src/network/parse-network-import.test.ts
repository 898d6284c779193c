import { describe, it, expect } from 'vitest';
import { isForecourtError } from '../kernel';
import { parseNetworkImport, requireNetworkImport } from './index';

const header = 'record,id,parentId,kind,name,market,code,lat,lon,territory,serviceBaysPerDay,technicians,competitionIndex,dealerId,sku,quantity';
const goodCsv = [
  header,
  'node,oem,,oem,Forecourt Motors,,,,,,,,,,,',
  'node,nsc-uk,oem,nsc,Forecourt UK,UK,,,,,,,,,,',
  'dealer,dlr-london,nsc-uk,,London Central,UK,LON01,51.5,-0.12,SW1;SE1,6,general:4:8;adas_calibration:1:6,0.7,,,',
  'stock,,,part,,,,,,,,,,dlr-london,CAL-KIT,3',
].join('\n');

describe('network import', () => {
  it('imports a valid CSV file completely', () => {
    const result = parseNetworkImport(goodCsv, 'csv');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.rows).toBe(4);
    expect(result.data.nodes.map((n) => `${n.id}<${n.parentId ?? ''}`)).toEqual(['oem<', 'nsc-uk<oem', 'dlr-london<nsc-uk']);
    expect(result.data.dealers[0]).toMatchObject({ code: 'LON01', territory: ['SW1', 'SE1'], technicians: [{ competency: 'general', technicians: 4, hoursPerDay: 8 }, { competency: 'adas_calibration', technicians: 1, hoursPerDay: 6 }] });
    expect(result.data.stock).toEqual([{ dealerId: 'dlr-london', sku: 'CAL-KIT', kind: 'part', quantity: 3 }]);
  });

  it('reports every bad row of a malformed CSV with its line and imports nothing', () => {
    const bad = [
      header,
      'node,oem,,oem,Forecourt Motors,,,,,,,,,,,',
      'node,nsc-uk,oem,nsc,Forecourt UK,UK,,,,,,,,,,',
      'dealer,dlr-ok,nsc-uk,,Fine Dealer,UK,OK001,51.5,-0.1,SW1,4,general:2:8,0.2,,,',
      'dealer,dlr-badlat,nsc-uk,,Bad Lat,UK,BAD01,123,-0.1,SW1,4,general:2:8,0.2,,,',
      'dealer,dlr-orphan,nowhere,,Orphan,UK,ORP01,51.5,-0.1,SW1,4,general:2:8,0.2,,,',
      'node,dist-x,oem,distributor,Wrong Parent,UK,,,,,,,,,,',
      'dealer,dlr-tech,nsc-uk,,Bad Tech,UK,TEC01,51.5,-0.1,SW1,4,wizardry:2:8,0.2,,,',
      'stock,,,part,,,,,,,,,,dlr-ghost,CAL-KIT,2',
      'stock,,,part,,,,,,,,,,dlr-ok,CAL-KIT,-1',
      'dealer,dlr-ok,nsc-uk,,Duplicate,UK,OK002,51.5,-0.1,SW1,4,general:2:8,0.2,,,',
      'node,short,row',
    ].join('\n');
    const result = parseNetworkImport(bad, 'csv');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const byLine = new Map<number, string[]>();
    for (const p of result.problems) byLine.set(p.line, [...(byLine.get(p.line) ?? []), `${p.field ?? '-'}: ${p.reason}`]);
    expect([...byLine.keys()]).toEqual([5, 6, 7, 8, 9, 10, 11, 12]);
    expect(byLine.get(5)?.join()).toMatch(/^lat: /);
    expect(byLine.get(6)?.join()).toMatch(/parent nowhere does not exist/);
    expect(byLine.get(7)?.join()).toMatch(/distributor cannot sit under a oem/);
    expect(byLine.get(8)?.join()).toMatch(/^technicians\.0\.competency/);
    expect(byLine.get(9)?.join()).toMatch(/no dealer dlr-ghost/);
    expect(byLine.get(10)?.join()).toMatch(/^quantity/);
    expect(byLine.get(11)?.join()).toMatch(/duplicate node id dlr-ok/);
    expect(byLine.get(12)?.join()).toMatch(/wrong number of columns/);
    expect(() => requireNetworkImport(bad, 'csv')).toThrow(/8 problem|problem/);
    try {
      requireNetworkImport(bad, 'csv');
    } catch (error) {
      expect(isForecourtError(error) && error.code).toBe('IMPORT_REJECTED');
    }
  });

  it('imports JSON and reports bad elements by the line they start on', () => {
    const json = `[
  { "record": "node", "id": "oem", "parentId": null, "kind": "oem", "name": "OEM", "market": null },
  { "record": "node", "id": "nsc-de", "parentId": "oem", "kind": "nsc", "name": "NSC DE", "market": "DE" },
  {
    "record": "dealer", "id": "dlr-berlin", "parentId": "nsc-de", "name": "Berlin", "market": "DE", "code": "BER01",
    "lat": 52.52, "lon": 13.4, "territory": ["10"], "serviceBaysPerDay": 5,
    "technicians": [{ "competency": "high_voltage", "technicians": 2, "hoursPerDay": 7.5 }], "competitionIndex": 0.5
  },
  { "record": "stock", "dealerId": "dlr-berlin", "sku": "EV-CHARGER", "kind": "vehicle", "quantity": "two" },
  { "record": "warehouse", "id": "x" }
]`;
    const result = parseNetworkImport(json, 'json');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.line)).toEqual([9, 10]);
    const fixed = json.replace('"two"', '2').replace(',\n  { "record": "warehouse", "id": "x" }', '');
    const ok = parseNetworkImport(fixed, 'json');
    expect(ok.ok && ok.data.dealers[0]?.technicians[0]?.hoursPerDay).toBe(7.5);
  });

  it('reports syntax errors instead of throwing', () => {
    const result = parseNetworkImport('[\n{ "record": "node",\n', 'json');
    expect(result.ok).toBe(false);
    const csv = parseNetworkImport(`${header}\nnode,"oem,,oem`, 'csv');
    expect(csv.ok === false && csv.problems[0]?.reason).toMatch(/not valid CSV/);
  });

  it('lets new nodes hang under nodes that are already stored', () => {
    const existing = [{ id: 'nsc-uk', kind: 'nsc' as const, parentId: 'oem', name: 'UK', market: 'UK' as const }, { id: 'oem', kind: 'oem' as const, parentId: null, name: 'OEM', market: null }];
    const text = `${header}\nnode,dist-north,nsc-uk,distributor,North,UK,,,,,,,,,,`;
    expect(parseNetworkImport(text, 'csv').ok).toBe(false);
    expect(parseNetworkImport(text, 'csv', { existingNodes: existing }).ok).toBe(true);
  });
});

describe('capacity calendar import', () => {
  const cols = 'record,id,parentId,kind,name,market,code,lat,lon,territory,serviceBaysPerDay,technicians,competitionIndex,dealerId,day,closed,serviceBays,hours,competency,bays';
  const rows = [
    cols,
    'node,oem,,oem,OEM,,,,,,,,,,,,,,,',
    'node,nsc-uk,oem,nsc,NSC UK,UK,,,,,,,,,,,,,,',
    'dealer,dlr-a,nsc-uk,,Dealer A,UK,DA001,51.5,-0.1,SW1,4,general:2:8;adas_calibration:1:6,0.2,,,,,,,',
    'capacity,,,,,,,,,,,,,dlr-a,2026-12-24,true,,,,',
    'capacity,,,,,,,,,,,,,dlr-a,2026-12-23,false,2,adas_calibration:3,,',
    'booking,bk-1,,,,,,,,,,,,dlr-a,2026-12-22,,,4,adas_calibration,1',
  ];

  it('imports closures, reduced days and bookings with the network', () => {
    const result = parseNetworkImport(rows.join('\n'), 'csv');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.exceptions).toEqual([
      { dealerId: 'dlr-a', day: '2026-12-24', closed: true },
      { dealerId: 'dlr-a', day: '2026-12-23', closed: false, serviceBays: 2, hours: { adas_calibration: 3 } },
    ]);
    expect(result.data.bookings).toEqual([{ id: 'bk-1', dealerId: 'dlr-a', day: '2026-12-22', competency: 'adas_calibration', hours: 4, bays: 1 }]);
  });

  it('reports bad calendar rows with their lines', () => {
    const bad = [
      ...rows,
      'capacity,,,,,,,,,,,,,dlr-a,2026-12-24,maybe,,,,',
      'booking,bk-1,,,,,,,,,,,,dlr-a,2026-12-22,,,2,general,1',
      'booking,bk-2,,,,,,,,,,,,dlr-z,2026-12-22,,,3,general,1',
      'booking,bk-3,,,,,,,,,,,,dlr-a,2026-13-40,,,-3,general,1',
    ].join('\n');
    const result = parseNetworkImport(bad, 'csv');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => `${p.line}:${p.field ?? '-'}`)).toEqual(['8:closed', '9:id', '10:dealerId', '11:day', '11:hours']);
  });
});
