import loadHighs from 'highs';
import { ForecourtError } from '../kernel';
import { responseAt } from './response-curve';
import { stepOf, summarise, type SpendInput, type SpendPlan } from './spend-planner';

/**
 * The piecewise-linear version of the spend problem solved exactly by HiGHS:
 * one variable per cell and increment (0 ≤ y ≤ step) with the increment's
 * value and response as slopes; concavity makes the LP fill increments in order.
 */
export async function planSpendExact(input: SpendInput): Promise<SpendPlan> {
  const highs = await loadHighs();
  const step = stepOf(input);
  const segments = Math.ceil(input.budget / step);
  const obj: string[] = [];
  const budgetRow: string[] = [];
  const regionRows = new Map<string, string[]>();
  const programRows = new Map<string, string[]>();
  const bounds: string[] = [];
  input.cells.forEach((cell, c) => {
    for (let s = 0; s < segments; s++) {
      const dr = (responseAt(cell.curve, (s + 1) * step) - responseAt(cell.curve, s * step)) / step;
      const name = `y${c}_${s}`;
      obj.push(`+ ${cell.valuePerResponse * dr} ${name}`);
      budgetRow.push(`+ ${name}`);
      if (input.regionHours[cell.region] !== undefined) {
        const row = regionRows.get(cell.region) ?? [];
        row.push(`+ ${cell.hoursPerResponse * dr} ${name}`);
        regionRows.set(cell.region, row);
      }
      if (input.programCap?.[cell.program] !== undefined) {
        const row = programRows.get(cell.program) ?? [];
        row.push(`+ ${dr} ${name}`);
        programRows.set(cell.program, row);
      }
      bounds.push(` ${name} <= ${step}`);
    }
  });
  const lines = ['Maximize', ' value: ' + obj.join('\n '), 'Subject To', ' budget: ' + budgetRow.join('\n ') + ` <= ${input.budget}`];
  [...regionRows].forEach(([region, row], r) => lines.push(` h${r}: ${row.join('\n ')} <= ${input.regionHours[region]}`));
  [...programRows].forEach(([program, row], p) => lines.push(` p${p}: ${row.join('\n ')} <= ${input.programCap![program]}`));
  lines.push('Bounds', ...bounds, 'End');
  const result = highs.solve(lines.join('\n'), { output_flag: false });
  if (result.Status !== 'Optimal') throw new ForecourtError('INTERNAL', `HiGHS ended with ${result.Status}`);
  const spend = input.cells.map((_, c) => {
    let total = 0;
    for (let s = 0; s < segments; s++) total += result.Columns[`y${c}_${s}`]?.Primal ?? 0;
    return total;
  });
  const first = result.Rows[0] as { Dual?: number } | undefined;
  return { ...summarise(input, spend, Math.abs(first?.Dual ?? 0)), totalValue: result.ObjectiveValue };
}
