/**
 * Optimizer scale mode with the per-customer step on NATS shard workers:
 * the same solve (fixed iteration count, target gap 0, so every setup does the
 * same work) in this process (baseline: `solveScale` with the local evaluator)
 * and with 1, 2 and 4 `forecourt optimizer-worker` processes, in one run.
 * Prints wall time, time in dual evaluations, the one-off shard upload, the
 * NATS message volume per dual iteration, and checks every distributed plan is
 * identical to the baseline's.
 *
 *   npx tsx bench/optimizer-shards/run.ts [--customers 200000] [--candidates 20] [--constraints 50] [--iterations 60]
 *
 * Needs NATS at 127.0.0.1:4222 (override with FORECOURT_NATS_URL). Uses its
 * own subject prefix; creates no streams; stops its workers at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadavg, availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { repoRoot } from '../../src/kernel';
import { createNatsEvaluator, generateInstance, solveScale, type ScaleSolution } from '../../src/optimizer';

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const natsUrl = process.env.FORECOURT_NATS_URL ?? 'nats://127.0.0.1:4222';
const bin = resolve(repoRoot(), 'bin/forecourt.js');
const size = { customers: arg('customers', 200_000), candidatesPerCustomer: arg('candidates', 20), constraints: arg('constraints', 50), seed: 7 };
const iterations = arg('iterations', 60);
const solveOptions = { maxIterations: iterations, targetGap: 0, seed: 1 };
const prefix = `fcbench.opt.${randomBytes(4).toString('hex')}`;

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

function startWorker(id: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [bin, 'optimizer-worker', '--id', String(id), '--nats-url', natsUrl, '--prefix', prefix], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((ok, fail) => {
    child.stdout!.on('data', (d: Buffer) => { if (d.toString().includes('listening')) ok(child); });
    child.once('exit', (code) => fail(new Error(`optimizer worker ${id} exited with ${code}`)));
  });
}

const same = (a: ScaleSolution, b: ScaleSolution): boolean =>
  a.primalValue === b.primalValue && a.dualBound === b.dualBound && a.iterations === b.iterations
  && a.choice.length === b.choice.length && a.choice.every((c, i) => c === b.choice[i]);

const instance = generateInstance(size);
const candidates = instance.candidateStart[instance.customerCount]!;
console.log(`node ${process.version}; ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (shared machine)`);
console.log(`${size.customers} customers × ${size.candidatesPerCustomer} candidates (${candidates} in all) × ${instance.capacity.length} constraints, ${instance.options.length} options; ${iterations} iterations, target gap 0`);

const t0 = performance.now();
const baseline = await solveScale(instance, solveOptions);
const baseMs = performance.now() - t0;
console.log(`\nsetup                          wall      dual      upload    ratio(wall)  per iteration on NATS`);
console.log(`in-process solveScale (base)   ${s(baseMs).padStart(8)}  ${s(baseline.seconds.dual * 1000).padStart(8)}  ${'—'.padStart(8)}    1.00×        —   (value ${baseline.primalValue}, bound ${baseline.dualBound.toFixed(3)})`);

const workers: ChildProcess[] = [];
try {
  for (let id = 0; id < 4; id++) workers.push(await startWorker(id));
  for (const count of [1, 2, 4]) {
    const started = performance.now();
    const evaluator = await createNatsEvaluator(instance, { natsUrl, workers: count, prefix, timeoutMs: 120_000 });
    const uploadMs = performance.now() - started;
    try {
      const loaded = evaluator.traffic();
      await evaluator.evaluate(new Float64Array(instance.options.length), 1);
      const one = evaluator.traffic();
      const solveStart = performance.now();
      const solution = await solveScale(instance, { ...solveOptions, evaluator });
      const solveMs = performance.now() - solveStart;
      const total = uploadMs + solveMs;
      const perIteration = `${one.requests - loaded.requests} requests, ${kb(one.bytesOut - loaded.bytesOut)} out, ${kb(one.bytesIn - loaded.bytesIn)} in`;
      console.log(`${`NATS, ${count} worker process${count > 1 ? 'es' : ''}`.padEnd(31)}${s(total).padStart(8)}  ${s(solution.seconds.dual * 1000).padStart(8)}  ${s(uploadMs).padStart(8)}    ${(total / baseMs).toFixed(2)}×        ${perIteration}; upload ${(loaded.bytesOut / 1e6).toFixed(1)} MB in ${loaded.requests} requests; plan ${same(solution, baseline) ? 'identical to the baseline' : 'DIFFERS from the baseline'}`);
      if (!same(solution, baseline)) process.exitCode = 1;
    } finally {
      await evaluator.close();
    }
  }
} finally {
  await Promise.all(workers.map((w) => new Promise((ok) => { w.once('exit', ok); w.kill('SIGTERM'); })));
}
console.log('\nratio = wall (upload + solve) / baseline wall; dual = time in dual evaluations only (solution.seconds.dual).');
