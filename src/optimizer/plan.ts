import { z } from 'zod';
import { ForecourtError } from '../kernel';
import { solveScale } from './dual-solver';
import { explainDecision, explainPlan, type ConstraintReport, type DecisionExplanation } from './explain';
import { solveExact } from './highs-solver';
import { checkHoldouts, type HoldoutCheck } from './holdouts';
import { usageOf, type Instance } from './instance';
import { solveScaleParallel } from './parallel-evaluator-worker';
import { InstanceJson, parseInstance } from './instance-schema';
import type { DualEvaluator } from './local-evaluator';

export const PlanRequest = z.strictObject({
  instance: InstanceJson,
  mode: z.enum(['scale', 'exact']).default('scale'),
  targetGap: z.number().min(0).max(1).default(0.0005),
  maxIterations: z.int().min(1).max(10_000).default(400),
  /** At most this many per-customer explanations are returned. */
  maxDecisions: z.int().min(0).max(1_000_000).default(10_000),
  seed: z.int().default(1),
  /** Threads for scale mode (worker threads beyond the first); default 1. */
  threads: z.int().min(1).max(64).default(1),
});
export type PlanRequest = z.input<typeof PlanRequest>;

export interface PlanJson {
  mode: 'scale' | 'exact';
  value: number;
  /** Upper bound on the optimum (dual bound in scale mode, LP optimum in exact mode). */
  bound: number;
  gap: number;
  iterations: number;
  assigned: number;
  constraints: ConstraintReport[];
  holdouts: HoldoutCheck[];
  decisions: DecisionExplanation[];
}

export interface PlanResult {
  instance: Instance;
  choice: Int32Array;
  plan: PlanJson;
}

/**
 * Plans an instance already in compact form. `evaluator` (scale mode) runs the per-customer step
 * elsewhere, e.g. on NATS shard workers (`createNatsEvaluator`); the caller closes it.
 */
export async function planInstance(
  instance: Instance, options: Omit<z.output<typeof PlanRequest>, 'instance'>, run: { evaluator?: DualEvaluator } = {},
): Promise<PlanResult> {
  let choice: Int32Array;
  let lambda: Float64Array;
  let penalty: Float64Array;
  let value: number;
  let bound: number;
  let iterations = 0;
  if (options.mode === 'exact') {
    const lp = await solveExact(instance, { integer: false });
    const mip = await solveExact(instance, { integer: true, mipRelGap: options.targetGap });
    choice = mip.choice;
    lambda = lp.duals;
    penalty = penaltyFromPrices(instance, lambda);
    value = mip.objective;
    bound = lp.objective;
  } else {
    const scaleOptions = { targetGap: options.targetGap, maxIterations: options.maxIterations, seed: options.seed };
    const solution = run.evaluator !== undefined
      ? await solveScale(instance, { ...scaleOptions, evaluator: run.evaluator })
      : options.threads > 1
      ? await solveScaleParallel(instance, { ...scaleOptions, threads: options.threads })
      : await solveScale(instance, scaleOptions);
    ({ choice, lambda, penalty, iterations } = solution);
    value = solution.primalValue;
    bound = solution.dualBound;
  }
  const usage = usageOf(instance, choice);
  const decisions: DecisionExplanation[] = [];
  for (let i = 0; i < Math.min(instance.customerCount, options.maxDecisions); i++) {
    decisions.push(explainDecision(instance, choice, penalty, lambda, i));
  }
  let assigned = 0;
  for (const c of choice) if (c >= 0) assigned++;
  const plan: PlanJson = {
    mode: options.mode, value, bound, gap: (bound - value) / Math.max(1e-12, Math.abs(bound)), iterations, assigned,
    constraints: explainPlan(instance, usage, lambda),
    holdouts: checkHoldouts(instance, choice),
    decisions,
  };
  return { instance, choice, plan };
}

/**
 * The API/CLI entry: a JSON-able request in, a JSON-able plan with
 * explanations out. Invalid input is a VALIDATION_FAILED ForecourtError.
 */
export async function planFromJson(body: unknown): Promise<PlanJson> {
  const parsed = PlanRequest.safeParse(body);
  if (!parsed.success) throw new ForecourtError('VALIDATION_FAILED', 'The plan request does not match its schema', z.treeifyError(parsed.error));
  const { instance, ...options } = parsed.data;
  return (await planInstance(parseInstance(instance), options)).plan;
}

export function penaltyFromPrices(instance: Instance, lambda: Float64Array): Float64Array {
  const penalty = new Float64Array(instance.options.length);
  for (let p = 0; p < penalty.length; p++) {
    for (let u = instance.optionStart[p]!; u < instance.optionStart[p + 1]!; u++) {
      const k = instance.useConstraint[u]!;
      penalty[p]! += instance.capacity[k]! <= 0 ? Infinity : lambda[k]! * instance.useAmount[u]!;
    }
  }
  return penalty;
}
