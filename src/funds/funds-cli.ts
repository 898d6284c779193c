import type { Command } from 'commander';
import { z } from 'zod';
import { createProgress, type CliIo } from '../cli';
import { ForecourtError } from '../kernel';
import { readJsonFile, withCliStore, withStoreFlags, type StoreFlags } from '../network';
import { DealerClaim } from './adjudicate-claim';
import { fundsStore } from './funds-store';

const global = { kind: 'global' } as const;
const money = (minor: number): string => (minor / 100).toFixed(2);

/** A claim in a file: `submittedAt` defaults to now. */
const ClaimFileEntry = DealerClaim.extend({ submittedAt: DealerClaim.shape.submittedAt.optional() });

/** `forecourt claims submit` and `forecourt funds position|redeem`. */
export function registerFundsCommands(program: Command, io: CliIo): void {
  const claims = program.command('claims').description('Dealer claims for reimbursement, checked against the offer ledger');

  withStoreFlags(claims.command('submit <file>'))
    .description('Submit claims from a JSON file (one claim or an array), in order; prints each decision with the failed checks. '
      + 'Exits non-zero when any claim is rejected.')
    .option('--json', 'print the decisions as JSON')
    .action(async (file: string, flags: StoreFlags & { json?: boolean }) => {
      const raw = readJsonFile(file);
      const parsed = z.array(ClaimFileEntry).safeParse(Array.isArray(raw) ? raw : [raw]);
      if (!parsed.success) {
        for (const i of parsed.error.issues) io.err(`${file}: claim ${String(i.path[0] ?? '')}: ${i.path.slice(1).join('.')}: ${i.message}`);
        throw new ForecourtError('VALIDATION_FAILED', `${parsed.error.issues.length} problem(s) in ${file}; no claim was submitted`);
      }
      await withCliStore(flags, async (store) => {
        const repo = fundsStore(store.db);
        const progress = createProgress('claims');
        const decisions = [];
        for (const [i, c] of parsed.data.entries()) {
          const now = new Date();
          decisions.push(await repo.submitClaim(global, { ...c, submittedAt: c.submittedAt ?? now.toISOString() }, now));
          progress.update(i + 1, parsed.data.length);
        }
        progress.stop();
        if (flags.json) io.out(JSON.stringify(decisions, null, 2));
        else for (const d of decisions) {
          const failed = d.reasons.filter((r) => !r.passed);
          io.out(`${d.claimId} ${d.status}${failed.length > 0 ? `: ${failed.map((r) => `${r.code} (${r.detail})`).join('; ')}` : ''}`);
        }
        const rejected = decisions.filter((d) => d.status === 'rejected').length;
        if (rejected > 0) throw new ForecourtError('CONFLICT', `${rejected} of ${decisions.length} claim(s) rejected`);
      });
    });

  const funds = program.command('funds').description('Trade funds: positions and redemptions');

  withStoreFlags(funds.command('position <fundId>'))
    .description('The fund position: budget, accrued, claimed, settled, outstanding, remaining')
    .option('--json', 'print JSON')
    .action(async (fundId: string, flags: StoreFlags & { json?: boolean }) => {
      await withCliStore(flags, async (store) => {
        const p = await fundsStore(store.db).position(global, fundId).catch((err: unknown) => {
          if (err instanceof ForecourtError && err.code === 'NOT_FOUND') throw new ForecourtError('NOT_FOUND', `no fund ${fundId}`);
          throw err;
        });
        if (flags.json) { io.out(JSON.stringify(p, null, 2)); return; }
        io.out(`${p.fundId} (${p.fund.programId} at ${p.fund.tierNodeId}, ${p.fund.currency})`);
        for (const [label, v] of [['budget', p.budgetMinor], ['accrued', p.accruedMinor], ['claimed', p.claimedMinor], ['settled', p.settledMinor], ['outstanding', p.outstandingMinor], ['remaining', p.remainingMinor]] as const) {
          io.out(`  ${label.padEnd(12)} ${money(v).padStart(14)}`);
        }
        io.out(`  rejected claims ${p.rejectedClaims}`);
      });
    });

  withStoreFlags(funds.command('redeem'))
    .description('Record that a dealer honoured a funded offer for a vehicle: the fund accrues the offer\'s cost')
    .requiredOption('--offer <id>', 'offer id')
    .requiredOption('--vin <vin>', 'vehicle')
    .requiredOption('--dealer <id>', 'dealer that honoured it')
    .option('--at <time>', 'when it was redeemed (ISO, default now)')
    .action(async (flags: StoreFlags & { offer: string; vin: string; dealer: string; at?: string }) => {
      const at = flags.at ?? new Date().toISOString();
      if (!z.iso.datetime().safeParse(at).success) throw new ForecourtError('VALIDATION_FAILED', '--at must be an ISO time such as 2026-04-01T10:00:00Z');
      await withCliStore(flags, async (store) => {
        const outcome = await fundsStore(store.db).redeem(global, { offerId: flags.offer, vin: flags.vin, dealerId: flags.dealer, redeemedAt: at }, new Date());
        if (!outcome.ok) throw new ForecourtError('CONFLICT', `not recorded: ${outcome.code}: ${outcome.detail}`);
        io.out(`recorded ${outcome.entry.id}: ${money(outcome.entry.type === 'accrual' ? outcome.entry.amountMinor : 0)} accrued on ${outcome.entry.fundId}`);
      });
    });
}
