import { z } from 'zod';
import type { Channel } from '../domain';
import { systemClock } from '../kernel';
import { openStore } from '../store';
import { instantiateChannel, type ChannelDefinition, type ChannelSender } from './channel';
import { pushChannel } from './channels';
import { outboxStore } from './outbox-store';
import { createOutboxWorker } from './outbox-worker';

/**
 * A sender process for the kill test (outbox.kill.test.ts): drains the outbox into a push
 * provider, one message at a time, until every row is sent or dead. Run with
 * `node --import tsx src/delivery/kill-test-worker.ts`; configuration comes from the env.
 */
const env = z.object({
  KILL_TEST_DATABASE_URL: z.string().min(1),
  KILL_TEST_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/),
  KILL_TEST_PROVIDER_URL: z.url(),
  KILL_TEST_WORKER_ID: z.string().min(1),
  KILL_TEST_LEASE_MS: z.coerce.number().int().min(100),
}).parse(process.env);

const store = await openStore({ databaseUrl: env.KILL_TEST_DATABASE_URL, dataDir: 'memory', schema: env.KILL_TEST_SCHEMA });
const outbox = outboxStore(store.db);
const channels = new Map<Channel, ChannelSender>([
  ['push', instantiateChannel(pushChannel as unknown as ChannelDefinition<unknown>, { url: env.KILL_TEST_PROVIDER_URL }, { ledger: outbox.ledger(), timeoutMs: 60_000 })],
]);
const worker = createOutboxWorker({ db: store.db, channels, clock: systemClock, workerId: env.KILL_TEST_WORKER_ID, leaseMs: env.KILL_TEST_LEASE_MS, backoff: { baseMs: 100, maxMs: 1_000 } });
process.stdout.write(`ready ${env.KILL_TEST_WORKER_ID}\n`);
for (;;) {
  const s = await worker.runOnce(1);
  if (s.sent) process.stdout.write(`sent ${s.sent}\n`);
  const c = await outbox.counts();
  if (c.queued === 0 && c.sending === 0) break;
  if (s.claimed === 0) await new Promise((r) => setTimeout(r, 100));
}
await store.close();
process.stdout.write('done\n');
