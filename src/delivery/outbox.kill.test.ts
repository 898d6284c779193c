import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../kernel';
import { dropPostgresSchema, openStore, type Store } from '../store';
import { testDatabaseUrl, uniqueSchema } from '../testing';
import { clearedTestMessage, NOW } from './delivery-fixture';
import { openDeliveryTestStore } from './delivery-test-setup-io';
import { startFakeHttpProvider, type FakeHttpProvider } from './fake-provider-io';
import { outboxStore } from './outbox-store';

/**
 * Kill test (issue 12 "done when"): a sender process is SIGKILLed mid-send (once after the
 * provider accepted a message but before it answered, once right after an answer) and
 * restarted; afterwards every message reached the provider exactly once and every outbox
 * row is `sent` with the provider's id. PostgreSQL server, isolated schema.
 */
const N = 12;
const script = fileURLToPath(new URL('./kill-test-worker.ts', import.meta.url));

describe('outbox survives SIGKILL mid-send (PostgreSQL)', () => {
  const schema = uniqueSchema('fc_kill');
  let store: Store;
  let fake: FakeHttpProvider;

  beforeAll(async () => {
    store = await openDeliveryTestStore(await openStore({ databaseUrl: testDatabaseUrl, dataDir: 'memory', schema }));
    const outbox = outboxStore(store.db);
    for (let i = 0; i < N; i++) await outbox.enqueue(clearedTestMessage('push', `kill-test:push:${String(i).padStart(3, '0')}`), { dealerId: 'dlr-a', now: NOW });
    fake = await startFakeHttpProvider();
  }, 60_000);
  afterAll(async () => {
    await fake?.close();
    await store?.close();
    await dropPostgresSchema(testDatabaseUrl, schema);
  });

  function run(workerId: string): { child: ChildProcess; exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> } {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: repoRoot(),
      env: { ...process.env, KILL_TEST_DATABASE_URL: testDatabaseUrl, KILL_TEST_SCHEMA: schema, KILL_TEST_PROVIDER_URL: fake.url, KILL_TEST_WORKER_ID: workerId, KILL_TEST_LEASE_MS: '1500' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out })));
    return { child, exit };
  }

  it('delivers every message exactly once across two kills and a restart', async () => {
    // 1st sender: killed after the provider recorded the 4th message, before it answered.
    const first = run('sender-1');
    fake.onRecorded = () => {
      if (fake.delivered.size < 4) return true;
      first.child.kill('SIGKILL');
      return false;
    };
    expect((await first.exit).signal).toBe('SIGKILL');

    // 2nd sender: killed right after the provider answered the 8th message.
    const second = run('sender-2');
    fake.onRecorded = () => {
      if (fake.delivered.size >= 8) setImmediate(() => second.child.kill('SIGKILL'));
      return true;
    };
    expect((await second.exit).signal).toBe('SIGKILL');

    // 3rd sender: runs to the end.
    fake.onRecorded = undefined;
    const third = await run('sender-3').exit;
    expect(third.code, third.out).toBe(0);

    const rows = await outboxStore(store.db).list();
    expect(rows).toHaveLength(N);
    expect(rows.map((r) => r.status)).toEqual(Array(N).fill('sent'));
    expect(fake.delivered.size).toBe(N);
    for (const r of rows) expect(r.providerMessageId).toBe(fake.delivered.get(r.idempotencyKey)!.id);
    // Recipients got one message each: the provider never accepted a key twice, and retries of
    // the in-flight messages were recognised by their idempotency key.
    const accepted = new Set(fake.requests.map((r) => r.idempotencyKey));
    expect(accepted.size).toBe(N);
    expect(fake.requests.length).toBeGreaterThanOrEqual(N + 1);
  }, 120_000);
});
