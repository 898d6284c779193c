import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkVin } from '../kernel';
import { ConsentChange, Dealer, HardwareVariant, Market, Owner, StockLine, TenantNode, Trim, Vehicle, VehicleModel, allowedParents } from '../domain';
import { generateMarket, streamMarket } from './generate-market';
import { loadShippedScenario } from './scenario-io';
import { parseScenario } from './scenario';

const demo = loadShippedScenario('demo');

describe('generateMarket', () => {
  const market = generateMarket(demo, { seed: 7, vehicles: 600 });

  it('produces objects that pass every domain schema', () => {
    z.array(Market).parse(market.markets);
    z.array(TenantNode).parse(market.tenants);
    z.array(Dealer).parse(market.dealers);
    z.array(StockLine).parse(market.stock);
    z.array(VehicleModel).parse(market.models);
    z.array(Trim).parse(market.trims);
    z.array(HardwareVariant).parse(market.hardwareVariants);
    z.array(Vehicle).parse(market.vehicles);
    z.array(Owner).parse(market.owners);
    z.array(ConsentChange).parse(market.consents);
    expect(market.vehicles).toHaveLength(600);
    expect(market.dealers).toHaveLength(30);
    expect(market.vehicles.every((v) => checkVin(v.vin).valid)).toBe(true);
  });

  it('builds a tenant tree OEM → NSC → distributor → dealer with allowed parents', () => {
    const byId = new Map(market.tenants.map((t) => [t.id, t]));
    expect(byId.size).toBe(market.tenants.length);
    for (const t of market.tenants) {
      const parent = t.parentId === null ? null : byId.get(t.parentId);
      expect(parent, `parent of ${t.id}`).not.toBeUndefined();
      expect(allowedParents[t.kind]).toContain(parent ? parent.kind : null);
    }
    const kinds = market.tenants.map((t) => t.kind);
    expect(kinds.filter((k) => k === 'oem')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'nsc').sort()).toHaveLength(4); // US (with US-CA), UK, DE, FR
    expect(kinds).toContain('mobility_provider');
    for (const d of market.dealers) expect(byId.get(d.id)?.kind).toBe('dealer');
  });

  it('links vehicles, owners, dealers and catalog consistently, with unique VINs', () => {
    const dealers = new Set(market.dealers.map((d) => d.id));
    const owners = new Map(market.owners.map((o) => [o.id, o]));
    const trims = new Set(market.trims.map((t) => t.id));
    const hws = new Set(market.hardwareVariants.map((h) => h.id));
    expect(new Set(market.vehicles.map((v) => v.vin)).size).toBe(market.vehicles.length);
    for (const v of market.vehicles) {
      expect(trims.has(v.trimId)).toBe(true);
      expect(hws.has(v.hardwareVariantId)).toBe(true);
      if (v.homeDealerId) expect(dealers.has(v.homeDealerId)).toBe(true);
      if (v.ownerId) expect(owners.get(v.ownerId)?.market).toBe(v.market);
    }
    expect(market.vehicles.some((v) => v.ownerId === null)).toBe(true); // mobility fleet
    for (const c of market.consents) expect(owners.has(c.ownerId)).toBe(true);
    expect(market.consents.some((c) => !c.granted)).toBe(true);
    expect(market.consents.some((c) => c.granted)).toBe(true);
  });

  it('is byte-identical for the same scenario and seed, and differs across seeds', () => {
    const again = JSON.stringify(generateMarket(demo, { seed: 7, vehicles: 600 }));
    expect(again).toBe(JSON.stringify(market));
    expect(JSON.stringify(generateMarket(demo, { seed: 8, vehicles: 600 }))).not.toBe(again);
  });

  it('streams the same fleet whatever the chunk size', () => {
    const stream = streamMarket(demo, { seed: 7, vehicles: 600 });
    const chunks = [...stream.chunks(128)];
    expect(chunks).toHaveLength(5);
    expect(chunks.flatMap((c) => c.vehicles)).toEqual(market.vehicles);
    expect(chunks.flatMap((c) => c.owners)).toEqual(market.owners);
  });
});

describe('shipped scenarios', () => {
  it.each(['demo', 'us-ca', 'de-fr', 'uk'])('%s parses and generates a valid sample', (name) => {
    const s = loadShippedScenario(name);
    const m = generateMarket(s, { seed: 1, vehicles: 50 });
    z.array(Vehicle).parse(m.vehicles);
    z.array(Dealer).parse(m.dealers);
    expect(m.dealers.length).toBe(s.markets.reduce((n, x) => n + x.dealers, 0));
  });
  it('rejects a scenario whose market parent is missing', () => {
    const bad = { ...demo, markets: demo.markets.filter((m) => m.code !== 'EU') };
    expect(() => parseScenario(bad)).toThrow(/scenario does not match/);
  });
});
