import { z } from 'zod';

/**
 * Long-term tracking by cohort (e.g. the promotion a customer entered with, or
 * treated vs holdout): mean satisfaction, retention and cumulative repurchase
 * per period since entry.
 */
export const CohortObservation = z.strictObject({
  customerId: z.string().min(1),
  cohort: z.string().min(1),
  /** Periods (e.g. months) since the customer entered the cohort. */
  period: z.int().min(0),
  satisfaction: z.number().min(0).max(1).nullable(),
  retained: z.boolean(),
  /** Has repurchased by this period. */
  repurchased: z.boolean(),
});
export type CohortObservation = z.infer<typeof CohortObservation>;

export interface CohortPoint {
  readonly cohort: string;
  readonly period: number;
  readonly customers: number;
  readonly satisfaction: number | null;
  readonly retention: number;
  readonly repurchase: number;
}

export function trackCohorts(observations: readonly CohortObservation[]): CohortPoint[] {
  const groups = new Map<string, { cohort: string; period: number; n: number; sat: number; satN: number; ret: number; rep: number }>();
  for (const raw of observations) {
    const o = CohortObservation.parse(raw);
    const key = `${o.cohort}\u0000${o.period}`;
    const g = groups.get(key) ?? { cohort: o.cohort, period: o.period, n: 0, sat: 0, satN: 0, ret: 0, rep: 0 };
    g.n++;
    if (o.satisfaction !== null) { g.sat += o.satisfaction; g.satN++; }
    if (o.retained) g.ret++;
    if (o.repurchased) g.rep++;
    groups.set(key, g);
  }
  return [...groups.values()]
    .sort((a, b) => a.cohort.localeCompare(b.cohort) || a.period - b.period)
    .map((g) => ({ cohort: g.cohort, period: g.period, customers: g.n, satisfaction: g.satN > 0 ? g.sat / g.satN : null, retention: g.ret / g.n, repurchase: g.rep / g.n }));
}
