import type { Ledger } from './ledger';

export interface FundPosition {
  fundId: string;
  budgetMinor: number;
  /** Owed for redemptions recorded so far. */
  accruedMinor: number;
  /** Accepted dealer claims. */
  claimedMinor: number;
  /** Paid out. */
  settledMinor: number;
  /** Accepted but not yet paid. */
  outstandingMinor: number;
  rejectedClaims: number;
  /** Budget not yet committed: budget − max(accrued, claimed). Negative means over-committed. */
  remainingMinor: number;
}

export function fundPosition(ledger: Ledger, fundId: string): FundPosition {
  const p: FundPosition = { fundId, budgetMinor: 0, accruedMinor: 0, claimedMinor: 0, settledMinor: 0, outstandingMinor: 0, rejectedClaims: 0, remainingMinor: 0 };
  for (const e of ledger) {
    if (e.fundId !== fundId) continue;
    if (e.type === 'budget') p.budgetMinor += e.deltaMinor;
    else if (e.type === 'accrual') p.accruedMinor += e.amountMinor;
    else if (e.type === 'claim') p.claimedMinor += e.amountMinor;
    else if (e.type === 'settlement') p.settledMinor += e.amountMinor;
    else p.rejectedClaims += 1;
  }
  p.outstandingMinor = p.claimedMinor - p.settledMinor;
  p.remainingMinor = p.budgetMinor - Math.max(p.accruedMinor, p.claimedMinor);
  return p;
}
