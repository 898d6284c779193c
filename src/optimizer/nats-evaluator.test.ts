/**
 * The optimizer's per-customer step on NATS shard workers (loopback server at
 * FORECOURT_NATS_URL, default nats://127.0.0.1:4222): the plan is identical to
 * the single-process one, and a worker that is gone or stuck fails the solve
 * with a ForecourtError instead of hanging or returning a plan. Each run uses its
 * own subject prefix (core request/reply only: no streams are created).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForecourtError, repoRoot } from '../kernel';
import { solveScale, type ScaleSolution } from './dual-solver';
import { generateInstance } from './generate-instance';
import { createLocalEvaluator } from './local-evaluator';
import { createNatsEvaluator, solveScaleNats, type NatsEvaluator } from './nats-evaluator-io';
import { startShardWorker, type ShardWorker } from './nats-shard-worker';
import { runForecourt } from '../testing';
import { globalScope, openStore } from '../store';
import { loadPlanFixture, PLAN_NOW } from './plan-fixture';
import { plansStore } from './plans-store';

const natsUrl = process.env.FORECOURT_NATS_URL ?? 'nats://127.0.0.1:4222';
const bin = resolve(repoRoot(), 'bin/forecourt.js');
const uniquePrefix = (name: string): string => `fctest.opt.${name}.${randomBytes(4).toString('hex')}`;

const instance = generateInstance({ customers: 4000, candidatesPerCustomer: 8, constraints: 20, seed: 11 });
const solveOptions = { maxIterations: 70, seed: 3 };

/** Everything a plan is made of, compared with toEqual (typed arrays element by element, numbers with Object.is). */
const planOf = (s: ScaleSolution) => ({
  choice: Array.from(s.choice), primalValue: s.primalValue, dualBound: s.dualBound, gap: s.gap, iterations: s.iterations,
  lambda: Array.from(s.lambda), usage: Array.from(s.usage), history: s.history,
});

function spawnWorker(prefix: string, id: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [bin, 'optimizer-worker', '--id', String(id), '--nats-url', natsUrl, '--prefix', prefix],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' } });
  return new Promise((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('listening')) ok(child);
    });
    child.once('exit', (code) => fail(new Error(`optimizer worker ${id} exited with ${code}`)));
  });
}

const run = (args: string[]) => runForecourt(args);

const exited = (c: ChildProcess): Promise<unknown> => c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise((ok) => c.once('exit', ok));

describe('optimizer shards on NATS', () => {
  let reference: ScaleSolution;
  beforeAll(async () => {
    reference = await solveScale(instance, solveOptions);
  }, 120_000);

  describe('two in-process workers on their own connections, tiny chunks', () => {
    const prefix = uniquePrefix('inproc');
    const workers: ShardWorker[] = [];
    beforeAll(async () => {
      for (const id of [0, 1]) workers.push(await startShardWorker({ natsUrl, id, prefix, chunkBytes: 8192 }));
    });
    afterAll(async () => {
      await Promise.all(workers.map((w) => w.stop()));
    });

    it('evaluates and assigns bit-identically to the local evaluator', async () => {
      const nats = await createNatsEvaluator(instance, { natsUrl, workers: 2, prefix, chunkBytes: 8192 });
      try {
        const local = createLocalEvaluator(instance);
        const penalty = new Float64Array(instance.options.length).map((_, p) => (p % 9) * 2.5);
        penalty[1] = Infinity;
        const a = await nats.evaluate(penalty, 1.7);
        const b = await local.evaluate(penalty, 1.7);
        expect(a.lagrangian).toBe(b.lagrangian);
        expect(a.smoothed).toBe(b.smoothed);
        expect(Array.from(a.mass)).toEqual(Array.from(b.mass));
        expect(Array.from(await nats.assign(penalty, 1.7, 5))).toEqual(Array.from(await local.assign(penalty, 1.7, 5)));
        expect(nats.traffic().requests).toBeGreaterThan(4); // the shard upload alone needs many 8 KiB chunks
        expect(workers.map((w) => w.solves())).toEqual([1, 1]);
      } finally {
        await nats.close();
      }
      expect(workers.map((w) => w.solves())).toEqual([0, 0]); // close drops the workers' copies
    }, 120_000);

    it('solves to exactly the plan of the single-process solver', async () => {
      const distributed = await solveScaleNats(instance, { ...solveOptions, natsUrl, workers: 2, prefix, chunkBytes: 8192 });
      expect(distributed.threads).toBe(2);
      expect(planOf(distributed)).toEqual(planOf(reference));
    }, 120_000);

    it('a plan from stored data (plansStore.create, `forecourt plan --optimizer-workers`) is the same on the workers', async () => {
      const store = await openStore({ dataDir: 'memory' });
      try {
        await loadPlanFixture(store);
        const request = { market: 'US', mode: 'scale' as const, seed: 3 };
        const local = await plansStore(store.db).create(globalScope, request, PLAN_NOW);
        let used: NatsEvaluator | undefined;
        const remote = await plansStore(store.db).create(globalScope, request, PLAN_NOW,
          { evaluatorFor: async (i) => (used = await createNatsEvaluator(i, { natsUrl, workers: 2, prefix, chunkBytes: 8192 })) });
        expect(used!.traffic().requests).toBeGreaterThan(2); // the per-customer step really ran on the workers
        expect(remote.assignments).toEqual(local.assignments);
        expect(remote.plan.value).toBe(local.plan.value);
        expect(remote.plan.bound).toBe(local.plan.bound);
      } finally {
        await store.close();
      }
      expect(workers.map((w) => w.solves())).toEqual([0, 0]);
    }, 120_000);
  });

  describe('worker processes (`forecourt optimizer-worker`)', () => {
    const prefix = uniquePrefix('proc');
    const children: ChildProcess[] = [];
    beforeAll(async () => {
      children.push(...await Promise.all([spawnWorker(prefix, 0), spawnWorker(prefix, 1)]));
    }, 120_000);
    afterAll(async () => {
      for (const c of children) {
        if (c.exitCode === null && c.signalCode === null) {
          c.kill('SIGCONT');
          c.kill('SIGKILL');
        }
      }
      await Promise.all(children.map(exited));
    });

    it('two processes give exactly the single-process plan, and so does `plan solve --workers 2`', async () => {
      const distributed = await solveScaleNats(instance, { ...solveOptions, natsUrl, workers: 2, prefix });
      expect(planOf(distributed)).toEqual(planOf(reference));
      const common = ['plan', 'solve', '--generate', '2000', '--generate-seed', '4', '--max-iterations', '40'];
      const local = await run(common);
      const remote = await run([...common, '--workers', '2', '--nats-url', natsUrl, '--prefix', prefix]);
      expect(local.code, local.err).toBe(0);
      expect(remote.code, remote.err).toBe(0);
      const exact = (out: string): string => out.split('\n').find((l) => l.startsWith('exact:')) ?? 'missing';
      expect(exact(remote.out)).toMatch(/^exact: value \S+ bound \S+ iterations \d+ choices [0-9a-f]{16}$/);
      expect(exact(remote.out)).toBe(exact(local.out));
      expect(remote.out).toContain('2 NATS workers');
    }, 240_000);

    it('has --help for the worker, workers and plan solve commands', async () => {
      for (const c of [['optimizer-worker'], ['optimizer-workers'], ['plan', 'solve']]) {
        const r = await run([...c, '--help']);
        expect(r.code).toBe(0);
        expect(r.out).toContain(`Usage: forecourt ${c.join(' ')}`);
        expect(r.out).toContain('--nats-url');
      }
    }, 120_000);

    it('a stopped (unresponsive) worker fails the solve within the timeout with a ForecourtError, no plan', async () => {
      // 5 s per request: generous for the healthy worker on a loaded machine, short for the test.
      const evaluator = await createNatsEvaluator(instance, { natsUrl, workers: 2, prefix, timeoutMs: 5_000 });
      children[1]!.kill('SIGSTOP');
      try {
        const error = await solveScale(instance, { ...solveOptions, evaluator }).then(() => undefined, (e: unknown) => e);
        expect(error).toBeInstanceOf(ForecourtError);
        expect((error as ForecourtError).code).toBe('WORKER_UNAVAILABLE');
        expect((error as ForecourtError).message).toMatch(/optimizer worker 1 .* did not answer evaluate within 5000 ms/);
      } finally {
        children[1]!.kill('SIGCONT');
        await evaluator.close();
      }
    }, 120_000);

    it('a killed worker fails the solve with a ForecourtError naming it, no plan', async () => {
      const evaluator = await createNatsEvaluator(instance, { natsUrl, workers: 2, prefix, timeoutMs: 10_000 });
      children[0]!.kill('SIGKILL');
      await exited(children[0]!);
      try {
        const error = await solveScale(instance, { ...solveOptions, evaluator }).then(() => undefined, (e: unknown) => e);
        expect(error).toBeInstanceOf(ForecourtError);
        expect((error as ForecourtError).code).toBe('WORKER_UNAVAILABLE');
        expect((error as ForecourtError).message).toMatch(/optimizer worker (0|is listening on .*\.w\.0)/);
      } finally {
        await evaluator.close();
      }
      // Starting a solve without worker 0 fails at once, before any iteration.
      await expect(createNatsEvaluator(instance, { natsUrl, workers: 2, prefix, timeoutMs: 10_000 })).rejects.toThrow(/no optimizer worker is listening on .*\.w\.0/);
    }, 120_000);
  });
});
