/**
 * Compliance checker benchmark: messages per second on one core and latency per
 * message over examples.jsonl repeated, beside a named baseline in the same run.
 *
 * Baseline "lexicon-only raw scan": one case-insensitive regex of the literal
 * lexicon terms of RULES.md run over the raw text, without normalisation, offset
 * mapping, negation or disclosure checks: the floor cost of looking at the text.
 *
 *   npx tsx bench/compliance/run.ts [--passes 50]
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { sharedDir } from '../../src/kernel';
import { ComplianceInput, checkMessage } from '../../src/compliance';

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const passes = arg('passes', 50);

const records = readFileSync(sharedDir('compliance', 'examples.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => ComplianceInput.parse(JSON.parse(l)));

const baselineTerms = [
  'self-driving', 'self driving', 'autonomous', 'driverless', 'drives itself', 'drive itself', 'autopilot', 'full self-driving',
  'autonom', 'selbstfahrend', 'conduite autonome', 'pilote automatique', 'hands-free', 'hands-off', 'let go of the wheel', 'freihändig',
  'sans les mains', 'eyes off the road', 'look away', 'watch a movie', 'scroll your feed', 'film schauen', 'regarder un film', 'sleep',
  'nap', 'schlafen', 'dormir', 'no driver needed', 'free', 'kostenlos', 'gratuit', 'offert', 'limited time', 'last chance', 'ends tonight',
  'this weekend only', 'never crash', '100% safe', 'crash-proof', 'your trips', 'based on how you drive', 'apr', 'lease', 'per month',
  '/month', 'down', 'financing', 'taeg', 'sollzins', 'mpg', 'miles', 'wltp', 'up to', 'bis zu', "jusqu'à", 'reduziert', '% off',
];
const baseline = new RegExp(baselineTerms.map((t) => t.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'), 'gi');
let sink = 0;
const baselineScan = (text: string): number => {
  let n = 0;
  baseline.lastIndex = 0;
  for (const _m of text.matchAll(baseline)) n++;
  return n;
};

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

function measure(label: string, f: (r: ComplianceInput) => number): { perSecond: number; perCpuSecond: number; p50: number; p95: number; p99: number } {
  for (const r of records) sink += f(r); // warm-up pass (regex compilation, JIT)
  const lat = new Float64Array(passes * records.length);
  let k = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let p = 0; p < passes; p++) {
    for (const r of records) {
      const s = performance.now();
      sink += f(r);
      lat[k++] = performance.now() - s;
    }
  }
  const total = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  lat.sort();
  const out = { perSecond: (lat.length / total) * 1000, perCpuSecond: (lat.length / cpuMs) * 1000, p50: percentile(lat, 0.5), p95: percentile(lat, 0.95), p99: percentile(lat, 0.99) };
  console.log(
    `${label.padEnd(34)} ${lat.length} msgs  ${out.perSecond.toFixed(0).padStart(8)} msg/s wall  ${out.perCpuSecond.toFixed(0).padStart(8)} msg/s per CPU-second  p50 ${(out.p50 * 1000).toFixed(1)} µs  p95 ${(out.p95 * 1000).toFixed(1)} µs  p99 ${(out.p99 * 1000).toFixed(1)} µs`,
  );
  return out;
}

console.log(`compliance bench: ${records.length} example messages × ${passes} passes, one core (node ${process.version}, ${cpus().length} cpus, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
const checker = measure('checkMessage (29 rules)', (r) => checkMessage(r).violations.length);
const base = measure('baseline: lexicon-only raw scan', (r) => baselineScan(r.text));
console.log(
  `ratio: checker is ${(base.perCpuSecond / checker.perCpuSecond).toFixed(1)}× slower than the raw scan per CPU-second (wall ${(base.perSecond / checker.perSecond).toFixed(1)}×, p50 ${(checker.p50 / base.p50).toFixed(1)}×)`,
);
if (sink < 0) console.log(sink);
