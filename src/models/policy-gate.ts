import { z } from 'zod';
import { drEstimate, fitRewardModel, ipsEstimate, LoggedDecision, snipsEstimate, type OpeEstimate, type RewardModel, type TargetPolicy } from './off-policy-evaluation';

export const PolicyGateOptions = z.strictObject({
  /** Value of the policy in production now (e.g. its observed mean reward). */
  baselineValue: z.number().finite(),
  /** Required relative lift of the point estimate over the baseline, e.g. 0.02. */
  minLift: z.number().min(-1).default(0),
  alpha: z.number().gt(0).lt(0.5).default(0.05),
  /** Too few effective samples means the logs cannot speak for the new policy. */
  minEffectiveSampleSize: z.number().min(1).default(200),
});
export type PolicyGateOptions = z.input<typeof PolicyGateOptions>;

export interface PolicyGateDecision {
  readonly approved: boolean;
  readonly estimate: OpeEstimate;
  readonly others: readonly OpeEstimate[];
  readonly interval: readonly [number, number];
  readonly lift: number;
  readonly reasons: readonly string[];
}

/**
 * The gate a new policy must pass before it goes live: the doubly robust estimate
 * must beat the baseline by `minLift`, the lower end of its interval must be above
 * the baseline, the logs must support the policy (effective sample size), and no
 * action the new policy takes may be missing from the logs.
 */
export function approvePolicy(logged: readonly LoggedDecision[], newPolicy: TargetPolicy, options: PolicyGateOptions, rewardModel?: RewardModel): PolicyGateDecision {
  const opts = PolicyGateOptions.parse(options);
  const rows = logged.map((d) => LoggedDecision.parse(d));
  const model = rewardModel ?? fitRewardModel(rows);
  const dr = drEstimate(rows, newPolicy, model, opts.alpha);
  const others = [ipsEstimate(rows, newPolicy, opts.alpha), snipsEstimate(rows, newPolicy, opts.alpha)];
  const base = opts.baselineValue;
  const lift = base !== 0 ? (dr.value - base) / Math.abs(base) : dr.value > 0 ? Infinity : 0;
  const reasons: string[] = [];
  let approved = true;
  const logged_actions = new Set(rows.map((d) => d.action));
  const unsupported = new Set<string>();
  for (const d of rows) for (const [a, p] of Object.entries(newPolicy(d.context))) if (p > 0 && !logged_actions.has(a)) unsupported.add(a);
  if (unsupported.size > 0) { approved = false; reasons.push(`policy takes actions never logged: ${[...unsupported].join(', ')}`); }
  if (dr.effectiveSampleSize < opts.minEffectiveSampleSize) {
    approved = false;
    reasons.push(`effective sample size ${dr.effectiveSampleSize.toFixed(0)} < ${opts.minEffectiveSampleSize}`);
  }
  if (lift < opts.minLift) { approved = false; reasons.push(`DR lift ${(lift * 100).toFixed(2)}% < required ${(opts.minLift * 100).toFixed(2)}%`); }
  else reasons.push(`DR lift ${(lift * 100).toFixed(2)}% ≥ required ${(opts.minLift * 100).toFixed(2)}%`);
  if (dr.interval[0] <= base) { approved = false; reasons.push(`${(100 * (1 - opts.alpha)).toFixed(0)}% interval lower end ${dr.interval[0].toFixed(4)} ≤ baseline ${base.toFixed(4)}`); }
  else reasons.push(`interval [${dr.interval[0].toFixed(4)}, ${dr.interval[1].toFixed(4)}] is above baseline ${base.toFixed(4)}`);
  const snips = others[1]!;
  if (Math.abs(snips.value - dr.value) > 3 * Math.max(dr.standardError, snips.standardError)) {
    reasons.push(`warning: SNIPS ${snips.value.toFixed(4)} and DR ${dr.value.toFixed(4)} disagree; check the reward model`);
  }
  return { approved, estimate: dr, others, interval: dr.interval, lift, reasons };
}
