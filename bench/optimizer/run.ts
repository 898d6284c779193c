/**
 * Optimizer benchmark: the same generated instances for scale mode (dual
 * decomposition on worker threads) and for HiGHS (exact LP), plus the floor
 * pass (read every candidate value once) against one dual iteration.
 *
 *   npx tsx bench/optimizer/run.ts [--sizes 10000,60000,1000000] [--candidates 20]
 *     [--constraints 50] [--threads 2] [--highs-max 60000] [--highs-time-limit 900] [--seed 1]
 */
import { createScratch, evaluateRange, maxCandidates, sumValues } from '../../src/optimizer/dual-kernel';
import {
  compareScenarios, createParallelEvaluator, generateInstance, planSpend, planSpendExact, solveExact, solveScale,
  violatedConstraints, type SpendInput,
} from '../../src/optimizer';
import { createRng } from '../../src/kernel';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}
const sizes = arg('sizes', '10000,60000,1000000').split(',').map(Number);
const candidates = Number(arg('candidates', '20'));
const constraints = Number(arg('constraints', '50'));
const threads = Number(arg('threads', '2'));
const highsMax = Number(arg('highs-max', '60000'));
const highsTimeLimit = Number(arg('highs-time-limit', '900'));
const seed = Number(arg('seed', '1'));

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const pct = (x: number): string => `${(x * 100).toFixed(4)} %`;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const now = (): number => performance.now();

console.log(`node ${process.version}, ${threads} threads, ${candidates} candidates/customer, ${constraints} constraints, seed ${seed}`);
const rows: string[][] = [];
for (const n of sizes) {
  console.log(`\n== ${n.toLocaleString('en')} customers`);
  let t = now();
  const instance = generateInstance({ customers: n, candidatesPerCustomer: candidates, constraints, seed });
  const total = instance.candidateValue.length;
  console.log(`generated ${total.toLocaleString('en')} candidates, ${instance.options.length} options, ${instance.capacity.length} constraints in ${((now() - t) / 1000).toFixed(1)} s; instance arrays ${mb(total * 8 + n * 9)}`);

  // Floor: one plain pass reading every candidate value once (single thread).
  const floorTimes: number[] = [];
  for (let r = 0; r < 7; r++) { t = now(); sumValues(instance.candidateValue, 0, total); floorTimes.push(now() - t); }
  const floor = median(floorTimes);

  t = now();
  const evaluator = await createParallelEvaluator(instance, { threads });
  await evaluator.evaluate(new Float64Array(instance.options.length), 0);
  console.log(`worker threads started (tsx loader + first pass) in ${((now() - t) / 1000).toFixed(2)} s, not counted below`);
  t = now();
  const scale = await solveScale(instance, { evaluator });
  const scaleSeconds = (now() - t) / 1000;
  const feasible = violatedConstraints(instance, scale.choice).length === 0;

  // One dual iteration at the final prices (smoothed, as the solver runs it), on all threads and on one.
  const gamma = 0.0005 * (scale.dualBound / Math.max(1, n));
  const iterTimes: number[] = [];
  for (let r = 0; r < 7; r++) { t = now(); await evaluator.evaluate(scale.penalty, gamma); iterTimes.push(now() - t); }
  const iteration = median(iterTimes);
  const single: number[] = [];
  const scratch = createScratch(maxCandidates(instance, 0, n));
  for (let r = 0; r < 3; r++) {
    const mass = new Float64Array(instance.options.length);
    t = now(); evaluateRange(instance, 0, n, scale.penalty, gamma, mass, scratch); single.push(now() - t);
  }
  await evaluator.close();
  const rss = process.memoryUsage().rss;
  console.log(`scale: ${scaleSeconds.toFixed(2)} s, ${scale.iterations} iterations (${((scaleSeconds * 1000) / scale.iterations).toFixed(1)} ms/iteration incl. repairs), primal ${scale.primalValue.toFixed(0)}, dual bound ${scale.dualBound.toFixed(0)}, certified gap ${pct(scale.gap)}, feasible ${feasible}, rss ${mb(rss)}`);
  console.log(`  of which dual evaluations ${scale.seconds.dual.toFixed(2)} s, primal rounding + repair ${scale.seconds.primal.toFixed(2)} s`);
  console.log(`floor pass ${floor.toFixed(1)} ms; one dual iteration ${iteration.toFixed(1)} ms on ${threads} threads (${(iteration / floor).toFixed(2)}× floor), ${median(single).toFixed(1)} ms on 1 thread (${(median(single) / floor).toFixed(2)}× floor)`);

  let highsCell = ['skipped', '', '', ''];
  if (n <= highsMax) {
    const before = process.memoryUsage().rss;
    try {
      const lp = await solveExact(instance, { integer: false, timeLimit: highsTimeLimit });
      const after = process.memoryUsage().rss;
      const primalVsLp = (lp.objective - scale.primalValue) / lp.objective;
      const boundVsLp = (scale.dualBound - lp.objective) / lp.objective;
      console.log(`HiGHS LP: ${lp.seconds.toFixed(1)} s (${lp.status}), optimum ${lp.objective.toFixed(0)}, rss +${mb(after - before)}; scale primal is ${pct(primalVsLp)} below it, dual bound ${pct(boundVsLp)} above it; speed-up ${(lp.seconds / scaleSeconds).toFixed(0)}×`);
      highsCell = [`${lp.seconds.toFixed(1)} s`, lp.status, pct(primalVsLp), `${(lp.seconds / scaleSeconds).toFixed(0)}×`];
    } catch (error) {
      console.log(`HiGHS LP failed: ${(error as Error).message}`);
      highsCell = ['failed', '', '', ''];
    }
  }
  rows.push([n.toLocaleString('en'), `${scaleSeconds.toFixed(2)} s`, String(scale.iterations), pct(scale.gap), mb(rss),
    `${floor.toFixed(1)} ms`, `${iteration.toFixed(1)} ms`, `${(iteration / floor).toFixed(2)}×`, ...highsCell]);
}

console.log('\n| customers | scale time | iterations | certified gap | rss | floor pass | dual iteration | iteration/floor | HiGHS LP time | HiGHS status | scale primal below LP opt | speed-up |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);

// Regional spend planning: greedy with capacity prices vs HiGHS on the piecewise-linear version.
const rng = createRng(`spend-${seed}`);
const regions = ['north', 'south', 'east', 'west', 'central'];
const programs = ['service', 'sales', 'features', 'loyalty'];
const spend: SpendInput = {
  cells: regions.flatMap((region) => programs.map((program) => ({
    region, program,
    curve: { a: 200 + 800 * rng.next(), b: 1 / (20_000 + 80_000 * rng.next()) },
    valuePerResponse: { service: 150, sales: 900, features: 60, loyalty: 300 }[program]!,
    hoursPerResponse: { service: 1.5, sales: 0.5, features: 0.1, loyalty: 0.3 }[program]!,
  }))),
  budget: 1_000_000,
  regionHours: Object.fromEntries(regions.map((r) => [r, 300 + 500 * rng.next()])),
  step: 2500,
};
let t = now();
const greedy = planSpend(spend);
const greedyMs = now() - t;
t = now();
const exact = await planSpendExact(spend);
const exactMs = now() - t;
console.log(`\nspend planning (${spend.cells.length} region×program cells, ${spend.budget / spend.step!} increments): greedy ${greedy.totalValue.toFixed(0)} in ${greedyMs.toFixed(0)} ms, HiGHS piecewise-linear ${exact.totalValue.toFixed(0)} in ${exactMs.toFixed(0)} ms, greedy/HiGHS ${(greedy.totalValue / exact.totalValue).toFixed(5)}`);
const whatIf = compareScenarios(spend, [
  { name: 'baseline' }, { name: 'budget +10%', budgetFactor: 1.1 }, { name: 'budget -10%', budgetFactor: 0.9 },
  { name: 'north dealer closed', hoursRemoved: { north: 250 } }, { name: 'EV stock shortage', programCap: { sales: 400 } },
]);
for (const s of whatIf.scenarios) console.log(`  ${s.name.padEnd(22)} value ${s.plan.totalValue.toFixed(0).padStart(9)}  Δ ${s.deltaValue.toFixed(0).padStart(8)}  spend ${s.plan.totalSpend.toFixed(0)}`);
