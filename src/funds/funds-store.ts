import type { Fund } from '../domain';
import { ForecourtError } from '../kernel';
import { catalogStore } from '../offers';
import { createStore, iso, scopePredicate, type Db, type TenantScope } from '../store';
import { accrueRedemption, type AccrualOutcome, type Redemption } from './accrue-redemption';
import { adjudicateClaim, ClaimPolicy, type ClaimDecision, type ClaimReason, type DealerClaim } from './adjudicate-claim';
import { fundPosition, type FundPosition } from './fund-position';
import { appendToLedger, LedgerEntry, openFund, type Ledger } from './ledger';

export interface StoredClaim extends DealerClaim {
  status: 'settled' | 'rejected';
  reasons: ClaimReason[];
}

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

function toFund(r: Record<string, unknown>): Fund {
  return { id: String(r.id), programId: String(r.program_id), tierNodeId: String(r.tier_node_id), currency: r.currency as Fund['currency'], budgetMinor: num(r.budget_minor) };
}

function toClaim(r: Record<string, unknown>): StoredClaim {
  return {
    id: String(r.id), fundId: String(r.fund_id), offerId: String(r.offer_id), dealerId: String(r.dealer_id), vin: String(r.vin),
    redeemedAt: iso(r.redeemed_at), amountMinor: num(r.amount_minor), submittedAt: iso(r.submitted_at),
    status: r.status as StoredClaim['status'], reasons: json<ClaimReason[]>(r.reasons),
  };
}

/**
 * Funds a scope may see: those whose tier node is the caller's node, below it, or above it
 * (a dealer sees the NSC fund that pays its claims). Another NSC's or dealer's fund is invisible.
 */
function fundVisibility(scope: TenantScope, index: number): { sql: string; params: unknown[] } {
  if (scope.kind === 'global') return { sql: 'TRUE', params: [] };
  return {
    sql: `EXISTS (SELECT 1 FROM tenant_nodes fn WHERE fn.id = f.tier_node_id AND (fn.path LIKE $${index} || '%' OR $${index} LIKE fn.path || '%'))`,
    params: [scope.path],
  };
}

/** The fund ledger, fund budgets, redemptions and dealer claims. */
export function fundsStore(db: Db) {
  const core = createStore(db);

  async function ledger(q: Db, fundId: string): Promise<Ledger> {
    const { rows } = await q.query<{ entry: unknown }>('SELECT entry FROM fund_ledger WHERE fund_id = $1 ORDER BY seq', [fundId]);
    return rows.map((r) => LedgerEntry.parse(json(r.entry)));
  }

  /** Appends after checking the ledger's rules (unique ids, never back-dated). Call inside a transaction holding the fund's row lock. */
  async function append(q: Db, fundId: string, entries: readonly LedgerEntry[]): Promise<void> {
    appendToLedger(await ledger(q, fundId), entries);
    for (const e of entries) {
      await q.query('INSERT INTO fund_ledger (id, fund_id, type, at, entry) VALUES ($1, $2, $3, $4, $5)', [e.id, e.fundId, e.type, e.at, JSON.stringify(e)]);
    }
  }

  async function lockFund(q: Db, fundId: string): Promise<Fund | undefined> {
    const { rows } = await q.query<Record<string, unknown>>('SELECT * FROM funds WHERE id = $1 FOR UPDATE', [fundId]);
    return rows[0] ? toFund(rows[0]) : undefined;
  }

  async function visibleFund(scope: TenantScope, fundId: string): Promise<Fund | undefined> {
    const v = fundVisibility(scope, 2);
    const { rows } = await db.query<Record<string, unknown>>(`SELECT f.* FROM funds f WHERE f.id = $1 AND ${v.sql}`, [fundId, ...v.params]);
    return rows[0] ? toFund(rows[0]) : undefined;
  }

  async function requireDealer(scope: TenantScope, dealerId: string): Promise<void> {
    if (!(await core.network.getDealer(scope, dealerId))) throw new ForecourtError('NOT_FOUND');
  }

  return {
    ledger: (fundId: string) => ledger(db, fundId),

    async listFunds(scope: TenantScope): Promise<Fund[]> {
      const v = fundVisibility(scope, 1);
      const { rows } = await db.query<Record<string, unknown>>(`SELECT f.* FROM funds f WHERE ${v.sql} ORDER BY f.id`, v.params);
      return rows.map(toFund);
    },

    /**
     * Opens a fund (a `budget` entry of its whole budget) or changes its budget (a `budget` entry
     * of the difference). The tier node must be the caller's node or below it.
     */
    async putFund(scope: TenantScope, fund: Fund, now: Date, note = 'budget changed'): Promise<{ created: boolean; position: FundPosition }> {
      if (!(await core.network.getNode(scope, fund.tierNodeId))) throw new ForecourtError('NOT_FOUND');
      if (!(await core.programs.listPrograms()).some((p) => p.id === fund.programId)) throw new ForecourtError('CONFLICT', `program ${fund.programId} does not exist`);
      return db.transaction(async (tx) => {
        const existing = await lockFund(tx, fund.id);
        if (existing) {
          const s = scopePredicate(scope, 'tier_node_id', 2);
          const mine = await tx.query(`SELECT 1 FROM funds WHERE id = $1 AND ${s.sql}`, [fund.id, ...s.params]);
          if (mine.rows.length === 0) throw new ForecourtError('NOT_FOUND');
          if (existing.programId !== fund.programId || existing.tierNodeId !== fund.tierNodeId || existing.currency !== fund.currency) {
            throw new ForecourtError('CONFLICT', `fund ${fund.id} exists with another program, tier or currency; only its budget can change`);
          }
          const delta = fund.budgetMinor - existing.budgetMinor;
          if (delta !== 0) {
            const count = (await ledger(tx, fund.id)).length;
            await tx.query('UPDATE funds SET budget_minor = $2 WHERE id = $1', [fund.id, fund.budgetMinor]);
            await append(tx, fund.id, [{ type: 'budget', id: `${fund.id}:budget:${count}`, fundId: fund.id, at: now.toISOString(), deltaMinor: delta, note }]);
          }
          return { created: false, position: fundPosition(await ledger(tx, fund.id), fund.id) };
        }
        await tx.query('INSERT INTO funds (id, program_id, tier_node_id, currency, budget_minor) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING',
          [fund.id, fund.programId, fund.tierNodeId, fund.currency, fund.budgetMinor]);
        await append(tx, fund.id, [openFund(fund, now)]);
        return { created: true, position: fundPosition(await ledger(tx, fund.id), fund.id) };
      });
    },

    /** The fund position report; NOT_FOUND when the fund is not visible to the scope. */
    async position(scope: TenantScope, fundId: string): Promise<FundPosition & { fund: Fund }> {
      const fund = await visibleFund(scope, fundId);
      if (!fund) throw new ForecourtError('NOT_FOUND');
      return { ...fundPosition(await ledger(db, fundId), fundId), fund };
    },

    /** Records a redemption of a funded offer at a dealer as an accrual, or says why none is recorded. */
    async redeem(scope: TenantScope, input: { offerId: string } & Redemption, now: Date): Promise<AccrualOutcome> {
      await requireDealer(scope, input.dealerId);
      const offer = await catalogStore(db).get({ kind: 'global' }, input.offerId);
      const dealerScope = { kind: 'node', nodeId: input.dealerId, path: (await core.network.nodePath(input.dealerId)) ?? '' } as const;
      if (!offer || !(await catalogStore(db).get(dealerScope, input.offerId))) throw new ForecourtError('NOT_FOUND');
      if (offer.fundId === null) return { ok: false, code: 'wrong_fund', detail: `${offer.id} is not funded by a trade fund` };
      const fundId = offer.fundId;
      return db.transaction(async (tx) => {
        const fund = await lockFund(tx, fundId);
        if (!fund) throw new ForecourtError('NOT_FOUND');
        const outcome = accrueRedemption(await ledger(tx, fundId), fund, offer, { vin: input.vin, dealerId: input.dealerId, redeemedAt: input.redeemedAt }, now);
        if (outcome.ok) await append(tx, fundId, [outcome.entry]);
        return outcome;
      });
    },

    /**
     * Adjudicates a dealer's claim against the ledger (src/funds adjudicateClaim) and records the
     * decision. A claim naming a fund or offer that does not exist is rejected, not an error.
     */
    async submitClaim(scope: TenantScope, claim: DealerClaim, now: Date, policy: ClaimPolicy = ClaimPolicy.parse({})): Promise<ClaimDecision> {
      await requireDealer(scope, claim.dealerId);
      const offer = await catalogStore(db).get({ kind: 'global' }, claim.offerId);
      const nodes = (await core.network.listNodes({ kind: 'global' })).map(({ path: _path, ...n }) => n);
      const ctx = offer ? await catalogStore(db).eligibilityContext({ kind: 'global' }, claim.vin, { at: new Date(claim.redeemedAt), dealerId: claim.dealerId }) : undefined;
      return db.transaction(async (tx) => {
        const fund = await lockFund(tx, claim.fundId);
        let decision: ClaimDecision;
        if (!fund || !offer) {
          const detail = !fund ? `no fund ${claim.fundId}` : `no offer ${claim.offerId}`;
          decision = { claimId: claim.id, status: 'rejected', reasons: [{ code: 'offer_matches_fund', passed: false, detail }], entries: [] };
        } else {
          decision = adjudicateClaim({ claim, fund, offer, ledger: await ledger(tx, fund.id), nodes, contextAtRedemption: ctx ?? null, policy, now });
          await append(tx, fund.id, decision.entries);
        }
        await tx.query(
          `INSERT INTO dealer_claims (id, fund_id, offer_id, dealer_id, vin, redeemed_at, amount_minor, submitted_at, status, reasons)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING`,
          [claim.id, claim.fundId, claim.offerId, claim.dealerId, claim.vin, claim.redeemedAt, claim.amountMinor, claim.submittedAt, decision.status, JSON.stringify(decision.reasons)],
        );
        return decision;
      });
    },

    async listClaims(scope: TenantScope, filter: { dealerId?: string } = {}): Promise<StoredClaim[]> {
      if (filter.dealerId !== undefined) await requireDealer(scope, filter.dealerId);
      const s = scopePredicate(scope, 'dealer_id', 2);
      const { rows } = await db.query<Record<string, unknown>>(
        `SELECT * FROM dealer_claims WHERE ($1::text IS NULL OR dealer_id = $1) AND ${s.sql} ORDER BY submitted_at DESC, id`, [filter.dealerId ?? null, ...s.params]);
      return rows.map(toClaim);
    },
  };
}

export type FundsStore = ReturnType<typeof fundsStore>;
