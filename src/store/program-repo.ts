import type { Campaign, Fund, Offer, Program } from '../domain';
import type { Db } from './db';
import { iso, json, num, textArray } from './rows';

function toOffer(r: Record<string, unknown>): Offer {
  return {
    id: String(r.id), programId: String(r.program_id), kind: r.kind as Offer['kind'], name: String(r.name),
    markets: textArray(r.markets) as Offer['markets'], validFrom: iso(r.valid_from), validTo: iso(r.valid_to),
    terms: json<Offer['terms']>(r.terms), requires: json<Offer['requires']>(r.requires), requiresStock: textArray(r.requires_stock),
  };
}

export function programRepo(db: Db) {
  return {
    async upsertProgram(p: Program): Promise<void> {
      await db.query(
        `INSERT INTO programs (id, owner_node_id, name, market, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, market = EXCLUDED.market, starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at`,
        [p.id, p.ownerNodeId, p.name, p.market, p.startsAt, p.endsAt],
      );
    },
    async listPrograms(): Promise<Program[]> {
      const { rows } = await db.query<Record<string, unknown>>('SELECT * FROM programs ORDER BY id');
      return rows.map((r) => ({ id: String(r.id), ownerNodeId: String(r.owner_node_id), name: String(r.name), market: (r.market as Program['market']) ?? null, startsAt: iso(r.starts_at), endsAt: iso(r.ends_at) }));
    },
    async upsertFund(f: Fund): Promise<void> {
      await db.query(
        `INSERT INTO funds (id, program_id, tier_node_id, currency, budget_minor) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET budget_minor = EXCLUDED.budget_minor`,
        [f.id, f.programId, f.tierNodeId, f.currency, f.budgetMinor],
      );
    },
    async listFunds(): Promise<Fund[]> {
      const { rows } = await db.query<Record<string, unknown>>('SELECT * FROM funds ORDER BY id');
      return rows.map((r) => ({ id: String(r.id), programId: String(r.program_id), tierNodeId: String(r.tier_node_id), currency: r.currency as Fund['currency'], budgetMinor: num(r.budget_minor) }));
    },
    async upsertOffer(o: Offer): Promise<void> {
      await db.query(
        `INSERT INTO offers (id, program_id, kind, name, markets, valid_from, valid_to, terms, requires, requires_stock)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, markets = EXCLUDED.markets, valid_from = EXCLUDED.valid_from,
           valid_to = EXCLUDED.valid_to, terms = EXCLUDED.terms, requires = EXCLUDED.requires, requires_stock = EXCLUDED.requires_stock`,
        [o.id, o.programId, o.kind, o.name, o.markets, o.validFrom, o.validTo, JSON.stringify(o.terms), JSON.stringify(o.requires), o.requiresStock],
      );
    },
    async getOffer(id: string): Promise<Offer | undefined> {
      const { rows } = await db.query<Record<string, unknown>>('SELECT * FROM offers WHERE id = $1', [id]);
      return rows[0] ? toOffer(rows[0]) : undefined;
    },
    async listOffers(filter: { market?: string } = {}): Promise<Offer[]> {
      const { rows } = await db.query<Record<string, unknown>>('SELECT * FROM offers WHERE ($1::text IS NULL OR $1 = ANY(markets)) ORDER BY id', [filter.market ?? null]);
      return rows.map(toOffer);
    },
    async upsertCampaign(c: Campaign): Promise<void> {
      await db.query(
        `INSERT INTO campaigns (id, owner_node_id, name, status, offer_ids) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, status = EXCLUDED.status, offer_ids = EXCLUDED.offer_ids`,
        [c.id, c.ownerNodeId, c.name, c.status, c.offerIds],
      );
    },
    async listCampaigns(): Promise<Campaign[]> {
      const { rows } = await db.query<Record<string, unknown>>('SELECT * FROM campaigns ORDER BY id');
      return rows.map((r) => ({ id: String(r.id), ownerNodeId: String(r.owner_node_id), name: String(r.name), status: r.status as Campaign['status'], offerIds: textArray(r.offer_ids) }));
    },
  };
}

export type ProgramRepo = ReturnType<typeof programRepo>;
