import type { Instance } from './instance';

export interface LpModel {
  text: string;
  /** Candidate index of each LP column, in column order. */
  columns: Int32Array;
  /** Constraint index of each coupling row written (rows nobody uses are left out). */
  rows: Int32Array;
}

const term = (coef: number, name: string): string => (coef < 0 ? ` - ${-coef} ${name}` : ` + ${coef} ${name}`);

/**
 * The instance as CPLEX LP text: maximise Σ v x subject to the coupling rows,
 * Σ_j x_ij ≤ 1 per customer, 0 ≤ x ≤ 1 (binary for the MIP). Held-out
 * customers get no columns. Columns are listed in the objective in candidate
 * order, which is the order HiGHS numbers them.
 */
export function toLpText(instance: Instance, integer: boolean): LpModel {
  const { candidateStart, candidateValue, candidateOption, optionStart, useConstraint, useAmount, capacity } = instance;
  const out: string[] = ['Maximize', ' value:'];
  const columns: number[] = [];
  let line = '';
  const flush = (force: boolean): void => {
    if (line.length > 200 || (force && line.length > 0)) { out.push(line); line = ''; }
  };
  for (let i = 0; i < instance.customerCount; i++) {
    if (instance.holdout[i] === 1) continue;
    for (let j = candidateStart[i]!; j < candidateStart[i + 1]!; j++) {
      columns.push(j);
      line += term(candidateValue[j]!, `x${j}`);
      flush(false);
    }
  }
  flush(true);
  if (columns.length === 0) out.push(' 0 x_none');
  out.push('Subject To');

  // Candidates per option, to write each coupling row.
  const P = instance.options.length;
  const perOption: number[][] = Array.from({ length: P }, () => []);
  for (const j of columns) perOption[candidateOption[j]!]!.push(j);
  const byRow: { option: number; amount: number }[][] = Array.from({ length: capacity.length }, () => []);
  for (let p = 0; p < P; p++) {
    for (let u = optionStart[p]!; u < optionStart[p + 1]!; u++) {
      if (useAmount[u]! !== 0 && perOption[p]!.length > 0) byRow[useConstraint[u]!]!.push({ option: p, amount: useAmount[u]! });
    }
  }
  const rows: number[] = [];
  byRow.forEach((uses, k) => {
    if (uses.length === 0) return;
    rows.push(k);
    out.push(` c${k}:`);
    for (const { option, amount } of uses) {
      for (const j of perOption[option]!) { line += term(amount, `x${j}`); flush(false); }
    }
    flush(true);
    out.push(` <= ${capacity[k]}`);
  });
  for (let i = 0; i < instance.customerCount; i++) {
    if (instance.holdout[i] === 1 || candidateStart[i + 1]! === candidateStart[i]!) continue;
    out.push(` u${i}:`);
    for (let j = candidateStart[i]!; j < candidateStart[i + 1]!; j++) { line += ` + x${j}`; flush(false); }
    flush(true);
    out.push(' <= 1');
  }
  out.push('Bounds');
  for (const j of columns) out.push(` x${j} <= 1`);
  if (integer && columns.length > 0) {
    out.push('Binary');
    for (const j of columns) { line += ` x${j}`; flush(false); }
    flush(true);
  }
  out.push('End');
  return { text: out.join('\n'), columns: Int32Array.from(columns), rows: Int32Array.from(rows) };
}
