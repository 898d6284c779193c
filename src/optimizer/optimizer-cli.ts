import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { type CliIo, type StoreFlags, createProgress, withCliStore, withStoreFlags } from '../cli';
import { loadConfig } from '../config';
import { ForecourtError, repoRoot, systemClock } from '../kernel';
import { globalScope } from '../store';
import { generateInstance } from './generate-instance';
import type { Instance } from './instance';
import { parseInstance } from './instance-schema';
import { createLocalEvaluator } from './local-evaluator';
import { createNatsEvaluator, defaultOptimizerPrefix, type NatsEvaluator } from './nats-evaluator-io';
import { startShardWorker } from './nats-shard-worker';
import { planInstance, type PlanJson } from './plan';
import { PlanId, plansStore, type PlanDelivery, type StoredPlan } from './plans-store';
import { defaultShardCount } from './shard-layout';
import { planSpendFromStore } from './spend-input-store';

/**
 * `forecourt plan`: stored data → optimizer plan → (with --deliver) delivery's gated enqueue, in
 * one command; `forecourt plan spend`: regional spend planning with what-if scenarios;
 * `forecourt plan solve`: an instance file (or a generated one) planned in this process or on
 * NATS shard workers (`forecourt optimizer-worker`, `forecourt optimizer-workers`).
 */

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(4));

export function planSummary(stored: StoredPlan): string[] {
  const p = stored.plan;
  return [
    `plan ${stored.id} (${p.mode}${stored.market ? `, ${stored.market}` : ''})${stored.build ? `: ${stored.build.owners} owners, ${stored.build.heldOut} held out, ${stored.build.candidates} candidates, ${stored.build.offers} offers, ${stored.build.dealers} dealers` : ''}`,
    ...planLines(p),
  ];
}

/** Value, bound, gap and the binding constraints of a plan. */
export function planLines(p: PlanJson): string[] {
  const lines = [
    `value ${fmt(p.value)}, bound ${fmt(p.bound)}, gap ${(p.gap * 100).toFixed(3)} %, ${p.assigned} assigned${p.iterations ? `, ${p.iterations} iterations` : ''}`,
  ];
  const binding = p.constraints.filter((c) => c.binding).sort((a, b) => b.shadowPrice - a.shadowPrice);
  lines.push(binding.length === 0 ? 'binding constraints: none' : 'binding constraints (shadow price = value of one more unit):');
  for (const c of binding) lines.push(`  ${c.id}\t${c.label}\tused ${fmt(c.used)} of ${fmt(c.capacity)}\tshadow price ${fmt(c.shadowPrice)}`);
  return lines;
}

export function deliverySummary(d: PlanDelivery): string[] {
  const lines = Object.entries(d.byChannel).sort(([a], [b]) => a.localeCompare(b)).map(([channel, c]) =>
    `  ${channel}\t${d.dryRun ? 'would queue' : 'queued'} ${d.dryRun ? c.would_queue : c.queued}, already queued ${c.duplicate}, blocked ${c.blocked}, skipped ${c.skipped}`);
  const blocked = d.decisions.filter((x) => x.status === 'blocked').length;
  return [`${d.dryRun ? 'dry run: ' : ''}delivery of ${d.planId} (campaign ${d.campaignId}) through the compliance gate, per channel:`, ...lines,
    ...(blocked > 0 ? [`${blocked} blocked message(s) are in the review queue`] : [])];
}

const list = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);

export function registerOptimizerCommands(program: Command, io: CliIo): void {
  const plan = withStoreFlags(program.command('plan'))
    .description('Plan offers for a market from stored data (optimizer), print value, bound, gap and binding constraints; with --deliver, feed every decision through the compliance gate into the outbox')
    .option('--market <market>', 'market code', 'US')
    .addOption(new Option('--mode <mode>', 'scale (dual decomposition) or exact (HiGHS)').choices(['scale', 'exact']).default('scale'))
    .option('--limit <n>', 'at most this many owners', '1000')
    .option('--plan <id>', 'use this stored plan instead of making a new one (e.g. to deliver it again: nothing is enqueued twice)')
    .option('--deliver', 'deliver the plan through the compliance gate', false)
    .option('--dry-run', 'with --deliver: render and check only, enqueue nothing', false)
    // Named apart from `plan solve`'s --workers/--nats-url/--prefix: commander gives a parent's option to the parent.
    .option('--optimizer-workers <n>', 'scale mode: run the per-customer step on this many `forecourt optimizer-worker` processes over NATS (ids 0 … n−1)')
    .option('--optimizer-nats-url <url>', 'with --optimizer-workers: the NATS server the optimizer workers listen on', 'nats://127.0.0.1:4222')
    .option('--optimizer-prefix <subject>', 'with --optimizer-workers: subject prefix the workers were started with', defaultOptimizerPrefix)
    .action(async (flags: StoreFlags & { market: string; mode: 'scale' | 'exact'; limit: string; plan?: string; deliver: boolean; dryRun: boolean; optimizerWorkers?: string; optimizerNatsUrl: string; optimizerPrefix: string }) => {
      await withCliStore(flags, async (store) => {
        const progress = createProgress('plan');
        const steps = flags.deliver ? 2 : 1;
        progress.update(0, steps, 'building and solving');
        const stored = flags.plan
          ? await plansStore(store.db).get(globalScope, PlanId.parse(flags.plan))
          : await plansStore(store.db).create(globalScope, { market: flags.market, mode: flags.mode, build: { limit: Number(flags.limit) } }, systemClock(),
            flags.optimizerWorkers ? { evaluatorFor: (instance) => createNatsEvaluator(instance, { natsUrl: flags.optimizerNatsUrl, workers: Number(flags.optimizerWorkers), prefix: flags.optimizerPrefix }) } : {});
        if (!stored) throw new ForecourtError('NOT_FOUND', `no plan ${flags.plan}`);
        progress.update(1, steps, 'delivering');
        const delivery = flags.deliver ? await plansStore(store.db).deliver(globalScope, stored.id, { dryRun: flags.dryRun }, systemClock()) : undefined;
        progress.update(steps, steps, 'done');
        progress.stop();
        for (const line of planSummary(stored)) io.out(line);
        if (delivery) for (const line of deliverySummary(delivery)) io.out(line);
        else if (flags.dryRun) io.err('--dry-run has no effect without --deliver');
      });
    });

  registerShardCommands(program, plan, io);

  // Database flags and --market belong to `plan` (commander parses a parent's options after the subcommand too).
  plan.command('spend')
    .description('Regional spend planning: budget split across region × program under dealer hours, with what-if scenarios side by side (uses plan\'s --market and database flags)')
    .requiredOption('--budget <amount>', 'budget in major currency units')
    .option('--what-if <list>', 'comma-separated: budget+10, budget-10, close:<dealer>, stock:<program>:<cap>', '')
    .option('--days <n>', 'plan period in days (dealer hours)', '30')
    .action(async (_local: unknown, cmd: Command) => {
      const flags = cmd.optsWithGlobals<StoreFlags & { budget: string; market: string; whatIf: string; days: string }>();
      const budget = Number(flags.budget);
      if (!Number.isFinite(budget) || budget <= 0) throw new ForecourtError('VALIDATION_FAILED', '--budget must be a positive number');
      await withCliStore(flags, async (store) => {
        const result = await planSpendFromStore(store.db, globalScope, { market: flags.market, budget, whatIf: list(flags.whatIf), days: Number(flags.days) }, systemClock());
        io.out(`spend plan ${result.market}, budget ${fmt(budget)}: ${result.cells.length} region × program cells`);
        io.out(['scenario', 'spend', 'value', 'Δ value', 'Δ spend', 'marginal value/spend'].join('\t'));
        for (const s of result.scenarios) {
          io.out([s.name, fmt(s.plan.totalSpend), fmt(s.plan.totalValue), fmt(s.deltaValue), fmt(s.deltaSpend), s.plan.marginalValuePerSpend.toFixed(3)].join('\t'));
        }
        io.out(['region/program', ...result.plot.series.map((s) => s.name)].join('\t'));
        result.plot.categories.forEach((c, k) => io.out([c, ...result.plot.series.map((s) => fmt(s.spend[k] ?? 0))].join('\t')));
      });
    });
}

function int(name: string, v: string, min: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new ForecourtError('CONFIG_INVALID', `${name} must be an integer ≥ ${min}`);
  return n;
}

function natsUrlOf(flag: string | undefined): string {
  const url = loadConfig(process.env, { natsUrl: flag }).natsUrl;
  if (!url) throw new ForecourtError('CONFIG_INVALID', 'optimizer workers need --nats-url (or NATS_URL)');
  return url;
}

function untilSignal(): Promise<void> {
  return new Promise((ok) => {
    process.once('SIGINT', () => ok());
    process.once('SIGTERM', () => ok());
  });
}

/** A digest of the choice vector, so that two runs can be compared from their output alone. */
export function choiceDigest(choice: Int32Array): string {
  return createHash('sha256').update(new Uint8Array(choice.buffer, choice.byteOffset, choice.byteLength)).digest('hex').slice(0, 16);
}

interface SolveFlags {
  instance?: string;
  generate?: string;
  candidates: string;
  constraints: string;
  generateSeed: string;
  seed: string;
  maxIterations: string;
  targetGap: string;
  workers?: string;
  natsUrl?: string;
  prefix: string;
  shards: string;
  timeout: string;
  out?: string;
  maxDecisions: string;
}

function instanceOf(flags: SolveFlags): Instance {
  if ((flags.instance === undefined) === (flags.generate === undefined)) throw new ForecourtError('CONFIG_INVALID', 'give exactly one of --instance <file.json> and --generate <customers>');
  if (flags.generate !== undefined) {
    return generateInstance({
      customers: int('--generate', flags.generate, 1), candidatesPerCustomer: int('--candidates', flags.candidates, 1),
      constraints: int('--constraints', flags.constraints, 1), seed: flags.generateSeed,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(flags.instance!, 'utf8'));
  } catch (error) {
    throw new ForecourtError('VALIDATION_FAILED', `cannot read ${flags.instance} as JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseInstance(json);
}

/** `forecourt optimizer-worker`, `forecourt optimizer-workers`, `forecourt plan solve`: the optimizer's per-customer step on NATS. */
function registerShardCommands(program: Command, plan: Command, io: CliIo): void {
  const natsOption = () => new Option('--nats-url <url>', 'NATS server, e.g. nats://127.0.0.1:4222 (env NATS_URL)');
  const prefixOption = () => new Option('--prefix <prefix>', 'subject namespace shared by the planner and its workers').default(defaultOptimizerPrefix);

  program.command('optimizer-worker')
    .description('One optimizer shard worker process: holds the customer shards a planner sends it (over NATS, once per solve) and answers each dual iteration with per-shard sums; listens on <prefix>.w.<id>')
    .requiredOption('--id <k>', 'worker id, 0 … workers−1 (the planner\'s --workers N uses ids 0 … N−1)')
    .addOption(natsOption())
    .addOption(prefixOption())
    .action(async (flags: { id: string; natsUrl?: string; prefix: string }) => {
      const worker = await startShardWorker({ natsUrl: natsUrlOf(flags.natsUrl), id: int('--id', flags.id, 0), prefix: flags.prefix, log: io.err });
      io.out(`optimizer worker ${flags.id} listening on ${worker.subject}`);
      await untilSignal();
      await worker.stop();
    });

  program.command('optimizer-workers')
    .description('Start N optimizer shard worker processes on this machine (ids 0 … N−1); a worker that dies is restarted (a solve in flight then fails and must be re-run)')
    .requiredOption('--count <n>', 'number of worker processes (one per core is the useful maximum)')
    .option('--first-id <k>', 'id of the first worker, to split ids across machines', '0')
    .addOption(natsOption())
    .addOption(prefixOption())
    .action(async (flags: { count: string; firstId: string; natsUrl?: string; prefix: string }) => {
      const natsUrl = natsUrlOf(flags.natsUrl);
      const count = int('--count', flags.count, 1);
      const first = int('--first-id', flags.firstId, 0);
      const bin = resolve(repoRoot(), 'bin/forecourt.js');
      const children: ChildProcess[] = [];
      let stopping = false;
      const startOne = (id: number): void => {
        const child = spawn(process.execPath, [bin, 'optimizer-worker', '--id', String(id), '--nats-url', natsUrl, '--prefix', flags.prefix], { stdio: ['ignore', 'inherit', 'inherit'] });
        children[id - first] = child;
        child.on('exit', (code, signal) => {
          if (stopping) return;
          io.err(`optimizer worker ${id} exited (${signal ?? code}); restarting`);
          setTimeout(() => startOne(id), 1000);
        });
      };
      for (let i = 0; i < count; i++) startOne(first + i);
      io.out(`started optimizer workers ${first} … ${first + count - 1} on ${flags.prefix}`);
      await untilSignal();
      stopping = true;
      await Promise.all(children.map((c) => c.exitCode === null ? new Promise((ok) => { c.once('exit', ok); c.kill('SIGTERM'); }) : undefined));
    });

  plan.command('solve')
    .description('Plan an instance file (InstanceJson) or a generated instance in scale mode, in this process or with the per-customer step on NATS shard workers (--workers N); prints value, bound, gap, iterations and a digest of the choices (identical for the same instance, seed and --shards, however many workers)')
    .option('--instance <file>', 'instance JSON file (the `instance` of POST /api/v1/plans)')
    .option('--generate <customers>', 'plan a generated instance of this many customers instead')
    .option('--candidates <n>', 'with --generate: candidates per customer', '8')
    .option('--constraints <n>', 'with --generate: coupling constraints', '20')
    .option('--generate-seed <s>', 'with --generate: seed of the instance', '1')
    .option('--seed <n>', 'seed of the randomised rounding', '1')
    .option('--max-iterations <n>', 'dual iterations at most', '400')
    .option('--target-gap <x>', 'stop at this certified relative gap', '0.0005')
    .option('--workers <n>', 'shard the per-customer step over NATS workers 0 … N−1 (needs --nats-url)')
    .addOption(natsOption())
    .addOption(prefixOption())
    .option('--shards <n>', 'customer shards (sums are added in shard order, so this, not --workers, fixes the floating-point result)', String(defaultShardCount))
    .option('--timeout <ms>', 'a worker that does not answer one request within this fails the solve', '30000')
    .option('--out <file>', 'write the plan (JSON, with up to --max-decisions explanations) to this file')
    .option('--max-decisions <n>', 'explanations in --out', '1000')
    .action(async (_local: unknown, cmd: Command) => {
      const flags = cmd.opts<SolveFlags>();
      const targetGap = Number(flags.targetGap);
      if (!Number.isFinite(targetGap) || targetGap < 0 || targetGap > 1) throw new ForecourtError('CONFIG_INVALID', '--target-gap must be a number in [0, 1]');
      const shards = int('--shards', flags.shards, 1);
      const options = {
        mode: 'scale' as const, targetGap, maxIterations: int('--max-iterations', flags.maxIterations, 1), seed: int('--seed', flags.seed, -(2 ** 31)),
        maxDecisions: int('--max-decisions', flags.maxDecisions, 0), threads: 1,
      };
      const instance = instanceOf(flags);
      let evaluator: NatsEvaluator | undefined;
      if (flags.workers !== undefined) {
        evaluator = await createNatsEvaluator(instance, {
          natsUrl: natsUrlOf(flags.natsUrl), workers: int('--workers', flags.workers, 1), prefix: flags.prefix, shards, timeoutMs: int('--timeout', flags.timeout, 1),
        });
      }
      try {
        const { plan: result, choice } = await planInstance(instance, options, { evaluator: evaluator ?? createLocalEvaluator(instance, { shards }) });
        io.out(`plan of ${instance.customerCount} customers (scale, ${evaluator ? `${evaluator.threads} NATS workers on ${flags.prefix}` : 'this process'}, ${shards} shards)`);
        for (const line of planLines(result)) io.out(line);
        io.out(`exact: value ${result.value} bound ${result.bound} iterations ${result.iterations} choices ${choiceDigest(choice)}`);
        if (evaluator) {
          const t = evaluator.traffic();
          io.out(`NATS traffic: ${t.requests} requests, ${(t.bytesOut / 1e6).toFixed(2)} MB out, ${(t.bytesIn / 1e6).toFixed(2)} MB in`);
        }
        if (flags.out) writeFileSync(flags.out, `${JSON.stringify(result, null, 2)}\n`);
      } finally {
        await evaluator?.close();
      }
    });
}
