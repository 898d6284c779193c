import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createAuthenticator, createCounters } from '../app';
import { identityStore } from '../identity';
import { fixedClock, repoRoot } from '../kernel';
import { openStore, type Store } from '../store';
import { loadFixture } from '../testing';
import { checkMessage } from './check-message';
import { registerComplianceRoutes } from './compliance-routes';

let app: FastifyInstance;
let store: Store;
const counters = createCounters();
const keys: Record<'marketing' | 'reviewer' | 'reviewerDe' | 'dealer', string> = { marketing: '', reviewer: '', reviewerDe: '', dealer: '' };

const autonomy = { market: 'US', channel: 'push', vehicle: { model: 'Halden Vireo', adasLevel: 2, certifiedFeatures: [] }, consent: { telematicsMarketing: true, channelMarketing: true }, text: 'Your Vireo drives itself on the highway. Book a test drive!' };
const clean = { ...autonomy, text: 'Book your brake service at Bayview Halden.' };

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory' });
  await loadFixture(store);
  const identity = identityStore(store.db);
  keys.marketing = (await identity.createApiKey({ name: 'm', nodeId: 'nsc-us', role: 'nsc_marketing' })).key;
  keys.reviewer = (await identity.createApiKey({ name: 'r', nodeId: 'oem', role: 'compliance_reviewer' })).key;
  keys.reviewerDe = (await identity.createApiKey({ name: 'rde', nodeId: 'nsc-de', role: 'compliance_reviewer' })).key;
  keys.dealer = (await identity.createApiKey({ name: 'd', nodeId: 'dlr-a', role: 'dealer_principal' })).key;
  app = await createApp({ store, identity, counters, clock: fixedClock('2026-04-01T10:00:00Z'), authenticate: createAuthenticator(identity), logLevel: 'silent' }, [registerComplianceRoutes]);
});
afterAll(async () => {
  await app?.close();
  await store?.close();
});

const call = (as: keyof typeof keys, method: 'GET' | 'POST', url: string, body?: unknown) =>
  app.inject({ method, url, headers: { authorization: `Bearer ${keys[as]}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { payload: JSON.stringify(body) } : {}) });

describe('compliance API', () => {
  it('returns the same verdict as the checker and counts checks and blocks', async () => {
    const res = await call('marketing', 'POST', '/api/v1/compliance/check', { messages: [autonomy, clean, { text: 'no market' }] });
    expect(res.statusCode).toBe(200);
    const [a, b, c] = res.json().results;
    expect(a).toEqual(checkMessage(autonomy));
    expect(a.compliant).toBe(false);
    expect(a.violations.map((v: { ruleId: string }) => v.ruleId)).toContain('ADAS-001');
    expect(b.compliant).toBe(true);
    expect(c.error.code).toBe('VALIDATION_FAILED');
    expect(counters.get('compliance.checked')).toBe(2);
    expect(counters.get('compliance.blocked')).toBe(1);
  });

  it('puts blocked messages in the review queue; a reviewer fixes one by editing and it is re-checked', async () => {
    const res = await call('marketing', 'POST', '/api/v1/compliance/check', { messages: [autonomy], openReviews: true });
    const id = res.json().results[0].reviewId as string;
    expect(id).toMatch(/^rev-/);
    const queue = (await call('reviewer', 'GET', '/api/v1/compliance/reviews?status=pending')).json().items;
    expect(queue.map((i: { id: string }) => i.id)).toContain(id);
    const stillBad = await call('reviewer', 'POST', `/api/v1/compliance/reviews/${id}/actions`, { type: 'edit', text: 'Your Vireo is autonomous on the highway.' });
    expect(stillBad.json().status).toBe('pending');
    const fixed = await call('reviewer', 'POST', `/api/v1/compliance/reviews/${id}/actions`, { type: 'edit', text: 'Highway Assist helps with steering and speed on the highway; keep your hands on the wheel and stay attentive at all times.' });
    expect(fixed.statusCode).toBe(200);
    expect(fixed.json().status).toBe('resolved');
    expect(fixed.json().audit.map((e: { action: string }) => e.action)).toEqual(['opened', 'edit', 'edit']);
    const closed = await call('reviewer', 'POST', `/api/v1/compliance/reviews/${id}/actions`, { type: 'reject', reason: 'too late' });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().details.reason).toBe('ITEM_CLOSED');
  });

  it('requires a real justification to override, and audits the override', async () => {
    const id = (await call('marketing', 'POST', '/api/v1/compliance/check', { messages: [autonomy], openReviews: true })).json().results[0].reviewId;
    expect((await call('reviewer', 'POST', `/api/v1/compliance/reviews/${id}/actions`, { type: 'approve_with_justification', justification: 'ok' })).statusCode).toBe(400);
    const ok = await call('reviewer', 'POST', `/api/v1/compliance/reviews/${id}/actions`, { type: 'approve_with_justification', justification: 'Legal confirmed this quote is from a court ruling, not a claim.' });
    expect(ok.json().status).toBe('approved_override');
    const { rows } = await store.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE target = $1`, [id]);
    expect(rows.map((r) => r.action)).toEqual(['compliance.approve_with_justification']);
  });

  it('keeps review items inside the submitting tenant: another NSC’s reviewer gets 404', async () => {
    const id = (await call('marketing', 'POST', '/api/v1/compliance/check', { messages: [autonomy], openReviews: true })).json().results[0].reviewId;
    expect((await call('reviewer', 'GET', `/api/v1/compliance/reviews/${id}`)).statusCode).toBe(200);
    const other = await call('reviewerDe', 'GET', `/api/v1/compliance/reviews/${id}`);
    expect(other.statusCode).toBe(404);
    expect((await call('reviewerDe', 'POST', `/api/v1/compliance/reviews/${id}/actions`, { type: 'reject', reason: 'nope' })).statusCode).toBe(404);
    expect((await call('dealer', 'GET', '/api/v1/compliance/reviews')).statusCode).toBe(403);
  });

  it('turns a reviewer finding into a regression case the checker then passes', async () => {
    const id = (await call('marketing', 'POST', '/api/v1/compliance/check', { messages: [autonomy], openReviews: true })).json().results[0].reviewId;
    const expected = checkMessage(autonomy).violations.map((v) => v.ruleId).sort();
    const saved = await call('reviewer', 'POST', `/api/v1/compliance/reviews/${id}/regression-case`, { expectedViolations: expected });
    expect(saved.statusCode).toBe(201);
    const cases = (await call('reviewer', 'GET', '/api/v1/compliance/regression-cases')).json().items;
    const c = cases.find((x: { id: string }) => x.id === saved.json().id);
    const verdict = checkMessage(c);
    expect(verdict.violations.map((v) => v.ruleId).sort()).toEqual(c.expected.violations);
    expect(verdict.compliant).toBe(c.expected.compliant);
  });
});

describe('forecourt check', () => {
  it('reads JSONL from a file, writes one verdict per line, and reports bad lines without crashing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fc-check-'));
    const file = join(dir, 'messages.jsonl');
    writeFileSync(file, `${JSON.stringify(autonomy)}\nnot json\n${JSON.stringify(clean)}\n`);
    const r = spawnSync(process.execPath, [resolve(repoRoot(), 'bin/forecourt.js'), 'check', file, '--fail-on-violation'], { encoding: 'utf8', timeout: 60_000 });
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0].compliant).toBe(false);
    expect(lines[1].error.code).toBe('INVALID_INPUT');
    expect(lines[2].compliant).toBe(true);
    expect(r.stderr).toContain('checked 2: 1 compliant, 1 blocked, 1 invalid');
    expect(r.status).toBe(3);
  });
});
