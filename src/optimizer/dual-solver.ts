import { usageOf, type Instance } from './instance';
import { createLocalEvaluator, type DualEvaluator } from './local-evaluator';
import { repairAssignment } from './repair';

export interface ScaleOptions {
  /** Stop when the certified relative gap is at most this; default 0.0005. */
  targetGap?: number;
  /** Default 400. */
  maxIterations?: number;
  /** Build a repaired primal every this many iterations; default 10. */
  primalEvery?: number;
  /** First iteration at which a primal is built (earlier ones are far from feasible); default 30. */
  primalStart?: number;
  /** Smoothing γ relative to the mean best value per customer: start, floor. Defaults 0.05, 0.0005. */
  gammaStart?: number;
  gammaEnd?: number;
  /** Iterations between halvings of γ; default 15. */
  gammaEvery?: number;
  /** Dual update; default 'rprop'. */
  method?: 'rprop' | 'fista';
  /** Seed of the randomised rounding; default 1. */
  seed?: number;
  /** Evaluator to use (e.g. the worker-thread one); default single-threaded in this thread. */
  evaluator?: DualEvaluator;
}

export interface DualHistoryPoint {
  iteration: number;
  dualBound: number;
  primal: number | null;
}

export interface ScaleSolution {
  mode: 'scale';
  choice: Int32Array;
  primalValue: number;
  /** min over iterates of the Lagrangian: an upper bound on the LP (and MIP) optimum. */
  dualBound: number;
  /** (dualBound − primalValue) / |dualBound|. */
  gap: number;
  iterations: number;
  /** Shadow price per constraint, in value per unit of the constraint. */
  lambda: Float64Array;
  /** Per-option penalty Σ λ_k a_k at `lambda` (+∞ for options on a zero-capacity row). */
  penalty: Float64Array;
  usage: Float64Array;
  history: DualHistoryPoint[];
  threads: number;
  /** Wall time in dual evaluations and in building/repairing primals (telemetry, not a decision input). */
  seconds: { dual: number; primal: number };
}

/**
 * Lagrangian dual decomposition with a smoothed dual (as in DuaLip).
 *
 * Prices μ ≥ 0 on the row-normalised coupling constraints (μ_k = λ_k · b_k).
 * The dual is made smooth by a ridge term γ/2‖x‖² on each customer's choice,
 * so its gradient 1 − usage_k / b_k is Lipschitz; it is minimised by projected
 * accelerated gradient (FISTA) with a step from the observed curvature and an
 * O'Donoghue–Candès gradient restart, while γ shrinks geometrically. Every
 * iterate also yields the exact (unsmoothed) Lagrangian, a valid upper bound;
 * the best one is reported. A repaired primal is built every few iterations
 * and the run stops once the certified gap reaches the target.
 */
export async function solveScale(instance: Instance, options: ScaleOptions = {}): Promise<ScaleSolution> {
  const evaluator = options.evaluator ?? createLocalEvaluator(instance);
  const targetGap = options.targetGap ?? 0.0005;
  const maxIterations = options.maxIterations ?? 400;
  const primalEvery = options.primalEvery ?? 10;
  const primalStart = options.primalStart ?? 30;
  const seed = options.seed ?? 1;
  const method = options.method ?? 'rprop';
  const gammaEvery = options.gammaEvery ?? 15;
  const m = instance.capacity.length;
  const P = instance.options.length;
  const { optionStart, useConstraint, useAmount, capacity } = instance;

  const forbidden = new Uint8Array(P);
  for (let p = 0; p < P; p++) {
    for (let u = optionStart[p]!; u < optionStart[p + 1]!; u++) {
      if (capacity[useConstraint[u]!]! <= 0 && useAmount[u]! > 0) forbidden[p] = 1;
    }
  }
  const active = (k: number): boolean => capacity[k]! > 0;
  const penaltyOf = (mu: Float64Array): Float64Array => {
    const pen = new Float64Array(P);
    for (let p = 0; p < P; p++) {
      if (forbidden[p] === 1) { pen[p] = Infinity; continue; }
      let s = 0;
      for (let u = optionStart[p]!; u < optionStart[p + 1]!; u++) {
        const k = useConstraint[u]!;
        if (active(k)) s += (mu[k]! * useAmount[u]!) / capacity[k]!;
      }
      pen[p] = s;
    }
    return pen;
  };
  const gradientOf = (mass: Float64Array): Float64Array => {
    const usage = new Float64Array(m);
    for (let p = 0; p < P; p++) {
      const x = mass[p]!;
      if (x === 0) continue;
      for (let u = optionStart[p]!; u < optionStart[p + 1]!; u++) usage[useConstraint[u]!]! += x * useAmount[u]!;
    }
    const grad = new Float64Array(m);
    for (let k = 0; k < m; k++) grad[k] = active(k) ? 1 - usage[k]! / capacity[k]! : 0;
    return grad;
  };
  const sum = (v: Float64Array): number => v.reduce((a, b) => a + b, 0);

  try {
    let mu: Float64Array = new Float64Array(m);
    const zeroPenalty = penaltyOf(mu);
    const first = await evaluator.evaluate(zeroPenalty, 0);
    const activeCustomers = Math.max(1, first.mass.reduce((a, b) => a + b, 0));
    const meanBest = Math.max(1e-9, first.lagrangian / activeCustomers);
    const gammaStart = (options.gammaStart ?? 0.05) * meanBest;
    const gammaEnd = (options.gammaEnd ?? 0.0005) * meanBest;

    let bestBound = first.lagrangian;
    let bestMu: Float64Array = new Float64Array(m);
    let bestPrimal = -Infinity;
    let bestChoice: Int32Array = new Int32Array(instance.customerCount).fill(-1);
    const history: DualHistoryPoint[] = [];

    let gamma = gammaStart;
    let attempt = 0;
    let primalMs = 0;
    let dualMs = 0;
    /** Rounds the smoothed primal at the current prices, and the plain argmax at the best ones; repairs both. */
    const tryPrimal = async (current: Float64Array, last: boolean): Promise<number> => {
      const started = performance.now();
      const tries: [Float64Array, number][] = last ? [[current, gamma], [bestMu, 0]] : [[current, gamma]];
      for (const [point, g] of tries) {
        const pen = penaltyOf(point);
        const repaired = repairAssignment(instance, pen, await evaluator.assign(pen, g, seed + attempt++));
        if (repaired.value > bestPrimal) { bestPrimal = repaired.value; bestChoice = repaired.choice; }
      }
      primalMs += performance.now() - started;
      return bestPrimal;
    };
    const gapOf = (): number => (bestBound - bestPrimal) / Math.max(1e-12, Math.abs(bestBound));

    let muPrev: Float64Array = new Float64Array(m);
    let t = 1;
    let step = 0.005 * Math.max(first.lagrangian, 1e-9);
    let prevY: Float64Array | null = null;
    let prevGrad: Float64Array | null = null;
    let curvature = 0;
    let iterations = 0;
    const deltaMax = 0.5 * first.lagrangian;
    const delta = new Float64Array(m).fill(0.01 * first.lagrangian / Math.max(1, m));
    const lastSign = new Float64Array(m);

    for (let iter = 1; iter <= maxIterations; iter++) {
      iterations = iter;
      const tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
      const beta = (t - 1) / tNext;
      const y = new Float64Array(m);
      for (let k = 0; k < m; k++) y[k] = Math.max(0, mu[k]! + beta * (mu[k]! - muPrev[k]!));
      const evaluated = performance.now();
      const ev = await evaluator.evaluate(penaltyOf(y), gamma);
      dualMs += performance.now() - evaluated;
      const bound = sum(y) + ev.lagrangian;
      if (bound < bestBound) { bestBound = bound; bestMu = y; }
      const grad = gradientOf(ev.mass);

      if (prevY !== null && prevGrad !== null) {
        let dy = 0;
        let dg = 0;
        for (let k = 0; k < m; k++) {
          dy += (y[k]! - prevY[k]!) ** 2;
          dg += (grad[k]! - prevGrad[k]!) ** 2;
        }
        if (dy > 0) {
          const estimate = Math.sqrt(dg / dy);
          curvature = Math.max(estimate, 0.8 * curvature);
          if (curvature > 0) step = 1 / curvature;
        }
      }
      prevY = y;
      prevGrad = grad;

      const next = new Float64Array(m);
      if (method === 'rprop') {
        for (let k = 0; k < m; k++) {
          const g = grad[k]!;
          const agree = g * lastSign[k]!;
          if (agree > 0) delta[k] = Math.min(delta[k]! * 1.2, deltaMax);
          else if (agree < 0) delta[k] = delta[k]! * 0.5;
          lastSign[k] = agree < 0 ? 0 : Math.sign(g);
          next[k] = agree < 0 ? y[k]! : Math.max(0, y[k]! - Math.sign(g) * delta[k]!);
        }
        muPrev = next;
        mu = next;
      } else {
        let restart = 0;
        for (let k = 0; k < m; k++) {
          next[k] = Math.max(0, y[k]! - step * grad[k]!);
          restart += grad[k]! * (next[k]! - mu[k]!);
        }
        muPrev = mu;
        mu = next;
        t = restart > 0 ? 1 : tNext;
      }

      let primal: number | null = null;
      // A primal is worth building once the smoothed solution nearly fits (every row
      // within 1 % of its capacity), or every 5th chance regardless.
      let worst = 0;
      for (let k = 0; k < m; k++) worst = Math.min(worst, grad[k]!);
      const due = iter >= primalStart && iter % primalEvery === 0 && (worst > -0.01 || iter % (5 * primalEvery) === 0);
      if (due || iter === maxIterations) {
        primal = await tryPrimal(y, iter === maxIterations);
        if (gapOf() <= targetGap) {
          history.push({ iteration: iter, dualBound: bestBound, primal });
          break;
        }
      }
      history.push({ iteration: iter, dualBound: bestBound, primal });
      if (iter % gammaEvery === 0 && gamma > gammaEnd) {
        gamma = Math.max(gammaEnd, gamma / 2);
        t = 1;
      }
    }
    if (bestPrimal === -Infinity) await tryPrimal(mu, true);

    const lambda = new Float64Array(m);
    for (let k = 0; k < m; k++) lambda[k] = active(k) ? bestMu[k]! / capacity[k]! : 0;
    return {
      mode: 'scale',
      choice: bestChoice,
      primalValue: bestPrimal,
      dualBound: bestBound,
      gap: gapOf(),
      iterations,
      lambda,
      penalty: penaltyOf(bestMu),
      usage: usageOf(instance, bestChoice),
      history,
      threads: evaluator.threads,
      seconds: { dual: dualMs / 1000, primal: primalMs / 1000 },
    };
  } finally {
    if (options.evaluator === undefined) await evaluator.close();
  }
}
