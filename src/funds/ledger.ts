import { z } from 'zod';
import { Fund, NodeId, Offer, Vin } from '../domain';
import { ForecourtError } from '../kernel';

const entryBase = {
  id: z.string().min(1).max(120),
  fundId: Fund.shape.id,
  at: z.iso.datetime(),
};

/** One line of the append-only fund ledger. Amounts are integer minor units. */
export const LedgerEntry = z.discriminatedUnion('type', [
  /** Budget set or changed (positive or negative delta). */
  z.strictObject({ ...entryBase, type: z.literal('budget'), deltaMinor: z.int(), note: z.string().max(500) }),
  /** An offer was redeemed: the fund owes this much. */
  z.strictObject({ ...entryBase, type: z.literal('accrual'), offerId: Offer.shape.id, vin: Vin, dealerId: NodeId, redeemedAt: z.iso.datetime(), amountMinor: z.int().min(0) }),
  /** A dealer claim that passed every check. */
  z.strictObject({ ...entryBase, type: z.literal('claim'), claimId: z.string().min(1), offerId: Offer.shape.id, vin: Vin, dealerId: NodeId, amountMinor: z.int().min(0) }),
  /** Money paid out for an accepted claim. */
  z.strictObject({ ...entryBase, type: z.literal('settlement'), claimId: z.string().min(1), amountMinor: z.int().min(0) }),
  /** A claim that failed; kept for audit with the failed check codes. */
  z.strictObject({
    ...entryBase, type: z.literal('claim_rejected'), claimId: z.string().min(1), offerId: z.string(), vin: z.string(), dealerId: z.string(),
    amountMinor: z.int(), reasons: z.array(z.string()).min(1),
  }),
]);
export type LedgerEntry = z.infer<typeof LedgerEntry>;
export type Ledger = readonly LedgerEntry[];

/**
 * Returns a new ledger with the entries appended. Entries are never changed or removed:
 * an id already on the ledger, or an entry dated before the last one, is a CONFLICT.
 */
export function appendToLedger(ledger: Ledger, entries: readonly LedgerEntry[]): Ledger {
  const ids = new Set(ledger.map((e) => e.id));
  let last = ledger.length > 0 ? Date.parse(ledger[ledger.length - 1]?.at ?? '') : -Infinity;
  for (const entry of entries) {
    if (ids.has(entry.id)) throw new ForecourtError('CONFLICT', `ledger entry ${entry.id} already exists`, { id: entry.id });
    const at = Date.parse(entry.at);
    if (at < last) throw new ForecourtError('CONFLICT', `ledger entry ${entry.id} is dated before the last entry`, { id: entry.id, at: entry.at });
    ids.add(entry.id);
    last = at;
  }
  return [...ledger, ...entries];
}

/** The budget entry that opens a fund. */
export function openFund(fund: Fund, at: Date): LedgerEntry {
  return { type: 'budget', id: `${fund.id}:open`, fundId: fund.id, at: at.toISOString(), deltaMinor: fund.budgetMinor, note: 'fund opened' };
}
