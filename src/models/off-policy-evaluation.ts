import { z } from 'zod';
import { fitRidge } from './logistic-regression';
import { createMatrix } from './matrix';

/**
 * Off-policy evaluation of a new decision policy from logged decisions that carry
 * the propensity of the logged choice: inverse propensity scoring (IPS),
 * self-normalised IPS (SNIPS) and doubly robust (DR, Dudík et al. 2011).
 * Intervals are normal approximations over the per-decision terms (delta method for SNIPS).
 */
export const LoggedDecision = z.strictObject({
  context: z.array(z.number().finite()),
  action: z.string().min(1),
  reward: z.number().finite(),
  propensity: z.number().gt(0).max(1),
});
export type LoggedDecision = z.infer<typeof LoggedDecision>;

/** Probability the new policy takes each action in a context (deterministic: one action at 1). */
export type TargetPolicy = (context: readonly number[]) => Readonly<Record<string, number>>;
/** Predicted reward of an action in a context (for DR). */
export type RewardModel = (context: readonly number[], action: string) => number;

export interface OpeEstimate {
  readonly estimator: 'ips' | 'snips' | 'dr';
  readonly value: number;
  readonly standardError: number;
  readonly interval: readonly [number, number];
  /** Kish effective sample size of the importance weights. */
  readonly effectiveSampleSize: number;
  readonly maxWeight: number;
  readonly n: number;
}

const zFor = (alpha: number): number => (alpha <= 0.01 ? 2.5758 : alpha <= 0.05 ? 1.96 : alpha <= 0.1 ? 1.6449 : 1.2816);

function weights(logged: readonly LoggedDecision[], policy: TargetPolicy): Float64Array {
  const w = new Float64Array(logged.length);
  logged.forEach((d, i) => { w[i] = (policy(d.context)[d.action] ?? 0) / d.propensity; });
  return w;
}

function summary(estimator: OpeEstimate['estimator'], terms: Float64Array, w: Float64Array, alpha: number, value?: number, se?: number): OpeEstimate {
  const n = terms.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += terms[i]!;
  const mean = value ?? s / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (terms[i]! - s / n) ** 2;
  const stdErr = se ?? Math.sqrt(v / Math.max(1, n - 1) / n);
  let sw = 0, sw2 = 0, mw = 0;
  for (let i = 0; i < n; i++) { sw += w[i]!; sw2 += w[i]! * w[i]!; mw = Math.max(mw, w[i]!); }
  const z = zFor(alpha);
  return { estimator, value: mean, standardError: stdErr, interval: [mean - z * stdErr, mean + z * stdErr], effectiveSampleSize: sw2 > 0 ? (sw * sw) / sw2 : 0, maxWeight: mw, n };
}

function parseLogged(logged: readonly LoggedDecision[]): LoggedDecision[] {
  if (logged.length === 0) throw new RangeError('no logged decisions');
  return logged.map((d) => LoggedDecision.parse(d));
}

export function ipsEstimate(logged: readonly LoggedDecision[], policy: TargetPolicy, alpha = 0.05): OpeEstimate {
  const l = parseLogged(logged);
  const w = weights(l, policy);
  const terms = new Float64Array(l.length);
  l.forEach((d, i) => { terms[i] = w[i]! * d.reward; });
  return summary('ips', terms, w, alpha);
}

export function snipsEstimate(logged: readonly LoggedDecision[], policy: TargetPolicy, alpha = 0.05): OpeEstimate {
  const l = parseLogged(logged);
  const w = weights(l, policy);
  let sw = 0, swr = 0;
  l.forEach((d, i) => { sw += w[i]!; swr += w[i]! * d.reward; });
  const value = sw > 0 ? swr / sw : 0;
  const n = l.length, wbar = sw / n;
  const terms = new Float64Array(n);
  l.forEach((d, i) => { terms[i] = (w[i]! * (d.reward - value)) / (wbar || 1); });
  let v = 0;
  for (let i = 0; i < n; i++) v += terms[i]! * terms[i]!;
  return summary('snips', terms, w, alpha, value, Math.sqrt(v / Math.max(1, n - 1) / n));
}

export function drEstimate(logged: readonly LoggedDecision[], policy: TargetPolicy, rewardModel: RewardModel, alpha = 0.05): OpeEstimate {
  const l = parseLogged(logged);
  const w = weights(l, policy);
  const terms = new Float64Array(l.length);
  l.forEach((d, i) => {
    const pi = policy(d.context);
    let direct = 0;
    for (const [action, p] of Object.entries(pi)) if (p > 0) direct += p * rewardModel(d.context, action);
    terms[i] = direct + w[i]! * (d.reward - rewardModel(d.context, d.action));
  });
  return summary('dr', terms, w, alpha);
}

/**
 * A direct reward model for DR: one ridge regression of reward on context per
 * action, fitted from the logs (importance-weighted fits are a possible refinement).
 */
export function fitRewardModel(logged: readonly LoggedDecision[], l2 = 1e-3): RewardModel {
  const l = parseLogged(logged);
  const byAction = new Map<string, LoggedDecision[]>();
  for (const d of l) byAction.set(d.action, [...(byAction.get(d.action) ?? []), d]);
  const models = new Map<string, (c: readonly number[]) => number>();
  let total = 0;
  for (const d of l) total += d.reward;
  const overall = total / l.length;
  for (const [action, rows] of byAction) {
    const dim = rows[0]!.context.length;
    if (rows.length <= dim + 1) { const m = rows.reduce((a, r) => a + r.reward, 0) / rows.length; models.set(action, () => m); continue; }
    const x = createMatrix(rows.length, dim);
    rows.forEach((r, i) => x.values.set(r.context, i * dim));
    const fit = fitRidge(x, Float64Array.from(rows.map((r) => r.reward)), { l2 });
    models.set(action, (c) => fit.predict(createMatrix(1, dim, Float64Array.from(c)))[0]!);
  }
  return (context, action) => models.get(action)?.(context) ?? overall;
}
