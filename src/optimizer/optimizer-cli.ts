import { Option, type Command } from 'commander';
import { type CliIo, type StoreFlags, createProgress, withCliStore, withStoreFlags } from '../cli';
import { ForecourtError, systemClock } from '../kernel';
import { globalScope } from '../store';
import { PlanId, plansStore, type PlanDelivery, type StoredPlan } from './plans-store';
import { planSpendFromStore } from './spend-input-store';

/**
 * `forecourt plan`: stored data → optimizer plan → (with --deliver) delivery's gated enqueue, in
 * one command; `forecourt plan spend`: regional spend planning with what-if scenarios.
 */

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(4));

export function planSummary(stored: StoredPlan): string[] {
  const p = stored.plan;
  const lines = [
    `plan ${stored.id} (${p.mode}${stored.market ? `, ${stored.market}` : ''})${stored.build ? `: ${stored.build.owners} owners, ${stored.build.heldOut} held out, ${stored.build.candidates} candidates, ${stored.build.offers} offers, ${stored.build.dealers} dealers` : ''}`,
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
    .action(async (flags: StoreFlags & { market: string; mode: 'scale' | 'exact'; limit: string; plan?: string; deliver: boolean; dryRun: boolean }) => {
      await withCliStore(flags, async (store) => {
        const progress = createProgress('plan');
        const steps = flags.deliver ? 2 : 1;
        progress.update(0, steps, 'building and solving');
        const stored = flags.plan
          ? await plansStore(store.db).get(globalScope, PlanId.parse(flags.plan))
          : await plansStore(store.db).create(globalScope, { market: flags.market, mode: flags.mode, build: { limit: Number(flags.limit) } }, systemClock());
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
