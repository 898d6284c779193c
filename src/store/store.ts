import type { Db } from './db';
import { customerRepo } from './customer-repo';
import { networkRepo } from './network-repo';
import { programRepo } from './program-repo';
import { num } from './rows';
import { scopePredicate, type TenantScope } from './scope';

export interface MarketOverview {
  market: string;
  name: string;
  currency: string;
  dealers: number;
  vehicles: number;
  owners: number;
}

export interface Overview {
  totals: { markets: number; dealers: number; vehicles: number; owners: number; offers: number; campaigns: number };
  markets: MarketOverview[];
}

/** All repositories over one database. The same SQL serves PGlite and PostgreSQL. */
export function createStore(db: Db) {
  const network = networkRepo(db);
  const customers = customerRepo(db);
  const programs = programRepo(db);
  return {
    db,
    kind: db.kind,
    network,
    customers,
    programs,

    async overview(scope: TenantScope): Promise<Overview> {
      const sd = scopePredicate(scope, 'd.node_id', 1);
      const sv = scopePredicate(scope, 'v.home_dealer_id', 1);
      const so = scopePredicate(scope, 'o.home_dealer_id', 1);
      const { rows } = await db.query<Record<string, unknown>>(
        `SELECT m.code, m.name, m.currency,
            (SELECT count(*) FROM dealers d JOIN tenant_nodes n ON n.id = d.node_id WHERE n.market = m.code AND ${sd.sql}) AS dealers,
            (SELECT count(*) FROM vehicles v WHERE v.market = m.code AND ${sv.sql}) AS vehicles,
            (SELECT count(*) FROM owners o WHERE o.market = m.code AND ${so.sql}) AS owners
           FROM markets m ORDER BY m.code`,
        sd.params,
      );
      const markets = rows.map((r) => ({ market: String(r.code), name: String(r.name), currency: String(r.currency), dealers: num(r.dealers), vehicles: num(r.vehicles), owners: num(r.owners) }));
      const counts = await db.query<Record<string, unknown>>('SELECT (SELECT count(*) FROM offers) AS offers, (SELECT count(*) FROM campaigns) AS campaigns');
      const sum = (k: 'dealers' | 'vehicles' | 'owners') => markets.reduce((a, m) => a + m[k], 0);
      return {
        totals: { markets: markets.length, dealers: sum('dealers'), vehicles: sum('vehicles'), owners: sum('owners'), offers: num(counts.rows[0]?.offers), campaigns: num(counts.rows[0]?.campaigns) },
        markets,
      };
    },

    async ping(): Promise<void> {
      await db.query('SELECT 1');
    },

    close: () => db.close(),
  };
}

export type Store = ReturnType<typeof createStore>;
