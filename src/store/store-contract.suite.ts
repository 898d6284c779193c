import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Vehicle } from '../domain';
import { isForecourtError } from '../kernel';
import { fixture, loadFixture } from '../testing';
import type { Migration } from './migrate-io';
import { loadMigrations, migrate, pendingMigrations } from './migrate-io';
import type { TenantScope } from './scope';
import type { Store } from './store';

export interface ContractHarness {
  store: Store;
  cleanup(): Promise<void>;
}

/**
 * The behaviour every store backend must show (STYLE.md §7). Run once per
 * backend: embedded PGlite and the PostgreSQL server.
 */
export function storeContract(backend: string, open: () => Promise<ContractHarness>): void {
  describe(`store contract: ${backend}`, () => {
    let h: ContractHarness;
    let store: Store;
    const scopeOf = async (nodeId: string): Promise<TenantScope> => {
      const path = await store.network.nodePath(nodeId);
      if (!path) throw new Error(`no node ${nodeId}`);
      return { kind: 'node', nodeId, path };
    };

    beforeAll(async () => {
      h = await open();
      store = h.store;
      await loadFixture(store);
    });
    afterAll(async () => {
      await h?.cleanup();
    });

    it('reports the backend it runs on', () => {
      expect(store.kind).toBe(backend);
    });

    it('has applied every migration, and re-running is a no-op', async () => {
      expect(await pendingMigrations(store.db)).toEqual([]);
      const again = await migrate(store.db);
      expect(again.applied).toEqual([]);
      expect(again.alreadyApplied).toEqual(loadMigrations().map((m) => m.version));
    });

    it('refuses to run when an applied migration was edited afterwards', async () => {
      const edited: Migration[] = loadMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'edited' } : m));
      const err = await migrate(store.db, edited).catch((e: unknown) => e);
      expect(isForecourtError(err) && err.code).toBe('MIGRATION_CHECKSUM_MISMATCH');
    });

    it('round-trips markets with their inheritance', async () => {
      const markets = await store.network.listMarkets();
      expect(markets).toEqual([...fixture.markets].sort((a, b) => a.code.localeCompare(b.code)));
    });

    it('enforces the tier rules of the hierarchy', async () => {
      const err = await store.network.insertNode({ id: 'dlr-rogue', kind: 'dealer', parentId: 'oem', name: 'Rogue', market: 'US' }).catch((e: unknown) => e);
      expect(isForecourtError(err) && err.code).toBe('VALIDATION_FAILED');
      const orphan = await store.network.insertNode({ id: 'nsc-x', kind: 'nsc', parentId: 'missing', name: 'X', market: 'UK' }).catch((e: unknown) => e);
      expect(isForecourtError(orphan) && orphan.code).toBe('VALIDATION_FAILED');
    });

    it('keeps materialised paths so a subtree is one prefix', async () => {
      const node = await store.network.getNode({ kind: 'global' }, 'dlr-a');
      expect(node?.path).toBe('/oem/nsc-us/dist-us-west/dlr-a/');
      const underNscUs = await store.network.listNodes(await scopeOf('nsc-us'));
      expect(underNscUs.map((n) => n.id).sort()).toEqual(['dist-us-west', 'dlr-a', 'dlr-b', 'nsc-us']);
    });

    it('round-trips dealers with technicians per competency', async () => {
      const a = await store.network.getDealer({ kind: 'global' }, 'dlr-a');
      const { parentId, market, ...dealer } = a!;
      expect(dealer).toEqual({ ...fixture.dealers[0], technicians: [...fixture.dealers[0]!.technicians].sort((x, y) => x.competency.localeCompare(y.competency)) });
      expect(parentId).toBe('dist-us-west');
      expect(market).toBe('US');
      expect((await store.network.listDealers({ kind: 'global' }, { market: 'DE' })).map((d) => d.id)).toEqual(['dlr-c']);
    });

    it('replaces technicians on upsert instead of accumulating them', async () => {
      const b = fixture.dealers[1]!;
      await store.network.upsertDealer({ ...b, technicians: [{ competency: 'general', technicians: 5, hoursPerDay: 8 }] });
      expect((await store.network.getDealer({ kind: 'global' }, 'dlr-b'))!.technicians).toEqual([{ competency: 'general', technicians: 5, hoursPerDay: 8 }]);
      await store.network.upsertDealer(b);
    });

    it('stores stock per dealer and sku', async () => {
      expect(await store.network.listStock({ kind: 'global' }, 'dlr-a')).toEqual([...fixture.stock].sort((x, y) => x.sku.localeCompare(y.sku)));
      await store.network.setStock([{ dealerId: 'dlr-a', sku: 'PAD-FRONT-V1', kind: 'part', quantity: 2 }]);
      expect((await store.network.listStock({ kind: 'global' }, 'dlr-a')).find((l) => l.sku === 'PAD-FRONT-V1')?.quantity).toBe(2);
      // Several dealers in one query: the same lines as one query per dealer, and scoped the same way.
      const both = await store.network.listStockOf({ kind: 'global' }, ['dlr-a', 'dlr-b']);
      expect(both).toEqual([...await store.network.listStock({ kind: 'global' }, 'dlr-a'), ...await store.network.listStock({ kind: 'global' }, 'dlr-b')]);
      const dealerB = { kind: 'node' as const, nodeId: 'dlr-b', path: '/oem/nsc-us/dist-us-west/dlr-b/' };
      expect((await store.network.listStockOf(dealerB, ['dlr-a', 'dlr-b'])).every((l) => l.dealerId === 'dlr-b')).toBe(true);
    });

    it('round-trips vehicles and owners exactly', async () => {
      for (const v of fixture.vehicles) {
        expect(Vehicle.parse(await store.customers.getVehicle({ kind: 'global' }, v.vin))).toEqual(v);
      }
      expect(await store.customers.getOwner({ kind: 'global' }, 'own-4')).toEqual(fixture.owners[3]);
    });

    it('pages through vehicles without gaps or repeats', async () => {
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await store.customers.listVehicles({ kind: 'global' }, { limit: 3, ...(after ? { after } : {}) });
        seen.push(...page.items.map((v) => v.vin));
        if (!page.next) break;
        after = page.next;
      }
      expect(seen).toEqual(fixture.vehicles.map((v) => v.vin).sort());
    });

    it('scopes customer data to the tenant subtree: another dealer’s customer is simply absent', async () => {
      const a = await scopeOf('dlr-a');
      expect((await store.customers.listOwners(a, { limit: 100 })).items.map((o) => o.id)).toEqual(['own-1', 'own-2']);
      expect(await store.customers.getOwner(a, 'own-3')).toBeUndefined();
      expect(await store.customers.getOwner(a, 'own-404')).toBeUndefined();
      const vinOfB = fixture.vehicles[2]!.vin;
      expect(await store.customers.getVehicle(a, vinOfB)).toBeUndefined();
      expect(await store.network.getDealer(a, 'dlr-b')).toBeUndefined();
      const nscUs = await scopeOf('nsc-us');
      expect((await store.customers.listOwners(nscUs, { limit: 100 })).items.map((o) => o.id)).toEqual(['own-1', 'own-2', 'own-3']);
      expect((await store.customers.listVehicles(nscUs, { limit: 100, dealerId: 'dlr-c' })).items).toEqual([]);
    });

    it('records consent history and derives the current state; older events never overwrite newer', async () => {
      await store.customers.recordConsent(fixture.consent);
      await store.customers.recordConsent({ ...fixture.consent, granted: false, at: '2026-02-01T00:00:00.000Z', actor: 'support-7', source: 'support' });
      await store.customers.recordConsent({ ...fixture.consent, granted: true, at: '2026-01-20T00:00:00.000Z' }); // late, older
      expect(await store.customers.consentState('own-1')).toEqual({ 'telematics_marketing:any': false });
      const history = await store.customers.consentHistory('own-1');
      expect(history.map((c) => [c.at, c.granted])).toEqual([
        ['2026-01-10T09:00:00.000Z', true], ['2026-01-20T00:00:00.000Z', true], ['2026-02-01T00:00:00.000Z', false],
      ]);
      expect(await store.customers.consentState('own-2')).toEqual({});
    });

    it('records consents in bulk with the same history and latest-wins state', async () => {
      const base = { ownerId: 'own-4', channel: 'email', actor: 'import', source: 'import' } as const;
      await store.customers.recordConsents([
        { ...base, purpose: 'marketing_contact', granted: true, at: '2026-01-01T00:00:00.000Z' },
        { ...base, purpose: 'marketing_contact', granted: false, at: '2026-03-01T00:00:00.000Z' },
        { ...base, purpose: 'profiling', channel: 'any', granted: true, at: '2026-02-01T00:00:00.000Z' },
      ]);
      expect(await store.customers.consentState('own-4')).toEqual({ 'marketing_contact:email': false, 'profiling:any': true });
      expect(await store.customers.consentHistory('own-4')).toHaveLength(3);
    });

    it('round-trips offers with structured terms and requirements', async () => {
      expect(await store.programs.getOffer('off-brakes')).toEqual(fixture.offer);
      expect((await store.programs.listOffers({ market: 'DE' }))).toEqual([]);
      expect((await store.programs.listOffers({ market: 'US' })).map((o) => o.id)).toEqual(['off-brakes']);
    });

    it('rejects a malformed VIN at the database too', async () => {
      const bad = { ...fixture.vehicles[0]!, vin: 'NOT-A-VIN' };
      await expect(store.customers.upsertVehicles([bad])).rejects.toThrow();
    });

    it('rolls a failed transaction back completely', async () => {
      await expect(store.db.transaction(async (tx) => {
        await tx.query(`INSERT INTO vehicle_models (id, brand, name, powertrain) VALUES ('ghost', 'H', 'Ghost', 'ice')`);
        await tx.query(`INSERT INTO vehicle_models (id, brand, name, powertrain) VALUES ('ghost2', 'H', 'Ghost', 'steam')`);
      })).rejects.toThrow();
      expect((await store.customers.listModels()).map((m) => m.id)).toEqual(['vireo']);
    });

    it('gives an overview whose counts match the data, scoped like everything else', async () => {
      const all = await store.overview({ kind: 'global' });
      expect(all.totals).toMatchObject({ markets: 4, dealers: 3, vehicles: 4, owners: 4, offers: 1 });
      expect(all.markets.find((m) => m.market === 'US')).toMatchObject({ dealers: 2, vehicles: 3, owners: 3 });
      const c = await store.overview(await scopeOf('dlr-c'));
      expect(c.totals).toMatchObject({ dealers: 1, vehicles: 1, owners: 1 });
    });
  });
}
