/**
 * Tracks and enforces the differential-privacy budget per tenant
 * (THREATS.md §6: ε ≤ 1 per vehicle per day and ε ≤ 10 per vehicle per month
 * across all dealer-visible location releases). Every release covers every
 * vehicle, so the per-vehicle budget is charged per tenant and period. A
 * charge that would exceed either period's budget is refused, not trimmed.
 */
export interface PrivacyBudget {
  epsPerDay: number;
  epsPerMonth: number;
}

export const defaultPrivacyBudget: PrivacyBudget = { epsPerDay: 1, epsPerMonth: 10 };

export type ChargeResult =
  | { ok: true; spentDay: number; spentMonth: number; remainingDay: number; remainingMonth: number }
  | { ok: false; code: 'privacy_budget_exhausted' | 'invalid_epsilon'; spentDay: number; spentMonth: number; reasons: string[] };

export interface PrivacyAccountant {
  charge(tenant: string, epsilon: number, now: Date): ChargeResult;
  spent(tenant: string, now: Date): { day: number; month: number };
}

const dayKey = (d: Date) => d.toISOString().slice(0, 10);
const monthKey = (d: Date) => d.toISOString().slice(0, 7);
// Sums are kept in micro-ε integers so that ten charges of 0.1 add up to exactly 1.
const micro = (eps: number) => Math.round(eps * 1e6);

/** ε already spent by a tenant (e.g. read from a stored ledger), in micro-ε, on the day and in the month of `at`. */
export interface SpentBefore {
  tenant: string;
  at: Date;
  dayMicro: number;
  monthMicro: number;
}

export function createPrivacyAccountant(budget: PrivacyBudget = defaultPrivacyBudget, before: readonly SpentBefore[] = []): PrivacyAccountant {
  const ledger = new Map<string, number>();
  for (const b of before) {
    ledger.set(`${b.tenant}|d|${dayKey(b.at)}`, b.dayMicro);
    ledger.set(`${b.tenant}|m|${monthKey(b.at)}`, b.monthMicro);
  }
  const get = (k: string) => ledger.get(k) ?? 0;
  const spent = (tenant: string, now: Date) => ({ day: get(`${tenant}|d|${dayKey(now)}`) / 1e6, month: get(`${tenant}|m|${monthKey(now)}`) / 1e6 });
  return {
    spent,
    charge(tenant, epsilon, now) {
      const s = spent(tenant, now);
      if (!(epsilon > 0) || !Number.isFinite(epsilon))
        return { ok: false, code: 'invalid_epsilon', spentDay: s.day, spentMonth: s.month, reasons: [`epsilon ${epsilon} must be a positive number`] };
      const d = `${tenant}|d|${dayKey(now)}`;
      const m = `${tenant}|m|${monthKey(now)}`;
      const e = micro(epsilon);
      const reasons: string[] = [];
      if (get(d) + e > micro(budget.epsPerDay)) reasons.push(`daily budget ε=${budget.epsPerDay} would be exceeded (spent ${s.day})`);
      if (get(m) + e > micro(budget.epsPerMonth)) reasons.push(`monthly budget ε=${budget.epsPerMonth} would be exceeded (spent ${s.month})`);
      if (reasons.length > 0) return { ok: false, code: 'privacy_budget_exhausted', spentDay: s.day, spentMonth: s.month, reasons };
      ledger.set(d, get(d) + e);
      ledger.set(m, get(m) + e);
      const after = spent(tenant, now);
      return { ok: true, spentDay: after.day, spentMonth: after.month, remainingDay: budget.epsPerDay - after.day, remainingMonth: budget.epsPerMonth - after.month };
    },
  };
}
