import { z } from 'zod';
import { ForecourtError } from '../kernel';
import type { Scenario } from './what-if';

/**
 * What-if scenarios as short strings (CLI flags, API bodies):
 * `budget+10` / `budget-10` (budget ± 10 %), `close:<dealerId>` (a dealer closed: its hours
 * leave its region), `stock:<programId>:<responses>` (a stock shortage caps a program).
 */
export const WhatIfSpec = z.string().regex(/^(budget[+-]\d{1,3}(\.\d+)?|close:[a-z0-9-]{1,60}|stock:prg-[a-z0-9-]{1,60}:\d+(\.\d+)?)$/, 'budget+N, budget-N, close:<dealer>, stock:<program>:<cap>');

/** Dealer id → its region and its hours in the plan period (what closing it removes). */
export type DealerHours = ReadonlyMap<string, { region: string; hours: number }>;

export function parseWhatIf(spec: string, dealers: DealerHours): Scenario {
  const budget = /^budget([+-])(\d+(?:\.\d+)?)$/.exec(spec);
  if (budget) return { name: spec, budgetFactor: 1 + (budget[1] === '+' ? 1 : -1) * Number(budget[2]) / 100 };
  const close = /^close:(.+)$/.exec(spec);
  if (close) {
    const dealer = dealers.get(close[1]!);
    if (!dealer) throw new ForecourtError('VALIDATION_FAILED', `what-if ${spec}: unknown dealer in this market`);
    return { name: spec, hoursRemoved: { [dealer.region]: dealer.hours } };
  }
  const stock = /^stock:(prg-[a-z0-9-]+):(\d+(?:\.\d+)?)$/.exec(spec);
  if (stock) return { name: spec, programCap: { [stock[1]!]: Number(stock[2]) } };
  throw new ForecourtError('VALIDATION_FAILED', `what-if ${spec}: expected budget+N, budget-N, close:<dealer> or stock:<program>:<cap>`);
}
