import { planSpend, type SpendInput, type SpendPlan } from './spend-planner';

export interface Scenario {
  name: string;
  /** Multiplies the budget, e.g. 1.1 for +10 %. */
  budgetFactor?: number;
  /** Dealer hours removed per region (a dealer closed). */
  hoursRemoved?: Record<string, number>;
  /** Program caps to impose or tighten (a stock shortage). */
  programCap?: Record<string, number>;
}

export interface ScenarioComparison {
  scenarios: { name: string; plan: SpendPlan; deltaValue: number; deltaSpend: number }[];
  /** One row per scenario × region × program: ready for a table. */
  table: { scenario: string; region: string; program: string; spend: number; value: number }[];
  /** Category axis (region/program) and one series of spend per scenario: ready for a grouped bar plot. */
  plot: { categories: string[]; series: { name: string; spend: number[]; value: number[] }[] };
}

export function applyScenario(input: SpendInput, scenario: Scenario): SpendInput {
  const regionHours = { ...input.regionHours };
  for (const [region, hours] of Object.entries(scenario.hoursRemoved ?? {})) {
    regionHours[region] = Math.max(0, (regionHours[region] ?? 0) - hours);
  }
  return {
    ...input,
    budget: input.budget * (scenario.budgetFactor ?? 1),
    step: input.step ?? input.budget / 400,
    regionHours,
    programCap: { ...input.programCap, ...scenario.programCap },
  };
}

/** Plans the base case and each scenario, side by side. The first scenario should be the baseline. */
export function compareScenarios(input: SpendInput, scenarios: Scenario[]): ScenarioComparison {
  const plans = scenarios.map((s) => ({ name: s.name, plan: planSpend(applyScenario(input, s)) }));
  const base = plans[0]?.plan;
  const categories = input.cells.map((c) => `${c.region}/${c.program}`);
  return {
    scenarios: plans.map(({ name, plan }) => ({
      name, plan,
      deltaValue: plan.totalValue - (base?.totalValue ?? 0),
      deltaSpend: plan.totalSpend - (base?.totalSpend ?? 0),
    })),
    table: plans.flatMap(({ name, plan }) => plan.allocations.map((a) => ({ scenario: name, region: a.region, program: a.program, spend: a.spend, value: a.value }))),
    plot: {
      categories,
      series: plans.map(({ name, plan }) => ({ name, spend: plan.allocations.map((a) => a.spend), value: plan.allocations.map((a) => a.value) })),
    },
  };
}
