import loadHighs, { type Highs } from 'highs';
import { ForecourtError } from '../kernel';
import type { Instance } from './instance';
import { toLpText } from './lp-text';

export interface ExactOptions {
  /** Solve the MIP (binary choices); default false: the LP relaxation. */
  integer?: boolean;
  /** Seconds; default 600. */
  timeLimit?: number;
  /** Relative MIP gap; default 1e-6. */
  mipRelGap?: number;
}

export interface ExactSolution {
  mode: 'exact';
  integer: boolean;
  status: string;
  objective: number;
  /** Primal value per candidate (0 for held-out customers). */
  x: Float64Array;
  /** Candidate with x > 0.5 per customer, or -1. Integral for the MIP; for the LP, fractional customers get -1. */
  choice: Int32Array;
  /** Shadow price per constraint from the LP (value of one more unit); 0 for the MIP and for unused rows. */
  duals: Float64Array;
  seconds: number;
}

let loaded: Promise<Highs> | undefined;
function highs(): Promise<Highs> {
  loaded ??= loadHighs();
  return loaded;
}

const statusNames: Record<number, string> = {
  7: 'optimal', 8: 'infeasible', 10: 'unbounded', 13: 'time_limit', 14: 'iteration_limit', 17: 'interrupted',
};

/**
 * Exact reference with HiGHS: the instance written as CPLEX LP text, solved as
 * an LP (with duals) or a MIP. Single-threaded WebAssembly with a ~2 GiB heap:
 * fine to ~60k customers × 20 candidates, fails around 100k.
 */
export async function solveExact(instance: Instance, options: ExactOptions = {}): Promise<ExactSolution> {
  const integer = options.integer ?? false;
  const solver = await highs();
  const started = performance.now();
  const lp = toLpText(instance, integer);
  const model = solver.createModel({ format: 'lp', data: lp.text });
  try {
    model.options.set({
      output_flag: false,
      time_limit: options.timeLimit ?? 600,
      mip_rel_gap: options.mipRelGap ?? 1e-6,
    });
    model.run();
    const code = model.getModelStatus();
    const status = statusNames[code] ?? `status_${code}`;
    const hasSolution = code === 7 || code === 13 || code === 14 || code === 17;
    if (!hasSolution) throw new ForecourtError('INTERNAL', `HiGHS ended with ${status}`);
    const solution = model.getSolution();
    const x = new Float64Array(instance.candidateValue.length);
    lp.columns.forEach((j, col) => { x[j] = solution.colValue[col] ?? 0; });
    const duals = new Float64Array(instance.capacity.length);
    if (!integer) lp.rows.forEach((k, row) => { duals[k] = Math.abs(solution.rowDual[row] ?? 0); });
    const choice = new Int32Array(instance.customerCount).fill(-1);
    for (let i = 0; i < instance.customerCount; i++) {
      for (let j = instance.candidateStart[i]!; j < instance.candidateStart[i + 1]!; j++) if (x[j]! > 0.5) choice[i] = j;
    }
    return { mode: 'exact', integer, status, objective: model.getObjectiveValue(), x, choice, duals, seconds: (performance.now() - started) / 1000 };
  } finally {
    model.dispose();
  }
}
