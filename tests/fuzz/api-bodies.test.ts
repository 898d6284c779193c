import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capabilityRoutesFor, createApp, createAuthenticator, createCounters } from '../../src/app';
import { loadConfig } from '../../src/config';
import { identityStore, roles, roleTable, type Role } from '../../src/identity';
import { fixedClock } from '../../src/kernel';
import { openStore, type Store } from '../../src/store';
import { loadFixture } from '../../src/testing';
import { routeCases } from '../authz/authz-matrix.suite';
import { capabilitySetups } from '../authz/capability-cases';

/**
 * Every route that takes a body, fed random and mutated JSON by fast-check with
 * a caller allowed to use it: the answer is always a 2xx or a 4xx with a stable
 * code, never a 5xx, and the process keeps serving.
 */
let app: FastifyInstance;
let store: Store;
const keyFor = new Map<string, string>();
const seat: Record<Role, string> = {
  oem_admin: 'oem', compliance_reviewer: 'oem', release_manager: 'oem', dpo: 'oem', telematics_gateway: 'oem',
  nsc_marketing: 'nsc-us', distributor: 'dist-us-west', dealer_principal: 'dlr-a', dealer_service: 'dlr-a',
};

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory' });
  await loadFixture(store);
  for (const setup of capabilitySetups) await setup(store);
  const identity = identityStore(store.db);
  for (const role of roles) keyFor.set(role, (await identity.createApiKey({ name: `fuzz ${role}`, nodeId: seat[role], role })).key);
  app = await createApp({ store, identity, counters: createCounters(), clock: fixedClock('2026-04-01T10:00:00Z'), authenticate: createAuthenticator(identity), logLevel: 'silent', rateLimitPerMinute: false }, capabilityRoutesFor(loadConfig({})));
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await store?.close();
});

const writeCases = routeCases.filter((c) => c.method !== 'GET' && c.body !== undefined);
const hostile = fc.oneof(
  fc.jsonValue(),
  fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'id', 'vin', 'market', 'text', 'amountMinor', 'messages', 'type', 'email'), fc.jsonValue()),
  fc.constantFrom<unknown>({ messages: [{}] }, { messages: Array(3).fill({ text: 'x'.repeat(5000) }) }, { vin: "' OR '1'='1" }, { email: { $ne: null } }, [], null, 1e308, '"'),
);

describe('fuzzing every API body', () => {
  it('covers the write routes', () => {
    expect(writeCases.length).toBeGreaterThan(15);
  });

  for (const c of writeCases) {
    it(`${c.method} ${c.route}: random bodies get a 2xx or a coded 4xx, never a 5xx`, async () => {
      const role = roles.find((r) => roleTable[r].permissions.includes(c.permission))!;
      const key = keyFor.get(role)!;
      await fc.assert(fc.asyncProperty(hostile, async (body) => {
        const res = await app.inject({ method: c.method, url: c.url('own-1'), headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) ?? 'null' });
        expect(res.statusCode, `${res.statusCode} ${res.body.slice(0, 300)}`).toBeLessThan(500);
        if (res.statusCode >= 400) expect(typeof res.json().code).toBe('string');
      }), { numRuns: 40, seed: 20261122 });
    });
  }

  it('still serves after all of it, and Object.prototype is clean', async () => {
    expect((await app.inject('/health')).statusCode).toBe(200);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});
