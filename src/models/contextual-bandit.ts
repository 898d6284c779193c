import { z } from 'zod';
import { createRng, type Rng } from '../kernel';
import { cholesky, solveSpd } from './matrix';

/**
 * Linear Thompson sampling (Agrawal & Goyal 2013) with one Bayesian ridge model per
 * arm (creative or channel). Each choice is drawn from an explicit probability
 * vector: the Thompson win-probabilities, estimated by Monte Carlo, mixed with an
 * ε-uniform floor. The logged propensity is therefore exactly the probability with
 * which the logged arm was drawn, which is what off-policy evaluation needs.
 */
export const BanditConfig = z.strictObject({
  arms: z.array(z.string().min(1)).min(2),
  dimension: z.int().min(1).max(256),
  /** Prior precision (ridge). */
  lambda: z.number().positive().default(1),
  /** Posterior scale v: larger explores more. */
  explorationScale: z.number().positive().default(0.5),
  /** Share of uniform exploration; keeps every propensity ≥ epsilon / K. */
  epsilon: z.number().min(0).max(1).default(0.05),
  /** Monte Carlo draws used to estimate the Thompson probabilities. */
  propensitySamples: z.int().min(10).max(100000).default(300),
});
export type BanditConfig = z.input<typeof BanditConfig>;

export interface BanditState {
  readonly config: z.output<typeof BanditConfig>;
  /** Per arm: precision matrix A (d x d) and b = Σ r x. */
  readonly precision: readonly Float64Array[];
  readonly rewardSum: readonly Float64Array[];
  readonly pulls: readonly number[];
}

export interface BanditChoice {
  readonly arm: string;
  /** Probability with which `arm` was drawn: log it with the exposure. */
  readonly propensity: number;
  readonly probabilities: Readonly<Record<string, number>>;
  readonly reasons: readonly string[];
}

export function createBandit(config: BanditConfig): BanditState {
  const c = BanditConfig.parse(config);
  const d = c.dimension;
  const eye = new Float64Array(d * d);
  for (let i = 0; i < d; i++) eye[i * d + i] = c.lambda;
  return { config: c, precision: c.arms.map(() => eye.slice()), rewardSum: c.arms.map(() => new Float64Array(d)), pulls: c.arms.map(() => 0) };
}

function checkContext(state: BanditState, context: ArrayLike<number>): void {
  if (context.length !== state.config.dimension) throw new RangeError(`context has ${context.length} values, expected ${state.config.dimension}`);
}

/** Probability of each arm under the bandit's current randomised policy. */
export function banditProbabilities(state: BanditState, context: ArrayLike<number>, rng: Rng): Float64Array {
  checkContext(state, context);
  const { arms, dimension: d, explorationScale: v, epsilon, propensitySamples: m } = state.config;
  const k = arms.length;
  const means: Float64Array[] = [], factors: Float64Array[] = [];
  for (let a = 0; a < k; a++) {
    means.push(solveSpd(state.precision[a]!, state.rewardSum[a]!, d));
    factors.push(cholesky(state.precision[a]!, d));
  }
  const wins = new Float64Array(k);
  const z = new Float64Array(d), theta = new Float64Array(d);
  for (let s = 0; s < m; s++) {
    let best = -Infinity, bestArm = 0;
    for (let a = 0; a < k; a++) {
      for (let i = 0; i < d; i++) z[i] = rng.normal();
      // theta = mean + v · L⁻ᵀ z has covariance v² A⁻¹.
      const l = factors[a]!;
      for (let i = d - 1; i >= 0; i--) {
        let acc = z[i]!;
        for (let j = i + 1; j < d; j++) acc -= l[j * d + i]! * theta[j]!;
        theta[i] = acc / l[i * d + i]!;
      }
      let score = 0;
      for (let i = 0; i < d; i++) score += (means[a]![i]! + v * theta[i]!) * context[i]!;
      if (score > best) { best = score; bestArm = a; }
    }
    wins[bestArm]!++;
  }
  for (let a = 0; a < k; a++) wins[a] = epsilon / k + ((1 - epsilon) * wins[a]!) / m;
  return wins;
}

export function chooseArm(state: BanditState, context: ArrayLike<number>, rng: Rng): BanditChoice {
  const p = banditProbabilities(state, context, rng.fork('propensity'));
  const { arms } = state.config;
  let u = rng.next(), chosen = arms.length - 1;
  for (let a = 0; a < arms.length; a++) { u -= p[a]!; if (u < 0) { chosen = a; break; } }
  const probabilities = Object.fromEntries(arms.map((name, a) => [name, p[a]!]));
  return {
    arm: arms[chosen]!, propensity: p[chosen]!, probabilities,
    reasons: [
      `thompson sampling over ${arms.length} arms, ${state.config.propensitySamples} posterior draws, ε=${state.config.epsilon}`,
      `chose ${arms[chosen]} with probability ${p[chosen]!.toFixed(3)}`,
    ],
  };
}

/** The posterior after observing `reward` for `arm` in `context` (returns a new state). */
export function updateBandit(state: BanditState, context: ArrayLike<number>, arm: string, reward: number): BanditState {
  checkContext(state, context);
  const a = state.config.arms.indexOf(arm);
  if (a < 0) throw new RangeError(`unknown arm ${arm}`);
  const d = state.config.dimension;
  const precision = state.precision.slice(), rewardSum = state.rewardSum.slice(), pulls = state.pulls.slice();
  const A = precision[a]!.slice(), b = rewardSum[a]!.slice();
  for (let i = 0; i < d; i++) {
    b[i]! += reward * context[i]!;
    for (let j = 0; j < d; j++) A[i * d + j]! += context[i]! * context[j]!;
  }
  precision[a] = A; rewardSum[a] = b; pulls[a]!++;
  return { config: state.config, precision, rewardSum, pulls };
}

/**
 * The bandit's current randomised policy as a target policy for off-policy evaluation
 * (`approvePolicy`). Each context's probabilities use an rng seeded from the context, so
 * the policy is a pure function of the context.
 */
export function banditTargetPolicy(state: BanditState, seed: string): (context: readonly number[]) => Record<string, number> {
  return (context) => {
    const p = banditProbabilities(state, context, createRng(`${seed}:${context.join(',')}`));
    return Object.fromEntries(state.config.arms.map((a, i) => [a, p[i]!]));
  };
}
