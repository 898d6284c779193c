import type { FastifyInstance } from 'fastify';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLeftovers, identityStore, type IdentityStore, type SsoConfig } from '../identity';
import { fixedClock } from '../kernel';
import { openStore, type Store } from '../store';
import { fixture, loadFixture } from '../testing';
import { createApp, createAuthenticator, createCounters } from './index';

let app: FastifyInstance;
let store: Store;
let identity: IdentityStore;
let sso: SsoConfig;
let signer: CryptoKey;
let now = new Date('2026-04-01T10:00:00Z');
const clock = () => now;
const dpoPassword = 'correct horse battery staple';

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory' });
  await loadFixture(store);
  identity = identityStore(store.db);
  await identity.createUser({ email: 'DPO@Example.com', displayName: 'Data Protection', password: dpoPassword, memberships: [{ nodeId: 'oem', role: 'dpo' }] });
  await identity.createUser({ email: 'dealer@example.com', displayName: 'Dealer A', password: dpoPassword, memberships: [{ nodeId: 'dlr-a', role: 'dealer_principal' }] });
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  signer = privateKey as CryptoKey;
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' } as JWK;
  sso = { issuer: 'https://idp.example', audience: 'forecourt-dashboard', jwks: { keys: [jwk] } };
  app = await createApp({ store, identity, counters: createCounters(), clock, authenticate: createAuthenticator(identity, sso), logLevel: 'silent' });
});
afterAll(async () => {
  await app?.close();
  await store?.close();
});

const login = (email: string, password: string) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, headers: { 'content-type': 'application/json' } });
const cookieOf = (res: { cookies: { name: string; value: string }[] }) => `fc_session=${res.cookies.find((c) => c.name === 'fc_session')!.value}`;

describe('dashboard sessions', () => {
  it('logs in with a canonicalised e-mail and sets an HttpOnly, SameSite=Strict cookie', async () => {
    const res = await login('ＤＰＯ@example.com', dpoPassword);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ role: 'dpo', nodeId: 'oem', kind: 'user' });
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const me = await app.inject({ url: '/api/v1/auth/me', headers: { cookie: cookieOf(res) } });
    expect(me.json().role).toBe('dpo');
  });

  it('answers a wrong password exactly like an unknown user (RL-01)', async () => {
    const wrong = await login('dealer@example.com', 'nope');
    const unknown = await login('nobody@example.com', 'nope');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.body).toBe(unknown.body);
  });

  it('throttles an account after five failures, even with the right password', async () => {
    for (let i = 0; i < 5; i++) await login('dealer@example.com', `wrong-${i}`);
    const res = await login('dealer@example.com', dpoPassword);
    expect(res.statusCode).toBe(429);
    expect(res.json().code).toBe('RATE_LIMITED');
    now = new Date(now.getTime() + 16 * 60_000);
    expect((await login('dealer@example.com', dpoPassword)).statusCode).toBe(200);
  });

  it('ends the session on logout and on deactivation (AZ-13)', async () => {
    const a = cookieOf(await login('dealer@example.com', dpoPassword));
    await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: a } });
    expect((await app.inject({ url: '/api/v1/auth/me', headers: { cookie: a } })).statusCode).toBe(401);
    const b = cookieOf(await login('dealer@example.com', dpoPassword));
    const { rows } = await store.db.query<{ id: string }>(`SELECT id FROM users WHERE email = 'dealer@example.com'`);
    await identity.deactivateUser(rows[0]!.id);
    expect((await app.inject({ url: '/api/v1/auth/me', headers: { cookie: b } })).statusCode).toBe(401);
  });

  it('expires sessions after eight hours', async () => {
    const c = cookieOf(await login('dpo@example.com', dpoPassword));
    now = new Date(now.getTime() + 8 * 3600_000 + 1000);
    expect((await app.inject({ url: '/api/v1/auth/me', headers: { cookie: c } })).statusCode).toBe(401);
  });
});

describe('single sign-on tokens (AZ-14)', () => {
  const claims = { email: 'dpo@example.com', forecourt_node: 'oem', forecourt_role: 'dpo' };
  const sign = (opts: { aud?: string; iss?: string; exp?: number; nbf?: number; key?: CryptoKey | Uint8Array; alg?: string } = {}) => {
    const t = Math.floor(now.getTime() / 1000);
    let jwt = new SignJWT(claims).setProtectedHeader({ alg: opts.alg ?? 'ES256', kid: 'k1' }).setIssuer(opts.iss ?? sso.issuer)
      .setAudience(opts.aud ?? sso.audience).setIssuedAt(t).setExpirationTime(opts.exp ?? t + 600);
    if (opts.nbf) jwt = jwt.setNotBefore(opts.nbf);
    return jwt.sign(opts.key ?? signer);
  };
  const me = async (token: string) => (await app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } })).statusCode;

  it('accepts a valid token for a known membership', async () => {
    expect(await me(await sign())).toBe(200);
  });

  it('refuses alg none, HS256 with the public key, expired, future nbf, wrong audience or issuer', async () => {
    const t = Math.floor(now.getTime() / 1000);
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const none = `${b64({ alg: 'none' })}.${b64({ ...claims, iss: sso.issuer, aud: sso.audience, exp: t + 600, iat: t })}.`;
    expect(await me(none)).toBe(401);
    const pub = new TextEncoder().encode(JSON.stringify(sso.jwks.keys[0]));
    expect(await me(await sign({ alg: 'HS256', key: pub }))).toBe(401);
    expect(await me(await sign({ exp: t - 120 }))).toBe(401);
    expect(await me(await sign({ nbf: t + 3600 }))).toBe(401);
    expect(await me(await sign({ aud: 'forecourt-mobile' }))).toBe(401);
    expect(await me(await sign({ iss: 'https://evil.example' }))).toBe(401);
  });

  it('refuses a token signed by another key, even with a matching kid', async () => {
    const other = await generateKeyPair('ES256');
    expect(await me(await sign({ key: other.privateKey as CryptoKey }))).toBe(401);
  });
});

describe('audit log', () => {
  it('chains entries by hash and reports the chain intact', async () => {
    const key = (await identity.createApiKey({ name: 'auditor', nodeId: 'oem', role: 'oem_admin' })).key;
    await identity.audit({ at: now, actor: 'test', action: 'key.rotate', target: 'root' });
    const res = await app.inject({ url: '/api/v1/audit', headers: { authorization: `Bearer ${key}` } });
    expect(res.json().chainIntact).toBe(true);
    const entries = res.json().entries;
    expect(entries.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < entries.length; i++) expect(entries[i].prevHash).toBe(entries[i - 1].hash);
  });

  it('refuses UPDATE and DELETE at the database', async () => {
    await expect(store.db.query(`UPDATE audit_log SET actor = 'mallory'`)).rejects.toThrow(/append-only/);
    await expect(store.db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
  });
});

describe('data-subject rights', () => {
  let dpoKey: string;
  beforeAll(async () => {
    dpoKey = (await identity.createApiKey({ name: 'dpo', nodeId: 'oem', role: 'dpo' })).key;
    await store.customers.recordConsent({ ...fixture.consent, ownerId: 'own-2', actor: 'own-2' });
  });

  it('exports everything held on the person', async () => {
    const res = await app.inject({ url: '/api/v1/subjects/own-2/export', headers: { authorization: `Bearer ${dpoKey}` } });
    expect(res.statusCode).toBe(200);
    const data = res.json();
    expect(data.owner).toMatchObject({ id: 'own-2', email: 'ben@example.com' });
    expect(data.vehicles.map((v: { vin: string }) => v.vin)).toEqual([fixture.vehicles[1]!.vin]);
    expect(data.consentHistory).toHaveLength(1);
  });

  it('erases the person so that no table holds their id, e-mail or name, and audits a pseudonym only', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/subjects/own-2/erase', headers: { authorization: `Bearer ${dpoKey}` } });
    expect(res.statusCode).toBe(200);
    expect(res.json().leftovers).toBe(0);
    expect(await findLeftovers(store.db, ['own-2', 'ben@example.com', 'Ben Okafor'])).toEqual([]);
    // The search itself works: it finds a person who was not erased.
    expect((await findLeftovers(store.db, ['own-1'])).length).toBeGreaterThan(0);
    const vehicle = await store.customers.getVehicle({ kind: 'global' }, fixture.vehicles[1]!.vin);
    expect(vehicle?.ownerId).toBeNull();
    expect((await app.inject({ url: '/api/v1/subjects/own-2/export', headers: { authorization: `Bearer ${dpoKey}` } })).statusCode).toBe(404);
    const audit = await identity.auditEntries({ limit: 1000 });
    expect(audit.at(-1)).toMatchObject({ action: 'subject.erase', target: `subject:${res.json().pseudonym}` });
  });
});

describe('route inventory (AZ-20)', () => {
  it('refuses to start when an /api route declares no permission', async () => {
    const bad = await createApp({ store, identity, counters: createCounters(), clock: fixedClock(now), authenticate: createAuthenticator(identity), logLevel: 'silent' }, [
      (a) => { a.get('/api/v1/forgotten', async () => ({ ok: true })); },
    ]);
    await expect(bad.ready()).rejects.toThrow(/routes without a permission: GET \/api\/v1\/forgotten/);
  });
});

describe('rate limits', () => {
  it('answers 429 RATE_LIMITED past the per-caller limit, separately per credential', async () => {
    const limited = await createApp({ store, identity, counters: createCounters(), clock: fixedClock(now), authenticate: createAuthenticator(identity), logLevel: 'silent', rateLimitPerMinute: 3 });
    const key = (await identity.createApiKey({ name: 'rl', nodeId: 'oem', role: 'oem_admin' })).key;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await limited.inject({ url: '/api/v1/markets', headers: { authorization: `Bearer ${key}` } })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const last = await limited.inject({ url: '/api/v1/markets', headers: { authorization: `Bearer ${key}` } });
    expect(last.json().code).toBe('RATE_LIMITED');
    // Another caller has its own bucket.
    expect((await limited.inject('/health')).statusCode).toBe(200);
    await limited.close();
  });
});
