import type { Command } from 'commander';
import { type CliIo, type StoreFlags, withCliStore, withStoreFlags } from '../cli';
import { loadConfig } from '../config';
import { openHmiRepository } from '../delivery';
import { ForecourtError, systemClock } from '../kernel';
import { globalScope } from '../store';
import { dispatchReleaseCampaign } from './release-dispatch-io';
import { executeCardRevocations } from './release-revocation-io';

/**
 * `forecourt releases dispatch <campaign>` (plan and enqueue a release campaign's undispatched
 * treated vehicles, at the OEM scope) and `forecourt releases revoke-cards` (execute pending
 * card revocations against the in-vehicle TUF repository folder).
 */
export function registerReleaseCommands(program: Command, io: CliIo): void {
  const releases = program.command('releases').description('Release-synchronised campaigns');

  withStoreFlags(releases.command('dispatch'))
    .description('Plan a release campaign’s undispatched treated vehicles with the optimizer (its offer only) and enqueue them through the compliance gate; re-running enqueues nothing new')
    .argument('<campaign>', 'release campaign id (cmp-…)')
    .option('--contact-share <share>', 'share of the planned owners one channel may contact (0–1)', '1')
    .action(async (campaign: string, flags: StoreFlags & { contactShare: string }) => {
      await withCliStore(flags, async (store) => {
        const r = await dispatchReleaseCampaign(store.db, globalScope, campaign, systemClock(), { contactShare: Number(flags.contactShare) });
        for (const v of r.vehicles) io.out(`${v.vin}\t${v.outcome}${v.channel ? `\t${v.channel}` : ''}${v.reasons.length ? `\t${v.reasons.join('; ')}` : ''}`);
        io.out(`${r.dispatched} vehicle(s) dispatched: ${Object.entries(r.byOutcome).map(([k, n]) => `${k} ${n}`).join(', ')}`);
      });
    });

  withStoreFlags(releases.command('revoke-cards'))
    .description('Remove the in-vehicle cards of retracted release offers from their vehicles’ placements, drop offer targets no vehicle lists, and publish a new signed repository version (each retraction once)')
    .option('--repo <dir>', 'folder of the signed TUF repository vehicles fetch (env FORECOURT_HMI_REPOSITORY_DIR)')
    .option('--keys <dir>', 'key directory of the repository keys and the placement pseudonym key (env FORECOURT_HMI_KEY_DIR)')
    .action(async (flags: StoreFlags & { repo?: string; keys?: string }) => {
      const config = loadConfig(process.env);
      const repoDir = flags.repo ?? config.hmiRepositoryDir;
      const keyDir = flags.keys ?? config.hmiKeyDir;
      if (!repoDir || !keyDir) throw new ForecourtError('VALIDATION_FAILED', 'revoke-cards needs --repo and --keys (or FORECOURT_HMI_REPOSITORY_DIR and FORECOURT_HMI_KEY_DIR)');
      await withCliStore(flags, async (store) => {
        const { repository } = await openHmiRepository(store.db, { repoDir, keyDir }, systemClock);
        const r = await executeCardRevocations(store.db, repository, systemClock());
        for (const i of r.items) io.out(`${i.campaignId}\t${i.vin}\t${i.status}${i.removed.length ? `\t${i.removed.join(', ')}` : ''}`);
        io.out(`${r.considered} pending: ${r.revoked} revoked, ${r.noCard} without a card${r.versions ? `; published snapshot ${r.versions.snapshot}, timestamp ${r.versions.timestamp}` : '; nothing published'}`);
      });
    });
}
