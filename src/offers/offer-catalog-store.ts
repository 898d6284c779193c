import type { Channel, Offer } from '../domain';
import { ForecourtError } from '../kernel';
import { createStore, iso, scopePredicate, type Db, type TenantScope } from '../store';
import type { CatalogOffer, OfferContent, StoredRule } from './catalog-offer';
import { EligibilityContext, type PriorOfferEvent } from './conditions';
import { consentStateAt } from './consent-state';

/** An offer as stored: the catalog fields, with the owner resolved (an offer without one belongs to its program's owner). */
export interface CatalogView extends Offer {
  ownerNodeId: string;
  fundId: string | null;
  costMinor: number;
  content: OfferContent[];
  exclusivityGroup: string | null;
  stackable: boolean;
  priority: number;
  perCustomerLimit: number | null;
  globalLimit: number | null;
  rules: StoredRule[];
}

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
const arr = (v: unknown): string[] => {
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === 'string' && v.startsWith('{')) return v.slice(1, -1) === '' ? [] : v.slice(1, -1).split(',').map((s) => s.replace(/^"|"$/g, ''));
  return [];
};

function toView(r: Record<string, unknown>): CatalogView {
  return {
    id: String(r.id), programId: String(r.program_id), kind: r.kind as Offer['kind'], name: String(r.name), markets: arr(r.markets) as Offer['markets'],
    validFrom: iso(r.valid_from), validTo: iso(r.valid_to), terms: json<Offer['terms']>(r.terms), requires: json<Offer['requires']>(r.requires),
    requiresStock: arr(r.requires_stock), ownerNodeId: String(r.owner), fundId: (r.fund_id as string | null) ?? null, costMinor: num(r.cost_minor),
    content: json<OfferContent[]>(r.content), exclusivityGroup: (r.exclusivity_group as string | null) ?? null, stackable: Boolean(r.stackable),
    priority: num(r.priority), perCustomerLimit: r.per_customer_limit === null ? null : num(r.per_customer_limit),
    globalLimit: r.global_limit === null || r.global_limit === undefined ? null : num(r.global_limit), rules: json<StoredRule[]>(r.rules),
  };
}

/**
 * Offers a scope may see: those owned by its own node, a node below it (a dealer's own offers
 * for its distributor) or a node above it (the OEM's and NSC's offers reach their dealers).
 * Another dealer's offers are invisible.
 */
function offerVisibility(scope: TenantScope, index: number): { sql: string; params: unknown[] } {
  if (scope.kind === 'global') return { sql: 'TRUE', params: [] };
  return {
    sql: `EXISTS (SELECT 1 FROM tenant_nodes vn WHERE vn.id = COALESCE(o.owner_node_id, p.owner_node_id) AND (vn.path LIKE $${index} || '%' OR $${index} LIKE vn.path || '%'))`,
    params: [scope.path],
  };
}

const select = `SELECT o.*, COALESCE(o.owner_node_id, p.owner_node_id) AS owner FROM offers o JOIN programs p ON p.id = o.program_id`;

export function catalogStore(db: Db) {
  const core = createStore(db);

  async function get(scope: TenantScope, id: string): Promise<CatalogView | undefined> {
    const v = offerVisibility(scope, 2);
    const { rows } = await db.query<Record<string, unknown>>(`${select} WHERE o.id = $1 AND ${v.sql}`, [id, ...v.params]);
    return rows[0] ? toView(rows[0]) : undefined;
  }

  return {
    get,

    async list(scope: TenantScope, filter: { market?: string; ids?: readonly string[] } = {}): Promise<CatalogView[]> {
      const v = offerVisibility(scope, 3);
      const { rows } = await db.query<Record<string, unknown>>(
        `${select} WHERE ($1::text IS NULL OR $1 = ANY(o.markets)) AND ($2::text[] IS NULL OR o.id = ANY($2::text[])) AND ${v.sql} ORDER BY o.id`,
        [filter.market ?? null, filter.ids ? [...filter.ids] : null, ...v.params],
      );
      return rows.map(toView);
    },

    /**
     * Creates or replaces a catalog offer. The owner must be the caller's node or below it; an
     * offer owned elsewhere is NOT_FOUND, exactly like a missing one. Returns whether it was new.
     */
    async put(scope: TenantScope, offer: CatalogOffer): Promise<{ created: boolean }> {
      const owner = await core.network.getNode(scope, offer.ownerNodeId);
      if (!owner) throw new ForecourtError('NOT_FOUND');
      const existing = await db.query<Record<string, unknown>>(`${select} WHERE o.id = $1`, [offer.id]);
      if (existing.rows[0]) {
        const s = scopePredicate(scope, 'COALESCE(o.owner_node_id, p.owner_node_id)', 2);
        const mine = await db.query(`${select} WHERE o.id = $1 AND ${s.sql}`, [offer.id, ...s.params]);
        if (mine.rows.length === 0) throw new ForecourtError('NOT_FOUND');
      }
      if (!(await core.programs.listPrograms()).some((p) => p.id === offer.programId)) {
        throw new ForecourtError('CONFLICT', `program ${offer.programId} does not exist`);
      }
      if (offer.fundId !== null) {
        const fund = (await core.programs.listFunds()).find((f) => f.id === offer.fundId);
        if (!fund) throw new ForecourtError('CONFLICT', `fund ${offer.fundId} does not exist`);
        if (fund.programId !== offer.programId) throw new ForecourtError('CONFLICT', `fund ${offer.fundId} belongs to ${fund.programId}, not ${offer.programId}`);
      }
      await db.query(
        `INSERT INTO offers (id, program_id, kind, name, markets, valid_from, valid_to, terms, requires, requires_stock,
                             owner_node_id, fund_id, cost_minor, content, exclusivity_group, stackable, priority, per_customer_limit, global_limit, rules)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
         ON CONFLICT (id) DO UPDATE SET program_id = EXCLUDED.program_id, kind = EXCLUDED.kind, name = EXCLUDED.name, markets = EXCLUDED.markets,
           valid_from = EXCLUDED.valid_from, valid_to = EXCLUDED.valid_to, terms = EXCLUDED.terms, requires = EXCLUDED.requires,
           requires_stock = EXCLUDED.requires_stock, owner_node_id = EXCLUDED.owner_node_id, fund_id = EXCLUDED.fund_id, cost_minor = EXCLUDED.cost_minor,
           content = EXCLUDED.content, exclusivity_group = EXCLUDED.exclusivity_group, stackable = EXCLUDED.stackable, priority = EXCLUDED.priority,
           per_customer_limit = EXCLUDED.per_customer_limit, global_limit = EXCLUDED.global_limit, rules = EXCLUDED.rules`,
        [offer.id, offer.programId, offer.kind, offer.name, offer.markets, offer.validFrom, offer.validTo, JSON.stringify(offer.terms),
          JSON.stringify(offer.requires), offer.requiresStock, offer.ownerNodeId, offer.fundId, offer.costMinor, JSON.stringify(offer.content),
          offer.exclusivityGroup, offer.stackable, offer.priority, offer.perCustomerLimit, offer.globalLimit, JSON.stringify(offer.rules)],
      );
      return { created: !existing.rows[0] };
    },

    /**
     * What eligibility looks at for one vehicle at a moment: the vehicle (as stored now), its
     * owner, consent as it was at `at`, redemptions of this VIN before `at` from the fund ledger,
     * and the serving dealer (the given one, else the home dealer) with its stock.
     * Undefined when the vehicle is not visible to the scope.
     */
    async eligibilityContext(scope: TenantScope, vin: string, opts: { at: Date; channel?: Channel | null; dealerId?: string | null }): Promise<EligibilityContext | undefined> {
      const vehicle = await core.customers.getVehicle(scope, vin);
      if (!vehicle) return undefined;
      const owner = vehicle.ownerId === null ? undefined : await core.customers.getOwner({ kind: 'global' }, vehicle.ownerId);
      const consent = owner ? consentStateAt(await core.customers.consentHistory(owner.id), owner.id, opts.at) : {};
      const { rows } = await db.query<Record<string, unknown>>(
        `SELECT entry FROM fund_ledger WHERE type = 'accrual' AND entry->>'vin' = $1 ORDER BY seq`, [vin]);
      const history: PriorOfferEvent[] = rows
        .map((r) => json<{ offerId: string; redeemedAt: string }>(r.entry))
        .filter((e) => Date.parse(e.redeemedAt) <= opts.at.getTime())
        .map((e) => ({ offerId: e.offerId, event: 'redeemed', channel: 'dealer_crm', at: e.redeemedAt }));
      const dealerId = opts.dealerId ?? vehicle.homeDealerId;
      const dealer = dealerId === null ? undefined : await core.network.getDealer({ kind: 'global' }, dealerId);
      const stock = dealer ? await core.network.listStock({ kind: 'global' }, dealer.id) : [];
      return EligibilityContext.parse({
        customer: { id: owner?.id ?? `vin:${vin}`, market: owner?.market ?? vehicle.market, homeDealerId: owner?.homeDealerId ?? vehicle.homeDealerId, ownedSince: null },
        vehicle,
        consent,
        channel: opts.channel ?? null,
        history,
        dealer: dealer ? {
          dealer: { id: dealer.id, code: dealer.code, name: dealer.name, lat: dealer.lat, lon: dealer.lon, territory: dealer.territory, serviceBaysPerDay: dealer.serviceBaysPerDay, technicians: dealer.technicians, competitionIndex: dealer.competitionIndex },
          stock,
        } : null,
      });
    },
  };
}

export type CatalogStore = ReturnType<typeof catalogStore>;
