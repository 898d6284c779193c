import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCounters } from '../app';
import { findLeftovers, subjectRights } from '../identity';
import { fixedClock, makeVin } from '../kernel';
import type { Db, Store } from '../store';
import { fixture, loadFixture } from '../testing';
import { encodeCompactBatch } from './compact-batch';
import { createSqlQuarantine, telemetryStore, telemetrySubjectDataHook } from './telemetry-store';
import { createTelemetryRuntime } from './telemetry-runtime-io';
import type { QuarantineEntry } from './quarantine';

const now = new Date('2026-04-01T10:00:00Z');
const entry = (i: number, vin: string | null = null): QuarantineEntry => ({
  reason: 'out_of_range', detail: `value ${i}`, vin, path: 'Vehicle.Speed', raw: `{"i":${i}}`, points: 1, transport: 'test', receivedAt: now.getTime(),
});

/** A Db whose queries fail while `down` is true (a database outage). */
function flaky(db: Db): Db & { down: boolean } {
  const f: Db & { down: boolean } = {
    kind: db.kind,
    down: false,
    query: (sql, params) => (f.down ? Promise.reject(new Error('connection lost')) : db.query(sql, params)),
    exec: (sql) => db.exec(sql),
    transaction: (fn) => db.transaction(fn),
    close: () => db.close(),
  };
  return f;
}

export function telemetryStoreContract(backend: string, open: () => Promise<{ store: Store; cleanup(): Promise<void> }>): void {
  describe(`telemetry store on ${backend}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    const own1Vin = (): string => fixture.vehicles.find((v) => v.ownerId === 'own-1')!.vin;
    const own2Vin = (): string => fixture.vehicles.find((v) => v.ownerId === 'own-2')!.vin;

    beforeAll(async () => {
      const h = await open();
      store = h.store;
      cleanup = h.cleanup;
      await loadFixture(store);
      await store.customers.recordConsent(fixture.consent); // own-1: telematics_marketing granted
    });
    afterAll(async () => cleanup?.());

    it('SQL quarantine: batches writes, keeps the buffer when a flush fails, and loses nothing', async () => {
      const db = flaky(store.db);
      const q = createSqlQuarantine(db, { batchSize: 1000 });
      for (let i = 0; i < 25; i++) q.put(entry(i));
      expect(q.pending()).toBe(25);
      db.down = true;
      await expect(q.flush()).rejects.toThrow('connection lost');
      expect(q.failedFlushes()).toBe(1);
      expect(q.pending()).toBe(25);
      q.put(entry(25));
      db.down = false;
      await q.flush();
      expect(q.pending()).toBe(0);
      expect(q.written()).toBe(26);
      const list = await telemetryStore(store.db).listQuarantine({ limit: 100, reason: 'out_of_range' });
      expect(list.items.filter((r) => r.transport === 'test')).toHaveLength(26);
      expect(list.totals.out_of_range).toBeGreaterThanOrEqual(26);
    });

    it('runtime: accepted points become a feature snapshot with the consent basis, counters add up, a restart resumes dedupe', async () => {
      const counters = createCounters();
      const rt = createTelemetryRuntime({ store, counters, clock: fixedClock(now) });
      const vin = own1Vin();
      const t0 = now.getTime() - 60_000;
      const frame = encodeCompactBatch({ vin, t0, seq: 7, ts: Float64Array.from([0, 1000, 2000]), paths: ['Vehicle.Speed'], columns: [Float64Array.from([50, 60, 900])] });
      const r = rt.ingestor.ingestCompact(frame, { transport: 'test' });
      expect(r).toMatchObject({ accepted: 2, rejected: 1 });
      rt.ingestor.ingestSimple(JSON.stringify({ vin: own2Vin(), path: 'Vehicle.Speed', value: 30, ts: t0 }), { transport: 'test' });
      expect(counters.get('telemetry.points.accepted')).toBe(3);
      expect(counters.get('telemetry.points.rejected')).toBe(1);
      await rt.close();
      const sql = telemetryStore(store.db);
      const snap = await sql.snapshot(vin);
      expect(snap?.features).toMatchObject({ basis: { purpose: 'telematics_marketing', channel: 'any', granted: true } });
      expect((snap?.features as { features: unknown[] }).features.length).toBeGreaterThan(10);
      const other = await sql.snapshot(own2Vin());
      expect(other?.features).toMatchObject({ basis: { granted: false }, features: [] });
      const c = await sql.counters();
      expect(c['points.accepted']).toBe(3);
      expect(c['points.rejected']).toBe(1);
      expect(c['reason.out_of_range']).toBe(1);

      const rt2 = createTelemetryRuntime({ store, counters: createCounters(), clock: fixedClock(now) });
      expect(await rt2.restore()).toBeGreaterThanOrEqual(2);
      expect(rt2.ingestor.ingestCompact(frame, { transport: 'test' })).toMatchObject({ accepted: 0, byReason: { duplicate: 3 } });
      await rt2.close();
      expect((await sql.counters())['reason.duplicate']).toBe(3);
    });

    it('runtime: a failed flush keeps counts and dirty vehicles for the next one', async () => {
      const rt = createTelemetryRuntime({ store, counters: createCounters(), clock: fixedClock(now) });
      const vin = makeVin('1HG', 'CM826', 'R', 'A', 77);
      rt.ingestor.ingestSimple(JSON.stringify({ vin, path: 'Vehicle.Speed', value: 10, ts: now.getTime() - 1000 }));
      const before = (await telemetryStore(store.db).counters())['points.accepted'] ?? 0;
      const realTx = store.db.transaction.bind(store.db);
      store.db.transaction = () => Promise.reject(new Error('connection lost'));
      try {
        await expect(rt.flush()).rejects.toThrow('connection lost');
      } finally {
        store.db.transaction = realTx;
      }
      expect(rt.failedFlushes()).toBe(1);
      await rt.close();
      expect((await telemetryStore(store.db).counters())['points.accepted']).toBe(before + 1);
      expect(await telemetryStore(store.db).snapshot(vin)).toBeDefined();
    });

    it('trigger events are stored once per vehicle, kind and time', async () => {
      const sql = telemetryStore(store.db);
      const e = { vin: own1Vin(), kind: 'new_trouble_code' as const, at: now.getTime(), detail: { code: 'P0420' }, reasons: ['new code'] };
      expect(await sql.insertTriggers([e, e])).toBe(1);
      expect(await sql.insertTriggers([e])).toBe(0);
      expect(await sql.triggers(own1Vin())).toHaveLength(1);
    });

    it('subject hook: exports and erases the person\'s telemetry rows, including quarantined raw payloads naming the VIN', async () => {
      const vin = own1Vin();
      const q = createSqlQuarantine(store.db);
      q.put({ ...entry(1), vin: null, raw: `{"vin":"${vin}","path":"Vehicle.Nope"}` });
      q.put(entry(2, vin));
      await q.flush();
      const rights = subjectRights(store.db, [telemetrySubjectDataHook]);
      const exported = (await rights.export('own-1')) as Record<string, { features: unknown[]; triggers: unknown[]; quarantine: unknown[] }>;
      expect(exported.telemetry!.features).toHaveLength(1);
      expect(exported.telemetry!.triggers).toHaveLength(1);
      expect(exported.telemetry!.quarantine).toHaveLength(4); // the 900 km/h point, the replayed batch, and the two above
      await rights.erase('own-1');
      const ours = (await findLeftovers(store.db, [vin])).filter((h) => h.table.startsWith('telemetry_') || h.table === 'vehicle_features');
      expect(ours).toEqual([]);
      expect(await telemetryStore(store.db).snapshot(own2Vin())).toBeDefined();
    });
  });
}
