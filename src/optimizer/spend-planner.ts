import { responseAt, type ResponseCurve } from './response-curve';

export interface SpendCell {
  region: string;
  program: string;
  curve: ResponseCurve;
  /** Incremental value (margin + lifetime value) per unit of response. */
  valuePerResponse: number;
  /** Dealer hours one unit of response needs (service visits, fitting, handover). */
  hoursPerResponse: number;
}

export interface SpendInput {
  cells: SpendCell[];
  budget: number;
  /** Dealer hours available per region over the plan period. */
  regionHours: Record<string, number>;
  /** Optional cap on response per program (e.g. stock of vehicles or parts). */
  programCap?: Record<string, number>;
  /** Spend increment of the greedy and of the piecewise-linear reference; default budget / 400. */
  step?: number;
}

export interface SpendAllocation {
  region: string;
  program: string;
  spend: number;
  response: number;
  value: number;
  hours: number;
}

export interface SpendPlan {
  allocations: SpendAllocation[];
  totalSpend: number;
  totalValue: number;
  /** Value of the last increment bought: what one more unit of budget is worth. */
  marginalValuePerSpend: number;
  regions: { region: string; hours: number; capacity: number; utilisation: number }[];
}

export function stepOf(input: SpendInput): number {
  return input.step ?? input.budget / 400;
}

interface Resource {
  capacity: number;
  /** Use per unit of response, per cell. */
  use: Float64Array;
}

function resourcesOf(input: SpendInput): Resource[] {
  const out: Resource[] = [];
  for (const [region, capacity] of Object.entries(input.regionHours)) {
    out.push({ capacity, use: Float64Array.from(input.cells, (c) => (c.region === region ? c.hoursPerResponse : 0)) });
  }
  for (const [program, capacity] of Object.entries(input.programCap ?? {})) {
    out.push({ capacity, use: Float64Array.from(input.cells, (c) => (c.program === program ? 1 : 0)) });
  }
  return out;
}

/**
 * Greedy on marginal value net of resource prices: buy the budget in equal
 * increments, each for the cell whose next increment adds the most
 * (value − Σ price · use) per unit of response. Response curves are concave, so
 * for fixed prices this greedy is optimal for the budget. With `enforce`, an
 * increment that does not fit a resource is cut to the part that fits and the
 * cell is closed.
 */
function greedy(input: SpendInput, resources: Resource[], prices: Float64Array, enforce: boolean): { spend: Float64Array; used: Float64Array; marginal: number } {
  const step = stepOf(input);
  const cells = input.cells;
  const net = Float64Array.from(cells, (cell, c) => cell.valuePerResponse - resources.reduce((s, r, k) => s + prices[k]! * r.use[c]!, 0));
  const spend = new Float64Array(cells.length);
  const used = new Float64Array(resources.length);
  const closed = new Uint8Array(cells.length);
  let budget = input.budget;
  let marginal = 0;
  while (budget > 1e-9) {
    const amount = Math.min(step, budget);
    let best = -1;
    let bestGain = 0;
    for (let c = 0; c < cells.length; c++) {
      if (closed[c] === 1 || net[c]! <= 0) continue;
      const curve = cells[c]!.curve;
      const gain = net[c]! * (responseAt(curve, spend[c]! + amount) - responseAt(curve, spend[c]!));
      if (gain > bestGain) { bestGain = gain; best = c; }
    }
    if (best < 0) break;
    const curve = cells[best]!.curve;
    const before = responseAt(curve, spend[best]!);
    let dr = responseAt(curve, spend[best]! + amount) - before;
    let bought = amount;
    if (enforce) {
      let allowed = dr;
      resources.forEach((r, k) => {
        const u = r.use[best]!;
        if (u > 0) allowed = Math.min(allowed, Math.max(0, (r.capacity - used[k]!) / u));
      });
      if (allowed < dr) {
        closed[best] = 1;
        const target = before + allowed;
        bought = target >= curve.a ? 0 : Math.max(0, -Math.log(1 - target / curve.a) / curve.b - spend[best]!);
        bought = Math.min(bought, amount);
        dr = responseAt(curve, spend[best]! + bought) - before;
        if (bought <= 0) continue;
      }
    }
    resources.forEach((r, k) => { used[k]! += dr * r.use[best]!; });
    spend[best]! += bought;
    budget -= bought;
    marginal = bestGain / amount;
  }
  return { spend, used, marginal };
}

/**
 * Splits the budget across region × program cells to maximise incremental
 * value, with dealer hours per region (and optional program caps, e.g. stock)
 * as constraints. Prices on those constraints are found by bisection on the
 * relaxed greedy (a Lagrangian relaxation, like the customer-level optimizer);
 * the final greedy at those prices (and at a few scalings of them, keeping
 * the best) enforces every capacity strictly. Checked
 * against HiGHS on the piecewise-linear version (`planSpendExact`).
 */
export function planSpend(input: SpendInput): SpendPlan {
  const resources = resourcesOf(input);
  const maxValue = Math.max(0, ...input.cells.map((c) => c.valuePerResponse));
  const lo = new Float64Array(resources.length);
  const hi = Float64Array.from(resources, (r) => {
    const minUse = Math.min(...Array.from(r.use).filter((u) => u > 0));
    return Number.isFinite(minUse) ? maxValue / minUse : 0;
  });
  const prices = new Float64Array(resources.length);
  for (let round = 0; round < 40 && resources.length > 0; round++) {
    for (let k = 0; k < prices.length; k++) prices[k] = (lo[k]! + hi[k]!) / 2;
    const { used } = greedy(input, resources, prices, false);
    resources.forEach((r, k) => {
      if (used[k]! > r.capacity) lo[k] = prices[k]!; else hi[k] = prices[k]!;
    });
  }
  let best: ReturnType<typeof greedy> | undefined;
  let bestValue = -Infinity;
  // Prices from bisection are close, not exact: try them scaled, keep the best strictly feasible plan.
  for (const scale of [0, 0.25, 0.5, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 2]) {
    for (const base of [hi, lo]) {
      const candidate = greedy(input, resources, base.map((p) => p * scale), true);
      const value = summarise(input, candidate.spend, 0).totalValue;
      if (value > bestValue) { bestValue = value; best = candidate; }
    }
  }
  return summarise(input, best!.spend, best!.marginal);
}

export function summarise(input: SpendInput, spend: ArrayLike<number>, marginalValuePerSpend: number): SpendPlan {
  const allocations = input.cells.map((cell, c) => {
    const response = responseAt(cell.curve, spend[c]!);
    return { region: cell.region, program: cell.program, spend: spend[c]!, response, value: response * cell.valuePerResponse, hours: response * cell.hoursPerResponse };
  });
  const regions = Object.entries(input.regionHours).map(([region, capacity]) => {
    const hours = allocations.filter((a) => a.region === region).reduce((s, a) => s + a.hours, 0);
    return { region, hours, capacity, utilisation: capacity > 0 ? hours / capacity : hours > 0 ? Infinity : 0 };
  });
  return {
    allocations,
    totalSpend: allocations.reduce((s, a) => s + a.spend, 0),
    totalValue: allocations.reduce((s, a) => s + a.value, 0),
    marginalValuePerSpend,
    regions,
  };
}
