/**
 * Training throughput of the uplift learners on Hillstrom (Womens E-Mail vs No E-Mail,
 * 42,693 rows, 10 features, target visit) against named baselines measured in the same run:
 *   - "group means": one pass computing treated and control response rates (the cheapest possible "model");
 *   - "plain logistic": one L2 logistic regression (IRLS) on all rows, treatment as a feature.
 * Run: npx tsx bench/models/run.ts [--repeats 3]
 */
import { parseArgs } from 'node:util';
import { createRng } from '../../src/kernel';
import { createMatrix, fitGbt, fitLogistic, fitUplift, hillstromBase, hillstromContrast, loadHillstrom, type UpliftData, type UpliftMethod } from '../../src/models';

const { values } = parseArgs({ options: { repeats: { type: 'string', default: '3' } } });
const repeats = Math.max(1, Number(values.repeats));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(fn: () => void): number {
  const times: number[] = [];
  fn(); // warm-up
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

const data: UpliftData = hillstromContrast(loadHillstrom(), 'womens', 'visit');
const n = data.x.rows;

const groupMeans = (): void => {
  const s = [0, 0], c = [0, 0];
  for (let i = 0; i < n; i++) { s[data.treatment[i]!]! += data.y[i]!; c[data.treatment[i]!]!++; }
  if (!(s[1]! / c[1]! - s[0]! / c[0]! > 0)) throw new Error('unexpected ATE');
};
const withTreatment = createMatrix(n, data.x.cols + 1);
for (let i = 0; i < n; i++) {
  withTreatment.values.set(data.x.values.subarray(i * data.x.cols, (i + 1) * data.x.cols), i * (data.x.cols + 1));
  withTreatment.values[i * (data.x.cols + 1) + data.x.cols] = data.treatment[i]!;
}
const plainLogistic = (): void => { fitLogistic(withTreatment, data.y); };
const oneGbt = (): void => { const { kind: _k, ...p } = hillstromBase.gbt as { kind: 'gbt' }; fitGbt(withTreatment, data.y, { ...p, loss: 'logloss' }); };

const rows: { name: string; ms: number }[] = [];
rows.push({ name: 'baseline: group means (one pass)', ms: time(groupMeans) });
rows.push({ name: 'baseline: plain logistic regression', ms: time(plainLogistic) });
rows.push({ name: 'one GBT (100 trees, depth 3), all rows', ms: time(oneGbt) });
const methods: UpliftMethod[] = ['t-learner', 'x-learner', 'dr-learner', 'class-transformation'];
for (const base of ['logistic', 'gbt'] as const) {
  for (const m of methods) {
    rows.push({ name: `${m} / ${base}`, ms: time(() => { fitUplift(m, data, { base: hillstromBase[base], outcome: 'binary' }, createRng('bench')); }) });
  }
}
const logisticMs = rows[1]!.ms;
console.log(`Hillstrom Womens vs No E-Mail, ${n} rows x ${data.x.cols} features, median of ${repeats} after a warm-up; node ${process.version}`);
console.log('| learner | ms per fit | rows/s | time vs plain logistic |');
console.log('|---|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.name} | ${r.ms.toFixed(1)} | ${Math.round((n / r.ms) * 1000).toLocaleString('en-US')} | ${(r.ms / logisticMs).toFixed(2)}x |`);
