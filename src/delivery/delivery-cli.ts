import type { Command } from 'commander';
import { type CliIo, type StoreFlags, withCliStore, withStoreFlags } from '../cli';
import { loadConfig } from '../config';
import { Channel } from '../domain';
import { ForecourtError, systemClock } from '../kernel';
import { globalScope } from '../store';
import { instantiateChannel, type ChannelDefinition, type ChannelSender } from './channel';
import { createHmiChannel, dealerCrmChannel, emailChannel, pushChannel, smsChannel, socialChannel, webBannerChannel } from './channels';
import { deliveryStore } from './deliver-offer-store';
import { openHmiRepository } from './hmi-repository-io';
import { outboxStore } from './outbox-store';
import { createOutboxWorker } from './outbox-worker';

/**
 * `forecourt deliver` (offer → owners, through the gate, into the outbox) and
 * `forecourt outbox run|status` (drain the outbox into the configured providers).
 */

const list = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);

export function registerDeliveryCommands(program: Command, io: CliIo): void {
  withStoreFlags(program.command('deliver'))
    .description('Render an offer for owners, run the compliance gate on every message, and enqueue the cleared ones (blocked ones become review items)')
    .requiredOption('--offer <id>', 'offer id (off-…)')
    .option('--owners <ids>', 'comma-separated owner ids')
    .option('--market <market>', 'every owner in this market (up to 1000)')
    .option('--channels <list>', 'restrict to these channels (hmi,push,email,sms,social,dealer_crm,web)')
    .option('--max-channels <n>', 'channels per owner', '1')
    .option('--campaign <id>', 'campaign id (default: derived from the offer)')
    .option('--dry-run', 'render and check only; enqueue nothing', false)
    .action(async (flags: StoreFlags & { offer: string; owners?: string; market?: string; channels?: string; maxChannels: string; campaign?: string; dryRun: boolean }) => {
      await withCliStore(flags, async (store) => {
        let ownerIds = flags.owners ? list(flags.owners) : [];
        if (flags.market) {
          const { rows } = await store.db.query<{ id: string }>('SELECT id FROM owners WHERE market = $1 ORDER BY id LIMIT 1000', [flags.market]);
          ownerIds = [...ownerIds, ...rows.map((r) => r.id)];
        }
        if (ownerIds.length === 0) throw new ForecourtError('VALIDATION_FAILED', 'no owners: pass --owners or --market');
        const channels = flags.channels ? list(flags.channels).map((c) => Channel.parse(c)) : undefined;
        const result = await deliveryStore(store.db).deliverOffer(globalScope, {
          offerId: flags.offer, ownerIds, maxChannelsPerOwner: Number(flags.maxChannels), dryRun: flags.dryRun,
          ...(channels ? { channels } : {}), ...(flags.campaign ? { campaignId: flags.campaign } : {}),
        }, { now: systemClock() });
        const count = (s: string) => result.owners.flatMap((o) => o.deliveries).filter((d) => d.status === s).length;
        for (const o of result.owners) {
          for (const d of o.deliveries.filter((x) => x.status !== 'skipped')) io.out(`${o.ownerId}\t${d.channel}\t${d.status}${d.reasons.length ? `\t${d.reasons.join('; ')}` : ''}`);
        }
        const skipped = new Map<string, number>();
        for (const d of result.owners.flatMap((o) => o.deliveries).filter((x) => x.status === 'skipped')) {
          for (const r of d.reasons) skipped.set(r.replace(/ \(.*\)$/, ''), (skipped.get(r.replace(/ \(.*\)$/, '')) ?? 0) + 1);
        }
        if (skipped.size > 0) io.out(`skipped: ${[...skipped].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ×${n}`).join(', ')}`);
        io.out(`${flags.dryRun ? 'dry run: ' : ''}${count('queued') + count('would_queue')} queued, ${count('duplicate')} already queued, ${count('blocked')} blocked, ${result.owners.filter((o) => o.status === 'skipped').length} owners skipped`);
      });
    });

  const outbox = program.command('outbox').description('The delivery outbox');

  withStoreFlags(outbox.command('status'))
    .description('Messages per outbox state')
    .action(async (flags: StoreFlags) => {
      await withCliStore(flags, async (store) => {
        const c = await outboxStore(store.db).counts();
        io.out(`queued ${c.queued}, sending ${c.sending}, sent ${c.sent}, dead ${c.dead}`);
      });
    });

  withStoreFlags(outbox.command('run'))
    .description('Send what is due to the configured providers, until nothing is due')
    .option('--push-url <url>', 'push provider endpoint')
    .option('--sms-url <url>', 'SMS provider endpoint')
    .option('--sms-from <sender>', 'SMS sender id or number', 'FORECOURT')
    .option('--smtp-host <host>', 'SMTP server')
    .option('--smtp-port <port>', 'SMTP port', '587')
    .option('--smtp-from <address>', 'e-mail sender address')
    .option('--social-url <url>', 'custom-audience endpoint')
    .option('--crm-url <url>', 'dealer CRM lead intake (ADF XML)')
    .option('--web-url <url>', 'dealer web banner feed endpoint')
    .option('--hmi-repo <dir>', 'in-vehicle cards: folder of the signed TUF repository vehicles fetch (env FORECOURT_HMI_REPOSITORY_DIR); continued, never restarted')
    .option('--hmi-keys <dir>', 'in-vehicle cards: key directory of the repository keys and the placement pseudonym key (env FORECOURT_HMI_KEY_DIR)')
    .option('--worker-id <id>', 'this sender’s name in leases', `cli-${process.pid}`)
    .action(async (flags: StoreFlags & Record<string, string | undefined>) => {
      await withCliStore(flags, async (store) => {
        const ledger = outboxStore(store.db).ledger();
        const channels = new Map<Channel, ChannelSender>();
        const add = (code: Channel, def: unknown, params: unknown) => channels.set(code, instantiateChannel(def as ChannelDefinition<unknown>, params, { ledger }));
        if (flags.pushUrl) add('push', pushChannel, { url: flags.pushUrl });
        if (flags.smsUrl) add('sms', smsChannel, { url: flags.smsUrl, from: flags.smsFrom });
        if (flags.smtpHost && flags.smtpFrom) add('email', emailChannel, { host: flags.smtpHost, port: Number(flags.smtpPort), from: flags.smtpFrom });
        if (flags.socialUrl) add('social', socialChannel, { url: flags.socialUrl });
        if (flags.crmUrl) add('dealer_crm', dealerCrmChannel, { url: flags.crmUrl });
        if (flags.webUrl) add('web', webBannerChannel, { url: flags.webUrl });
        const config = loadConfig(process.env);
        const hmiRepo = flags.hmiRepo ?? config.hmiRepositoryDir;
        const hmiKeys = flags.hmiKeys ?? config.hmiKeyDir;
        if ((hmiRepo === undefined) !== (hmiKeys === undefined)) throw new ForecourtError('VALIDATION_FAILED', 'the in-vehicle channel needs both --hmi-repo and --hmi-keys');
        if (hmiRepo !== undefined && hmiKeys !== undefined) {
          const { repository } = await openHmiRepository(store.db, { repoDir: hmiRepo, keyDir: hmiKeys }, systemClock);
          add('hmi', createHmiChannel({ repository, vehicleMoving: deliveryStore(store.db).vehicleMoving }), {});
        }
        if (channels.size === 0) throw new ForecourtError('VALIDATION_FAILED', 'no channel configured: pass at least one of --push-url, --sms-url, --smtp-host/--smtp-from, --social-url, --crm-url, --web-url, --hmi-repo/--hmi-keys');
        const summary = await createOutboxWorker({ db: store.db, channels, clock: systemClock, workerId: flags.workerId ?? `cli-${process.pid}` }).runUntilIdle();
        io.out(`claimed ${summary.claimed}: sent ${summary.sent}, retried ${summary.retried}, held ${summary.held}, dead ${summary.dead}, cancelled ${summary.cancelled}`);
      });
    });

  withStoreFlags(outbox.command('refresh-hmi'))
    .description('Re-sign and publish the in-vehicle repository as it stands, so its 24-hour online metadata never expires in the cars; run at least daily (cron, systemd timer)')
    .option('--hmi-repo <dir>', 'folder of the signed TUF repository vehicles fetch (env FORECOURT_HMI_REPOSITORY_DIR)')
    .option('--hmi-keys <dir>', 'key directory of the repository keys and the placement pseudonym key (env FORECOURT_HMI_KEY_DIR)')
    .action(async (flags: StoreFlags & { hmiRepo?: string; hmiKeys?: string }) => {
      const config = loadConfig(process.env);
      const repoDir = flags.hmiRepo ?? config.hmiRepositoryDir;
      const keyDir = flags.hmiKeys ?? config.hmiKeyDir;
      if (!repoDir || !keyDir) throw new ForecourtError('VALIDATION_FAILED', 'refresh-hmi needs --hmi-repo and --hmi-keys (or FORECOURT_HMI_REPOSITORY_DIR and FORECOURT_HMI_KEY_DIR)');
      await withCliStore(flags, async (store) => {
        const { repository } = await openHmiRepository(store.db, { repoDir, keyDir }, systemClock);
        const v = await repository.refresh();
        io.out(`published snapshot ${v.snapshot}, timestamp ${v.timestamp}: valid for the next 24 hours`);
      });
    });
}
