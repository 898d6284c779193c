import { z } from 'zod';

/**
 * Does targeting follow need, or does it exploit impulse and discount dependency?
 * Compares the rank (Spearman) correlation of the targeting score with need scores
 * against its correlation with impulsiveness proxies and prior discount redemptions.
 */
export const AuditRow = z.strictObject({
  targetingScore: z.number().finite(),
  /** Need scores (0..1) by code, e.g. { adas_value: 0.7 }. */
  needs: z.record(z.string(), z.number().min(0).max(1)),
  priorDiscountRedemptions: z.number().min(0),
  /** Impulsiveness proxies, e.g. { lateNightSessions, secondsToClick (negated) }, higher = more impulsive. */
  impulsiveness: z.record(z.string(), z.number().finite()),
});
export type AuditRow = z.infer<typeof AuditRow>;

export const AuditThresholds = z.strictObject({
  /** Flag a proxy whose correlation with the score exceeds this. */
  maxProxyCorrelation: z.number().min(0).max(1).default(0.3),
  /** Flag when the strongest need correlation is below this. */
  minNeedCorrelation: z.number().min(-1).max(1).default(0.1),
});
export type AuditThresholds = z.input<typeof AuditThresholds>;

export interface AuditFinding {
  readonly kind: 'discount_dependency' | 'impulsiveness' | 'weak_need';
  readonly variable: string;
  readonly correlation: number;
  readonly message: string;
}

export interface ModelAuditReport {
  readonly n: number;
  readonly needCorrelations: Readonly<Record<string, number>>;
  readonly discountCorrelation: number;
  readonly impulsivenessCorrelations: Readonly<Record<string, number>>;
  readonly findings: readonly AuditFinding[];
  readonly passed: boolean;
}

function ranks(v: readonly number[]): Float64Array {
  const idx = v.map((_, i) => i).sort((a, b) => v[a]! - v[b]!);
  const r = new Float64Array(v.length);
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && v[idx[j + 1]!] === v[idx[i]!]) j++;
    for (let k = i; k <= j; k++) r[idx[k]!] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) { ma += a[i]!; mb += b[i]!; }
  ma /= n; mb /= n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) { const x = a[i]! - ma, y = b[i]! - mb; sab += x * y; saa += x * x; sbb += y * y; }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

export function spearman(a: readonly number[], b: readonly number[]): number {
  return pearson(ranks(a), ranks(b));
}

export function auditTargeting(rows: readonly AuditRow[], thresholds: AuditThresholds = {}): ModelAuditReport {
  const t = AuditThresholds.parse(thresholds);
  const data = rows.map((r) => AuditRow.parse(r));
  if (data.length < 10) throw new RangeError(`need at least 10 rows to audit, got ${data.length}`);
  const score = data.map((r) => r.targetingScore);
  const keys = (pick: (r: AuditRow) => Record<string, number>): string[] => [...new Set(data.flatMap((r) => Object.keys(pick(r))))].sort();
  const corr = (get: (r: AuditRow) => number): number => spearman(score, data.map(get));
  const needCorrelations = Object.fromEntries(keys((r) => r.needs).map((k) => [k, corr((r) => r.needs[k] ?? 0)]));
  const impulsivenessCorrelations = Object.fromEntries(keys((r) => r.impulsiveness).map((k) => [k, corr((r) => r.impulsiveness[k] ?? 0)]));
  const discountCorrelation = corr((r) => r.priorDiscountRedemptions);
  const bestNeed = Math.max(-1, ...Object.values(needCorrelations));
  const findings: AuditFinding[] = [];
  if (discountCorrelation > t.maxProxyCorrelation || (discountCorrelation > 0.1 && discountCorrelation > bestNeed)) {
    findings.push({ kind: 'discount_dependency', variable: 'priorDiscountRedemptions', correlation: discountCorrelation, message: `targeting tracks prior discount redemptions (ρ=${discountCorrelation.toFixed(2)}) more than need (best ρ=${bestNeed.toFixed(2)})` });
  }
  for (const [k, c] of Object.entries(impulsivenessCorrelations)) {
    if (c > t.maxProxyCorrelation) findings.push({ kind: 'impulsiveness', variable: k, correlation: c, message: `targeting tracks impulsiveness proxy ${k} (ρ=${c.toFixed(2)} > ${t.maxProxyCorrelation})` });
  }
  if (bestNeed < t.minNeedCorrelation) findings.push({ kind: 'weak_need', variable: 'needs', correlation: bestNeed, message: `targeting barely follows any need score (best ρ=${bestNeed.toFixed(2)} < ${t.minNeedCorrelation})` });
  return { n: data.length, needCorrelations, discountCorrelation, impulsivenessCorrelations, findings, passed: findings.length === 0 };
}
