import type { Command } from 'commander';
import { z } from 'zod';
import type { CliIo } from '../cli';
import { NodeId, Offer } from '../domain';
import { fundPosition, fundsStore } from '../funds';
import { ForecourtError } from '../kernel';
import { readJsonFile, withCliStore, withStoreFlags, type StoreFlags } from '../network';
import { arbitrate, CustomerCandidates } from './arbitrate';
import { parseCatalogOffer } from './catalog-offer';
import { checkStoredRules } from './conditions';
import { ContactPolicy } from './contact-policy';
import { evaluateCatalog } from './evaluate-catalog';
import { catalogStore } from './offer-catalog-store';
import { ConflictPolicy, resolveChannelConflict } from './resolve-channel-conflict';

/** The same bodies as POST /api/v1/catalog/arbitrate and /conflicts. */
const ArbitrationFile = z.strictObject({
  customers: z.array(CustomerCandidates).min(1),
  policy: ContactPolicy.optional(),
  budgets: z.record(z.string(), z.number()).optional(),
  usage: z.record(z.string(), z.int().min(0)).optional(),
});
const ConflictFile = z.strictObject({
  customer: z.strictObject({ id: z.string().min(1), postalCode: z.string().min(1).max(12).nullable(), homeDealerId: NodeId.nullable() }),
  offerIds: z.array(Offer.shape.id).min(1),
  policy: ConflictPolicy.optional(),
});

function parseFile<T>(schema: z.ZodType<T>, file: string, io: CliIo): T {
  const parsed = schema.safeParse(readJsonFile(file));
  if (parsed.success) return parsed.data;
  for (const i of parsed.error.issues) io.err(`${file}: ${i.path.join('.') || '(file)'}: ${i.message}`);
  throw new ForecourtError('VALIDATION_FAILED', `${parsed.error.issues.length} problem(s) in ${file}`);
}

const global = { kind: 'global' } as const;

/** `forecourt catalog …`: list and load catalog offers, check a vehicle's eligibility. */
export function registerCatalogCommands(program: Command, io: CliIo): void {
  const catalog = program.command('catalog').description('Offer catalog: offers with funding, content, limits and eligibility rules');

  withStoreFlags(catalog.command('list'))
    .description('List catalog offers')
    .option('--market <code>', 'only offers for this market')
    .option('--json', 'print JSON')
    .action(async (flags: StoreFlags & { market?: string; json?: boolean }) => {
      await withCliStore(flags, async (store) => {
        const offers = await catalogStore(store.db).list(global, flags.market ? { market: flags.market } : {});
        if (flags.json) { io.out(JSON.stringify(offers, null, 2)); return; }
        for (const o of offers) io.out(`${o.id.padEnd(32)} ${o.kind.padEnd(17)} ${o.markets.join(',').padEnd(8)} ${o.fundId ?? '-'} ${o.rules.length} rule(s)  ${o.name}`);
      });
    });

  withStoreFlags(catalog.command('put <file>'))
    .description('Create or replace catalog offers from a JSON file (one offer or an array); every offer is checked before any is written')
    .action(async (file: string, flags: StoreFlags) => {
      const raw = readJsonFile(file);
      const items = Array.isArray(raw) ? raw : [raw];
      const problems: string[] = [];
      const offers = items.map((item, i) => {
        try {
          const offer = parseCatalogOffer(item);
          const rules = checkStoredRules(offer.rules);
          if (!rules.ok) for (const p of rules.problems) problems.push(`offer ${i}: rule ${p.index}: ${p.message}`);
          return offer;
        } catch (err) {
          const details = (err as ForecourtError).details as { issues?: { path: string; message: string }[] } | undefined;
          for (const issue of details?.issues ?? []) problems.push(`offer ${i}: ${issue.path}: ${issue.message}`);
          return undefined;
        }
      });
      if (problems.length > 0) {
        for (const p of problems) io.err(p);
        throw new ForecourtError('VALIDATION_FAILED', `${problems.length} problem(s) in ${file}; nothing was written`);
      }
      await withCliStore(flags, async (store) => {
        await store.db.transaction(async (tx) => {
          for (const offer of offers) if (offer) await catalogStore(tx).put(global, offer);
        });
        io.out(`stored ${offers.length} offer(s): ${offers.map((o) => o?.id).join(', ')}`);
      });
    });

  withStoreFlags(catalog.command('check'))
    .description('Eligibility of one vehicle for every catalog offer, with a reason per condition')
    .requiredOption('--vin <vin>', 'the vehicle')
    .option('--at <time>', 'decide as of this ISO time (default now)')
    .option('--offer <id...>', 'only these offers')
    .option('--json', 'print JSON')
    .action(async (flags: StoreFlags & { vin: string; at?: string; offer?: string[]; json?: boolean }) => {
      const at = flags.at ? new Date(flags.at) : new Date();
      if (Number.isNaN(at.getTime())) throw new ForecourtError('VALIDATION_FAILED', '--at must be an ISO time');
      await withCliStore(flags, async (store) => {
        const repo = catalogStore(store.db);
        const ctx = await repo.eligibilityContext(global, flags.vin, { at });
        if (!ctx) throw new ForecourtError('NOT_FOUND', `no vehicle ${flags.vin}`);
        const results = evaluateCatalog(await repo.list(global, flags.offer ? { ids: flags.offer } : {}), ctx, at);
        if (flags.json) { io.out(JSON.stringify(results, null, 2)); return; }
        for (const r of results) {
          io.out(`${r.eligible ? 'eligible    ' : 'not eligible'} ${r.offerId}`);
          for (const reason of r.reasons) io.out(`    ${reason.passed ? '✓' : '✗'} ${reason.code}: ${reason.detail}`);
        }
      });
    });

  withStoreFlags(catalog.command('arbitrate <file>'))
    .description('Arbitrate eligible candidates per customer (priority, exclusivity, stacking, limits, budgets, contact policy). '
      + 'The file is the body of POST /api/v1/catalog/arbitrate; budgets default to each fund\'s remaining position. Nothing is stored.')
    .option('--json', 'print JSON')
    .action(async (file: string, flags: StoreFlags & { json?: boolean }) => {
      const input = parseFile(ArbitrationFile, file, io);
      await withCliStore(flags, async (store) => {
        const ids = [...new Set(input.customers.flatMap((c) => c.candidates.map((x) => x.offerId)))];
        const offers = await catalogStore(store.db).list(global, { ids });
        const budgets: Record<string, number> = {};
        const usage: Record<string, number> = {};
        for (const fundId of new Set(offers.map((o) => o.fundId).filter((f): f is string => f !== null))) {
          const ledger = await fundsStore(store.db).ledger(fundId);
          budgets[fundId] = fundPosition(ledger, fundId).remainingMinor;
          for (const e of ledger) if (e.type === 'accrual') usage[e.offerId] = (usage[e.offerId] ?? 0) + 1;
        }
        const result = arbitrate({
          offers, customers: input.customers, budgets: input.budgets ?? budgets, usage: input.usage ?? usage, policy: input.policy ?? ContactPolicy.parse({}), now: new Date(),
        });
        if (flags.json) { io.out(JSON.stringify(result, null, 2)); return; }
        for (const d of result.decisions) {
          io.out(`${d.customerId}: ${d.granted.length === 0 ? 'nothing granted' : `granted ${d.granted.map((g) => `${g.offerId} on ${g.channel}`).join(', ')}`}`);
          for (const r of d.refused) io.out(`    refused ${r.offerId}: ${r.code} (${r.detail})`);
        }
      });
    });

  withStoreFlags(catalog.command('conflicts <file>'))
    .description('Resolve competing OEM, dealer and conquest offers for one customer by the documented policy. The file is the body of POST /api/v1/catalog/conflicts.')
    .option('--json', 'print JSON')
    .action(async (file: string, flags: StoreFlags & { json?: boolean }) => {
      const input = parseFile(ConflictFile, file, io);
      await withCliStore(flags, async (store) => {
        const offers = await catalogStore(store.db).list(global, { ids: input.offerIds });
        const missing = input.offerIds.filter((id) => !offers.some((o) => o.id === id));
        if (missing.length > 0) throw new ForecourtError('NOT_FOUND', `no offer ${missing.join(', ')}`);
        const nodes = (await store.network.listNodes(global)).map(({ path: _p, ...n }) => n);
        const result = resolveChannelConflict({ customer: input.customer, offers, nodes, dealers: await store.network.listDealers(global), policy: input.policy ?? ConflictPolicy.parse({}) });
        if (flags.json) { io.out(JSON.stringify(result, null, 2)); return; }
        io.out(`winner: ${result.winner ?? 'none'}`);
        for (const line of result.explanation) io.out(`  ${line}`);
        for (const s of result.suppressed) io.out(`  suppressed ${s.offerId}: ${s.code} (${s.detail})`);
      });
    });
}
