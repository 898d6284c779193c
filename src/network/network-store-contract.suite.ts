import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store, TenantScope } from '../store';
import { fixture, loadFixture } from '../testing';
import { networkStore, type NetworkStore } from './network-store';

const dlrA: TenantScope = { kind: 'node', nodeId: 'dlr-a', path: '/oem/nsc-us/dist-us-west/dlr-a/' };
const distUs: TenantScope = { kind: 'node', nodeId: 'dist-us-west', path: '/oem/nsc-us/dist-us-west/' };
const global: TenantScope = { kind: 'global' };

const goodCsv = [
  'record,id,parentId,kind,name,market,code,lat,lon,territory,serviceBaysPerDay,technicians,competitionIndex,dealerId,sku,quantity,day,closed,serviceBays,hours,competency,bays',
  'dealer,dlr-new,dist-us-west,,New Dealer,US,USA099,37.3,-121.9,951,4,general:2:8;adas_calibration:1:6,0.3,,,,,,,,,',
  'stock,,,part,,,,,,,,,,dlr-new,CAL-KIT,2,,,,,,',
  'capacity,,,,,,,,,,,,,dlr-new,,,2026-04-03,true,,,,',
  'booking,bk-new-1,,,,,,,,,,,,dlr-new,,,2026-04-02,,,4,general,1',
].join('\n');

/** The network store against one backend: scoping, all-or-nothing imports, bookings, utilisation. */
export function networkStoreContract(backend: string, open: () => Promise<{ store: Store; cleanup(): Promise<void> }>): void {
  describe(`network store on ${backend}`, () => {
    let store: Store;
    let net: NetworkStore;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      const h = await open();
      store = h.store;
      cleanup = h.cleanup;
      await loadFixture(store);
      net = networkStore(store.db);
    });
    afterAll(async () => { await cleanup?.(); });

    it('rejects a malformed file with every bad row and writes nothing', async () => {
      const bad = `${goodCsv}\nstock,,,part,,,,,,,,,,dlr-c,CAL-KIT,2,,,,,,\nnode,dist-x,nsc-de,distributor,Hidden parent,DE,,,,,,,,,,,,,,,,\ndealer,dlr-dup,dist-us-west,,Dup code,US,USA001,37,-122,9,1,general:1:8,0.1,,,,,,,,,`;
      const before = (await store.network.listNodes(global)).length;
      const result = await net.importNetwork(distUs, bad, 'csv');
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.problems.map((p) => p.line)).toEqual([6, 7, 8]);
      expect(result.problems[0]?.reason).toMatch(/no dealer dlr-c/);
      expect(result.problems[1]?.reason).toMatch(/parent nsc-de does not exist/);
      expect(result.problems[2]?.reason).toMatch(/USA001 is already used/);
      expect((await store.network.listNodes(global)).length).toBe(before);
      expect(await store.network.getDealer(global, 'dlr-new')).toBeUndefined();
    });

    it('a dry run checks without writing; a real import writes every row', async () => {
      const dry = await net.importNetwork(distUs, goodCsv, 'csv', { dryRun: true });
      expect(dry).toMatchObject({ ok: true, dryRun: true, counts: { nodes: 1, dealers: 1, stock: 1, exceptions: 1, bookings: 1 } });
      expect(await store.network.getDealer(global, 'dlr-new')).toBeUndefined();
      const real = await net.importNetwork(distUs, goodCsv, 'csv');
      expect(real).toMatchObject({ ok: true, dryRun: false, rows: 4 });
      expect((await store.network.getDealer(distUs, 'dlr-new'))?.technicians).toHaveLength(2);
      expect(await store.network.listStock(global, 'dlr-new')).toEqual([{ dealerId: 'dlr-new', sku: 'CAL-KIT', kind: 'part', quantity: 2 }]);
      const again = await net.importNetwork(distUs, goodCsv, 'csv');
      expect(again.ok).toBe(false);
    });

    it('treats a node the importer cannot see as taken, without revealing where', async () => {
      const csv = 'record,id,parentId,kind,name,market,code,lat,lon,territory,serviceBaysPerDay,technicians,competitionIndex\ndealer,dlr-c,dist-us-west,,Clash,US,USA123,37,-122,9,1,general:1:8,0.1';
      const r = await net.importNetwork(distUs, csv, 'csv');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problems).toEqual([{ line: 2, field: 'id', reason: 'duplicate node id dlr-c' }]);
    });

    it('books capacity only when it fits, and counts bookings in the utilisation', async () => {
      // 2026-04-02 is a Thursday; dlr-new has 16 h general: 4 booked by the import.
      const ok = await net.book(distUs, { id: 'bk-1', dealerId: 'dlr-new', day: '2026-04-02', competency: 'general', hours: 10, bays: 1 });
      expect(ok.ok).toBe(true);
      const full = await net.book(distUs, { id: 'bk-2', dealerId: 'dlr-new', day: '2026-04-02', competency: 'general', hours: 3, bays: 1 });
      expect(full).toMatchObject({ ok: false, code: 'no_hours' });
      const closed = await net.book(distUs, { id: 'bk-3', dealerId: 'dlr-new', day: '2026-04-03', competency: 'general', hours: 1, bays: 1 });
      expect(closed).toMatchObject({ ok: false, code: 'dealer_closed' });
      await expect(net.book(dlrA, { id: 'bk-4', dealerId: 'dlr-new', day: '2026-04-02', competency: 'general', hours: 1, bays: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const u = await net.utilisation(distUs, '2026-04-02', 1);
      const row = u.find((x) => x.dealerId === 'dlr-new');
      expect(row).toMatchObject({ capacityHours: 22, bookedHours: 14, code: 'USA099' });
      expect(u.map((x) => x.dealerId).sort()).toEqual(['dlr-a', 'dlr-b', 'dlr-new']);
      expect((await net.utilisation(dlrA, '2026-04-02', 1)).map((x) => x.dealerId)).toEqual(['dlr-a']);
    });

    it('stores capacity exceptions and shows them in the dealer calendar', async () => {
      await net.setException(dlrA, { dealerId: 'dlr-a', day: '2026-04-06', closed: false, serviceBays: 2, hours: { general: 8 } });
      const cal = await net.dealerCalendar(dlrA, 'dlr-a', '2026-04-05', 2);
      expect(cal.days.map((d) => [d.day, d.open, d.capacityHours])).toEqual([['2026-04-05', false, 0], ['2026-04-06', true, 14]]);
      expect(cal.days[1]?.exception).toMatchObject({ serviceBays: 2, hours: { general: 8 } });
      await expect(net.dealerCalendar(dlrA, 'dlr-b', '2026-04-05', 2)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(net.setException(dlrA, { dealerId: 'dlr-b', day: '2026-04-06', closed: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('answers which visible dealers can deliver an offer within N days, with reasons', async () => {
      const candidates = await net.deliveringDealers(distUs, {
        offer: fixture.offer, customer: { id: 'own-1', postalCode: '94110', lat: null, lon: null, homeDealerId: 'dlr-a' },
        vehicle: null, withinDays: 3, now: new Date('2026-04-01T10:00:00Z'),
      });
      expect(candidates[0]).toMatchObject({ dealerId: 'dlr-a', canDeliver: true, earliestDay: '2026-04-01', homeDealer: true });
      const b = candidates.find((c) => c.dealerId === 'dlr-b');
      expect(b?.canDeliver).toBe(false);
      expect(b?.reasons.filter((r) => !r.passed).map((r) => r.code)).toEqual(['in_territory', 'in_stock']);
      expect(candidates.map((c) => c.dealerId)).not.toContain('dlr-c');
    });
  });
}
