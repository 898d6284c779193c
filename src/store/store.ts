import type { Db } from './db';
import { customerRepo } from './customer-repo';
import { networkRepo } from './network-repo';
import { programRepo } from './program-repo';
import { num } from './rows';
import type { TenantScope } from './scope';

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
      // One grouped pass per table, joined to the owning dealer's tenant node once,
      // instead of a scoped subquery per market and row.
      const path = scope.kind === 'global' ? '/' : scope.path;
      const grouped = async (sql: string) => {
        const { rows } = await db.query<{ market: string; n: number }>(sql, [path]);
        return new Map(rows.map((r) => [String(r.market), num(r.n)]));
      };
      const [dealers, vehicles, owners] = await Promise.all([
        grouped(`SELECT n.market, count(*) AS n FROM dealers d JOIN tenant_nodes n ON n.id = d.node_id WHERE n.path LIKE $1 || '%' GROUP BY n.market`),
        grouped(`SELECT v.market, count(*) AS n FROM vehicles v JOIN tenant_nodes n ON n.id = v.home_dealer_id WHERE n.path LIKE $1 || '%' GROUP BY v.market`),
        grouped(`SELECT o.market, count(*) AS n FROM owners o JOIN tenant_nodes n ON n.id = o.home_dealer_id WHERE n.path LIKE $1 || '%' GROUP BY o.market`),
      ]);
      const { rows } = await db.query<Record<string, unknown>>('SELECT code, name, currency FROM markets ORDER BY code');
      const markets = rows.map((r) => {
        const code = String(r.code);
        return { market: code, name: String(r.name), currency: String(r.currency), dealers: dealers.get(code) ?? 0, vehicles: vehicles.get(code) ?? 0, owners: owners.get(code) ?? 0 };
      });
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
