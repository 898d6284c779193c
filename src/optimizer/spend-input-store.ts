import { z } from 'zod';
import { catalogStore, customerValueMinor, isWithinValidity } from '../offers';
import { createStore, scopePredicate, type Db, type TenantScope } from '../store';
import { fitResponseCurve } from './response-curve';
import type { SpendCell, SpendInput } from './spend-planner';
import { compareScenarios, type ScenarioComparison } from './what-if';
import { parseWhatIf, WhatIfSpec, type DealerHours } from './what-if-spec';

/**
 * Regional spend planning from stored data: regions are the market's distributors (a dealer
 * without one is its own region), programs are those with offers valid in the market. Per cell:
 * - response curve: fitted from `history` when given for the cell (fitResponseCurve), else a
 *   prior `a = 0.3 × owners in the region` (at most 30 % respond) and `b = 3 / (budget / cells)`
 *   (an even split reaches 95 % of saturation);
 * - value per response: mean (customer value + fund cost) of the program's offers, in major units;
 * - hours per response: mean dealer hours the program's offers need.
 * Region hours: technicians × hours per day × days × capacity share, summed over its dealers.
 */
export const SpendRequest = z.strictObject({
  market: z.string().regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/),
  budget: z.number().positive().max(1e12),
  whatIf: z.array(WhatIfSpec).max(12).default([]),
  history: z.array(z.strictObject({ region: z.string(), program: z.string(), spend: z.number().min(0), response: z.number().min(0) })).max(10_000).default([]),
  days: z.int().min(1).max(365).default(30),
  capacityShare: z.number().min(0).max(1).default(0.2),
});
export type SpendRequest = z.input<typeof SpendRequest>;

export interface SpendPlanning extends ScenarioComparison {
  market: string;
  budget: number;
  cells: { region: string; program: string; a: number; b: number; valuePerResponse: number; hoursPerResponse: number; fitted: boolean }[];
  regionHours: Record<string, number>;
}

export async function spendInputFromStore(db: Db, scope: TenantScope, raw: SpendRequest, now: Date): Promise<{ input: SpendInput; dealers: DealerHours; fitted: Set<string> }> {
  const req = SpendRequest.parse(raw);
  const store = createStore(db);
  const dealers = await store.network.listDealers(scope, { market: req.market });
  const regionOf = new Map(dealers.map((d) => [d.id, d.parentId ?? d.id]));
  const dealerHours = new Map<string, { region: string; hours: number }>();
  const regionHours: Record<string, number> = {};
  for (const d of dealers) {
    const hours = d.technicians.reduce((s, t) => s + t.technicians * t.hoursPerDay, 0) * req.days * req.capacityShare;
    const region = regionOf.get(d.id)!;
    dealerHours.set(d.id, { region, hours });
    regionHours[region] = (regionHours[region] ?? 0) + hours;
  }
  const s = scopePredicate(scope, 'v.home_dealer_id', 2);
  const { rows } = await db.query<{ dealer: string; owners: unknown }>(
    `SELECT v.home_dealer_id AS dealer, count(DISTINCT v.owner_id) AS owners FROM vehicles v WHERE v.market = $1 AND v.owner_id IS NOT NULL AND ${s.sql} GROUP BY v.home_dealer_id`,
    [req.market, ...s.params]);
  const ownersIn = new Map<string, number>();
  for (const r of rows) {
    const region = regionOf.get(r.dealer);
    if (region) ownersIn.set(region, (ownersIn.get(region) ?? 0) + Number(r.owners));
  }
  const offers = (await catalogStore(db).list(scope, { market: req.market })).filter((o) => isWithinValidity(o, now));
  const programs = [...new Set(offers.map((o) => o.programId))].sort();
  const regions = Object.keys(regionHours).sort();
  const cellCount = Math.max(1, regions.length * programs.length);
  const fitted = new Set<string>();
  const cells: SpendCell[] = [];
  for (const program of programs) {
    const mine = offers.filter((o) => o.programId === program);
    const valuePerResponse = mine.reduce((t, o) => t + (customerValueMinor(o) + o.costMinor) / 100, 0) / mine.length;
    const hoursPerResponse = mine.reduce((t, o) => t + o.requires.reduce((h, r) => h + r.hours, 0), 0) / mine.length;
    for (const region of regions) {
      const history = req.history.filter((h) => h.region === region && h.program === program);
      let curve = { a: 0.3 * (ownersIn.get(region) ?? 0), b: 3 / (req.budget / cellCount) };
      if (history.length >= 3) {
        const fit = fitResponseCurve(history);
        curve = { a: fit.a, b: fit.b };
        fitted.add(`${region}/${program}`);
      }
      cells.push({ region, program, curve, valuePerResponse, hoursPerResponse });
    }
  }
  return { input: { cells, budget: req.budget, regionHours }, dealers: dealerHours, fitted };
}

/** The base plan and each what-if, side by side (compareScenarios), built from stored data. */
export async function planSpendFromStore(db: Db, scope: TenantScope, raw: SpendRequest, now: Date): Promise<SpendPlanning> {
  const req = SpendRequest.parse(raw);
  const { input, dealers, fitted } = await spendInputFromStore(db, scope, req, now);
  const scenarios = [{ name: 'base' }, ...req.whatIf.map((w) => parseWhatIf(w, dealers))];
  const comparison = compareScenarios(input, scenarios);
  return {
    ...comparison,
    market: req.market,
    budget: req.budget,
    cells: input.cells.map((c) => ({ region: c.region, program: c.program, a: c.curve.a, b: c.curve.b, valuePerResponse: c.valuePerResponse, hoursPerResponse: c.hoursPerResponse, fitted: fitted.has(`${c.region}/${c.program}`) })),
    regionHours: input.regionHours,
  };
}
