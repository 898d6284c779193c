import type { Dealer, Market, StockLine, TenantNode } from '../domain';
import { allowedParents } from '../domain';
import { ForecourtError } from '../kernel';
import type { Db } from './db';
import { num, textArray } from './rows';
import { scopePredicate, type TenantScope } from './scope';

export interface DealerView extends Dealer {
  parentId: string | null;
  market: string | null;
}

export function networkRepo(db: Db) {
  async function nodePath(id: string): Promise<string | undefined> {
    const { rows } = await db.query<{ path: string }>('SELECT path FROM tenant_nodes WHERE id = $1', [id]);
    return rows[0]?.path;
  }

  async function loadDealers(where: string, params: unknown[]): Promise<DealerView[]> {
    const { rows } = await db.query<Record<string, unknown>>(
      `SELECT d.*, n.name, n.parent_id, n.market,
              COALESCE((SELECT json_agg(json_build_object('competency', t.competency, 'technicians', t.technicians, 'hoursPerDay', t.hours_per_day) ORDER BY t.competency)
                        FROM dealer_technicians t WHERE t.dealer_id = d.node_id), '[]'::json) AS technicians
         FROM dealers d JOIN tenant_nodes n ON n.id = d.node_id
        WHERE ${where} ORDER BY d.code`,
      params,
    );
    return rows.map((r) => ({
      id: String(r.node_id),
      code: String(r.code),
      name: String(r.name),
      lat: num(r.lat),
      lon: num(r.lon),
      territory: textArray(r.territory),
      serviceBaysPerDay: num(r.service_bays_per_day),
      technicians: (typeof r.technicians === 'string' ? JSON.parse(r.technicians) : r.technicians) as Dealer['technicians'],
      competitionIndex: num(r.competition_index),
      parentId: (r.parent_id as string | null) ?? null,
      market: (r.market as string | null) ?? null,
    }));
  }

  return {
    async upsertMarket(m: Market): Promise<void> {
      await db.query(
        `INSERT INTO markets (code, name, currency, languages, parent) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, currency = EXCLUDED.currency, languages = EXCLUDED.languages, parent = EXCLUDED.parent`,
        [m.code, m.name, m.currency, m.languages, m.parent],
      );
    },

    async listMarkets(): Promise<Market[]> {
      const { rows } = await db.query<Record<string, unknown>>('SELECT * FROM markets ORDER BY code');
      return rows.map((r) => ({
        code: r.code as Market['code'],
        name: String(r.name),
        currency: r.currency as Market['currency'],
        languages: textArray(r.languages) as Market['languages'],
        parent: (r.parent as Market['parent']) ?? null,
      }));
    },

    /** Inserts a node under its parent, checking the tier rules. */
    async insertNode(node: TenantNode): Promise<void> {
      let parentPath = '/';
      let parentKind: TenantNode['kind'] | null = null;
      if (node.parentId !== null) {
        const { rows } = await db.query<{ path: string; kind: TenantNode['kind'] }>('SELECT path, kind FROM tenant_nodes WHERE id = $1', [node.parentId]);
        if (!rows[0]) throw new ForecourtError('VALIDATION_FAILED', `parent node ${node.parentId} does not exist`);
        parentPath = rows[0].path;
        parentKind = rows[0].kind;
      }
      if (!allowedParents[node.kind].includes(parentKind)) {
        throw new ForecourtError('VALIDATION_FAILED', `a ${node.kind} cannot sit under ${parentKind ?? 'nothing'}`);
      }
      await db.query(
        `INSERT INTO tenant_nodes (id, kind, parent_id, name, market, path) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, market = EXCLUDED.market`,
        [node.id, node.kind, node.parentId, node.name, node.market, `${parentPath}${node.id}/`],
      );
    },

    async getNode(scope: TenantScope, id: string): Promise<(TenantNode & { path: string }) | undefined> {
      const s = scopePredicate(scope, 'n.id', 2);
      const { rows } = await db.query<Record<string, unknown>>(`SELECT * FROM tenant_nodes n WHERE n.id = $1 AND ${s.sql}`, [id, ...s.params]);
      const r = rows[0];
      if (!r) return undefined;
      return { id: String(r.id), kind: r.kind as TenantNode['kind'], parentId: (r.parent_id as string | null) ?? null, name: String(r.name), market: (r.market as TenantNode['market']) ?? null, path: String(r.path) };
    },

    async listNodes(scope: TenantScope): Promise<(TenantNode & { path: string })[]> {
      const s = scopePredicate(scope, 'n.id', 1);
      const { rows } = await db.query<Record<string, unknown>>(`SELECT * FROM tenant_nodes n WHERE ${s.sql} ORDER BY n.path`, s.params);
      return rows.map((r) => ({ id: String(r.id), kind: r.kind as TenantNode['kind'], parentId: (r.parent_id as string | null) ?? null, name: String(r.name), market: (r.market as TenantNode['market']) ?? null, path: String(r.path) }));
    },

    nodePath,

    /** The dealer's tenant node must exist already (insertNode with kind 'dealer'). */
    async upsertDealer(d: Dealer): Promise<void> {
      await db.transaction(async (tx) => {
        const { rows } = await tx.query<{ kind: string }>('SELECT kind FROM tenant_nodes WHERE id = $1', [d.id]);
        if (rows[0]?.kind !== 'dealer') throw new ForecourtError('VALIDATION_FAILED', `tenant node ${d.id} is not a dealer`);
        await tx.query(
          `INSERT INTO dealers (node_id, code, lat, lon, territory, service_bays_per_day, competition_index) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (node_id) DO UPDATE SET code = EXCLUDED.code, lat = EXCLUDED.lat, lon = EXCLUDED.lon, territory = EXCLUDED.territory,
             service_bays_per_day = EXCLUDED.service_bays_per_day, competition_index = EXCLUDED.competition_index`,
          [d.id, d.code, d.lat, d.lon, d.territory, d.serviceBaysPerDay, d.competitionIndex],
        );
        await tx.query('DELETE FROM dealer_technicians WHERE dealer_id = $1', [d.id]);
        for (const t of d.technicians) {
          await tx.query('INSERT INTO dealer_technicians (dealer_id, competency, technicians, hours_per_day) VALUES ($1, $2, $3, $4)', [d.id, t.competency, t.technicians, t.hoursPerDay]);
        }
      });
    },

    async getDealer(scope: TenantScope, id: string): Promise<DealerView | undefined> {
      const s = scopePredicate(scope, 'd.node_id', 2);
      return (await loadDealers(`d.node_id = $1 AND ${s.sql}`, [id, ...s.params]))[0];
    },

    async listDealers(scope: TenantScope, filter: { market?: string } = {}): Promise<DealerView[]> {
      const s = scopePredicate(scope, 'd.node_id', 2);
      return loadDealers(`($1::text IS NULL OR n.market = $1) AND ${s.sql}`, [filter.market ?? null, ...s.params]);
    },

    async setStock(lines: readonly StockLine[]): Promise<void> {
      await db.transaction(async (tx) => {
        for (const l of lines) {
          await tx.query(
            `INSERT INTO dealer_stock (dealer_id, sku, kind, quantity) VALUES ($1, $2, $3, $4)
             ON CONFLICT (dealer_id, sku) DO UPDATE SET kind = EXCLUDED.kind, quantity = EXCLUDED.quantity`,
            [l.dealerId, l.sku, l.kind, l.quantity],
          );
        }
      });
    },

    async listStock(scope: TenantScope, dealerId: string): Promise<StockLine[]> {
      const s = scopePredicate(scope, 'dealer_id', 2);
      const { rows } = await db.query<Record<string, unknown>>(`SELECT * FROM dealer_stock WHERE dealer_id = $1 AND ${s.sql} ORDER BY sku`, [dealerId, ...s.params]);
      return rows.map((r) => ({ dealerId: String(r.dealer_id), sku: String(r.sku), kind: r.kind as StockLine['kind'], quantity: num(r.quantity) }));
    },

    /** The stock of several dealers in one query (plan building), scoped like `listStock`. */
    async listStockOf(scope: TenantScope, dealerIds: readonly string[]): Promise<StockLine[]> {
      if (dealerIds.length === 0) return [];
      const s = scopePredicate(scope, 'dealer_id', 2);
      const { rows } = await db.query<Record<string, unknown>>(`SELECT * FROM dealer_stock WHERE dealer_id = ANY($1::text[]) AND ${s.sql} ORDER BY dealer_id, sku`, [dealerIds, ...s.params]);
      return rows.map((r) => ({ dealerId: String(r.dealer_id), sku: String(r.sku), kind: r.kind as StockLine['kind'], quantity: num(r.quantity) }));
    },
  };
}

export type NetworkRepo = ReturnType<typeof networkRepo>;
