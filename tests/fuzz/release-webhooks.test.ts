import { generateKeyPairSync } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createCounters, type Authenticator } from '../../src/app';
import type { Role } from '../../src/identity';
import { createReleaseRoutes, ReleaseWebhookEvent, sampleApproval, sampleRelease, signWebhook, webhookHeaders, webhookRejectReasons, type WebhookRejectReason } from '../../src/releases';
import { openStore, type Store } from '../../src/store';
import { fixture, loadFixture } from '../../src/testing';

/**
 * The signed release webhook (POST /api/v1/webhooks/releases) against the real
 * app, fed by fast-check: random bodies and headers, valid events with mutated
 * fields, garbled signatures, clock skew, replays, oversized bodies and wrong
 * content types. Properties: never a 5xx; every rejection carries a stable
 * code (and the handler's reason); only correctly signed, fresh, well-formed,
 * new events are stored, each once; every rejection the handler makes is in
 * the rejections route.
 */
const secret = 'fuzz-webhook-secret-0123456789';
const ed = generateKeyPairSync('ed25519');
const otherEd = generateKeyPairSync('ed25519');
const now = new Date('2026-04-01T12:00:00.000Z');
const nowS = now.getTime() / 1000;
const url = '/api/v1/webhooks/releases';
const tolerance = 300;
const seed = 20261201;

let app: FastifyInstance;
let store: Store;
/** Rejections the handler answered with, by reason: must equal what the rejections route reports. */
const tally: Record<string, number> = {};
/** Event ids the server accepted (stored). */
const accepted = new Set<string>();

const authenticate: Authenticator = async (req) => {
  const role = req.headers['x-test-role'];
  return typeof role === 'string' ? { actorId: 'fuzz', kind: 'api_key', nodeId: 'oem', nodePath: '/oem/', role: role as Role } : undefined;
};

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory' });
  await loadFixture(store);
  const routes = createReleaseRoutes({ webhookKeys: { hmacSecrets: [secret], ed25519PublicKeys: [ed.publicKey.export({ type: 'spki', format: 'pem' }).toString()] }, toleranceSeconds: tolerance });
  app = await createApp({ store, counters: createCounters(), authenticate, clock: () => now, logLevel: 'silent', version: 'fuzz', rateLimitPerMinute: false }, [routes]);
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await store?.close();
});

const storedEvents = async (): Promise<number> => Number((await store.db.query<{ n: unknown }>("SELECT count(*) AS n FROM release_events WHERE source = 'webhook'")).rows[0]!.n);

type Headers = Record<string, string | string[]>;
interface Sent { status: number; code?: string; reason?: string }

/** Sends one delivery and checks what holds for every answer: no 5xx; a rejection has a stable code, and a handler rejection its reason. */
async function send(payload: string | Buffer, headers: Headers): Promise<Sent> {
  const res = await app.inject({ method: 'POST', url, payload, headers });
  expect(res.statusCode, `${res.statusCode} ${res.body.slice(0, 300)}`).toBeLessThan(500);
  if (res.statusCode === 202) {
    const id = (res.json() as { eventId: string }).eventId;
    expect(accepted.has(id), `event ${id} accepted twice`).toBe(false);
    accepted.add(id);
    return { status: 202 };
  }
  expect(res.statusCode).toBeGreaterThanOrEqual(400);
  const body = res.json() as { code: unknown; details?: { reason?: unknown } };
  expect(['UNAUTHENTICATED', 'VALIDATION_FAILED', 'CONFLICT', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE']).toContain(body.code);
  const reason = body.details?.reason;
  if (reason !== undefined) {
    expect(webhookRejectReasons).toContain(reason);
    const r = reason as WebhookRejectReason;
    // The reason → code mapping is stable.
    expect(body.code).toBe(r === 'malformed' ? 'VALIDATION_FAILED' : r === 'replayed' ? 'CONFLICT' : 'UNAUTHENTICATED');
    tally[r] = (tally[r] ?? 0) + 1;
    return { status: res.statusCode, code: body.code as string, reason: r };
  }
  return { status: res.statusCode, code: body.code as string };
}

const json = { 'content-type': 'application/json' };
const hmac = (raw: string, ts = nowS, key = secret): Headers => signWebhook({ rawBody: raw, timestamp: ts, hmacSecret: key });
const signEd = (raw: string, ts = nowS, key = ed.privateKey): Headers => signWebhook({ rawBody: raw, timestamp: ts, ed25519PrivateKey: key });

let serial = 0;
const freshId = (): string => `evt-fuzz-${++serial}-${'x'.repeat(serial % 3)}`;
const vin = fixture.vehicles[0]!.vin;

/** A well-formed event of each type, as plain JSON (dates as strings). */
function validEvent(kind: number, id = freshId()): Record<string, unknown> {
  const n = serial;
  const data = kind === 0
    ? sampleRelease({ version: `5.${n}.0`, installableOn: '4.x' })
    : kind === 1
      ? sampleApproval({ issuedAt: new Date(now.getTime() - n * 1000).toISOString() })
      : { vin, version: '4.5.0', fromVersion: '4.2.0', status: 'pending', at: '2026-04-01T10:00:00.000Z' };
  return JSON.parse(JSON.stringify({ id, type: ['release', 'approval', 'update_report'][kind], data })) as Record<string, unknown>;
}

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 120 });
/** Strings a parser or database might choke on. */
const nastyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udfff', '\u202e\u200b', '"', '\\', "'; DROP TABLE release_events; --", '4.5.0\u0000', 'ＵＳ', 'US\n', ' '.repeat(300), '9'.repeat(400)),
);
const anyJson = fc.oneof(fc.jsonValue({ maxDepth: 3 }), nastyString, fc.constantFrom<unknown>(null, true, 0, -1, 1e308, -0, [], {}, 2 ** 53, '2026-13-45T99:99:99Z'));

/** Every path (keys and array indices) of a JSON value, parents before children. */
function pathsOf(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [];
  if (Array.isArray(v)) v.forEach((x, i) => out.push([...at, i], ...pathsOf(x, [...at, i])));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push([...at, k], ...pathsOf(x, [...at, k]));
  return out;
}

type Mutation = { op: 'set' | 'delete' | 'add'; pick: number; value: unknown; key: string };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom('set', 'set', 'delete', 'add'),
  pick: fc.nat(),
  value: anyJson,
  key: fc.oneof(printable, fc.constantFrom('__proto__', 'constructor', 'id', 'type', 'extra')),
});

function mutate(event: Record<string, unknown>, muts: readonly Mutation[]): unknown {
  let root: unknown = structuredClone(event);
  for (const m of muts) {
    const paths = pathsOf(root);
    if (paths.length === 0) {
      root = m.value;
      continue;
    }
    const path = paths[m.pick % paths.length]!;
    const parentPath = m.op === 'add' ? path : path.slice(0, -1);
    let parent: unknown = root;
    for (const p of parentPath) parent = (parent as Record<string | number, unknown>)[p];
    if (m.op === 'add') {
      if (parent !== null && typeof parent === 'object' && !Array.isArray(parent)) Object.defineProperty(parent, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
      else if (Array.isArray(parent)) parent.push(m.value);
      else root = m.value;
      continue;
    }
    const last = path[path.length - 1]!;
    const container = parent as Record<string | number, unknown>;
    if (m.op === 'delete') {
      if (Array.isArray(container)) container.splice(Number(last), 1);
      else delete container[last];
    } else container[last] = m.value;
  }
  return root;
}

describe('fuzzing the signed release webhook', () => {
  it('random bodies with random headers: never a 5xx, never stored', async () => {
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b)),
      fc.string({ unit: 'binary', maxLength: 300 }),
      anyJson.map((v) => JSON.stringify(v) ?? 'undefined'),
      fc.constantFrom('', '{', '{"id":', '[]', 'null', '{"id":"evt-fuzz-x","type":"release"}', '\ufeff{}'),
    );
    const headers = fc.record({
      ct: fc.option(fc.constantFrom('application/json', 'text/plain', 'application/octet-stream', 'application/json; charset=utf-8'), { nil: undefined }),
      ts: fc.option(fc.oneof(printable, fc.integer({ min: 0, max: 2e10 }).map(String)), { nil: undefined }),
      sig: fc.option(fc.oneof(printable, printable.map((s) => `hmac-sha256=${s}`), fc.stringMatching(/^[0-9a-f]{64}$/).map((h) => `hmac-sha256=${h}`), fc.base64String({ maxLength: 90 }).map((b) => `ed25519=${b}`)), { nil: undefined }),
    });
    const before = await storedEvents();
    await fc.assert(fc.asyncProperty(body, headers, async (payload, h) => {
      const hs: Headers = {};
      if (h.ct !== undefined) hs['content-type'] = h.ct;
      if (h.ts !== undefined) hs[webhookHeaders.timestamp] = h.ts;
      if (h.sig !== undefined) hs[webhookHeaders.signature] = h.sig;
      const r = await send(payload, hs);
      expect(r.status).not.toBe(202);
    }), { numRuns: 120, seed });
    expect(await storedEvents()).toBe(before);
  });

  it('correctly signed events with mutated fields: accepted exactly when the event schema accepts them, once', async () => {
    await fc.assert(fc.asyncProperty(fc.nat(2), fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.boolean(), async (kind, muts, useEd) => {
      const body = mutate(validEvent(kind), muts);
      const raw = JSON.stringify(body) ?? 'null';
      const before = await storedEvents();
      const r = await send(raw, { ...json, ...(useEd ? signEd(raw) : hmac(raw)) });
      const parsed = ReleaseWebhookEvent.safeParse(body);
      if (!parsed.success) {
        expect(r).toMatchObject({ status: 400, reason: 'malformed' });
        expect(await storedEvents()).toBe(before);
      } else if (r.status === 409) {
        // A mutation can reuse an id the server already stored: that is a replay.
        expect(r.reason).toBe('replayed');
        expect(accepted.has(parsed.data.id)).toBe(true);
        expect(await storedEvents()).toBe(before);
      } else {
        expect(r.status).toBe(202);
        expect(await storedEvents()).toBe(before + 1);
      }
    }), { numRuns: 120, seed });
  });

  it('free-text fields (event id, approval authority, update detail) carrying NUL, lone surrogates and control characters', async () => {
    const text = fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }), fc.constantFrom('evt-\u0000-nul-0001', 'lone \ud800 surrogate', 'x\udfffy-low-half', '\u202e\u200b\ufeff-bidi', 'tab\tnew\nline\r'));
    await fc.assert(fc.asyncProperty(fc.nat(2), text, async (field, value) => {
      const id = field === 0 ? `${value}-${++serial}`.padEnd(8, '.') : freshId();
      const event = field === 0 ? validEvent(2, id) : validEvent(field);
      const data = event.data as Record<string, unknown>;
      if (field === 1) data.authority = value;
      if (field === 2) data.detail = value;
      const raw = JSON.stringify(event);
      const before = await storedEvents();
      const r = await send(raw, { ...json, ...hmac(raw) });
      expect(r.status === 202 ? before + 1 : before).toBe(await storedEvents());
      if (ReleaseWebhookEvent.safeParse(event).success) expect(r.status, `${JSON.stringify(value)} in field ${field}`).toBe(202);
    }), { numRuns: 80, seed });
  });

  it('wrong, missing or garbled signature headers are refused and nothing is stored', async () => {
    type Garble = { kind: number; pos: number; ch: string; junk: string; ed: boolean };
    const garble: fc.Arbitrary<Garble> = fc.record({
      kind: fc.nat(12), pos: fc.nat(), ch: fc.constantFrom(...'0123456789abcdefABCDEF+/=xyz'.split('')), junk: printable, ed: fc.boolean(),
    });
    await fc.assert(fc.asyncProperty(garble, fc.nat(2), async (g, kind) => {
      const raw = JSON.stringify(validEvent(kind));
      const good = g.ed ? signEd(raw) : hmac(raw);
      const sig = good[webhookHeaders.signature] as string;
      const [scheme, value] = [sig.slice(0, sig.indexOf('=')), sig.slice(sig.indexOf('=') + 1)];
      const ts = good[webhookHeaders.timestamp] as string;
      let headers: Headers = { ...json, ...good };
      let payload = raw;
      switch (g.kind) {
        case 0: headers = { ...json, [webhookHeaders.timestamp]: ts }; break;
        case 1: headers = { ...json, [webhookHeaders.signature]: sig }; break;
        case 2: headers[webhookHeaders.signature] = ''; break;
        case 3: headers[webhookHeaders.signature] = g.junk; break;
        case 4: headers[webhookHeaders.timestamp] = g.junk; break;
        case 5: {
          // One character of the signature value replaced.
          const i = g.pos % value.length;
          headers[webhookHeaders.signature] = `${scheme}=${value.slice(0, i)}${g.ch}${value.slice(i + 1)}`;
          break;
        }
        case 6: headers = { ...json, ...(g.ed ? signEd(raw, nowS, otherEd.privateKey) : hmac(raw, nowS, `${secret}-rotated-out`)) }; break;
        case 7: payload = `${raw} `; break;
        case 8: payload = raw.replace('"data":', '"data" :'); break;
        case 9: headers[webhookHeaders.timestamp] = String(Number(ts) + 1); break;
        case 10: headers[webhookHeaders.signature] = [`hmac-sha256=${'0'.repeat(64)}`, g.junk]; break;
        case 11: headers[webhookHeaders.signature] = `${g.ed ? 'ed448' : 'hmac-sha1'}=${value}`; break;
        default: headers[webhookHeaders.timestamp] = `${ts}.5`;
      }
      const before = await storedEvents();
      const r = await send(payload, headers);
      if (r.status === 202) {
        // Only a replacement that leaves the decoded signature unchanged (an unused bit of base64) may still verify.
        const given = (headers[webhookHeaders.signature] as string).slice(scheme.length + 1);
        expect(g.kind).toBe(5);
        expect(scheme === 'ed25519' ? Buffer.from(given, 'base64').equals(Buffer.from(value, 'base64')) : given === value).toBe(true);
        return;
      }
      expect(r.status).toBe(401);
      expect(['unsigned', 'malformed_signature', 'forged']).toContain(r.reason);
      expect(await storedEvents()).toBe(before);
    }), { numRuns: 120, seed });
  });

  it('timestamps are accepted exactly within the tolerance', async () => {
    const skew = fc.oneof(fc.integer({ min: -2 * tolerance, max: 2 * tolerance }), fc.constantFrom(-tolerance, tolerance, tolerance + 1, -tolerance - 1, 86_400 * 365, -nowS + 1e8));
    await fc.assert(fc.asyncProperty(skew, fc.boolean(), async (s, useEd) => {
      const raw = JSON.stringify(validEvent(2));
      const ts = Math.trunc(nowS) + s;
      const r = await send(raw, { ...json, ...(useEd ? signEd(raw, ts) : hmac(raw, ts)) });
      if (Math.abs(s) <= tolerance) expect(r.status).toBe(202);
      else expect(r).toMatchObject({ status: 401, reason: 'stale' });
    }), { numRuns: 60, seed });
  });

  it('a replay of an accepted event is never applied twice (resent, re-signed, altered, or concurrent)', async () => {
    await fc.assert(fc.asyncProperty(fc.nat(2), fc.nat(3), fc.integer({ min: -tolerance, max: tolerance }), async (kind, how, later) => {
      const event = validEvent(kind);
      const raw = JSON.stringify(event);
      const headers = { ...json, ...hmac(raw) };
      const before = await storedEvents();
      if (how === 3) {
        const both = await Promise.all([send(raw, headers), send(raw, { ...json, ...signEd(raw) })]);
        expect(both.map((r) => r.status).sort()).toEqual([202, 409]);
      } else {
        expect((await send(raw, headers)).status).toBe(202);
        const again = how === 0
          ? await send(raw, headers)
          : how === 1
            ? await send(raw, { ...json, ...signEd(raw, nowS + later) })
            : await (async () => {
              const altered = JSON.stringify({ ...event, data: validEvent((kind + 1) % 3, 'unused-id').data, type: validEvent((kind + 1) % 3, 'unused-id').type });
              return send(altered, { ...json, ...hmac(altered, nowS + later) });
            })();
        expect(again).toMatchObject({ status: 409, reason: 'replayed' });
      }
      expect(await storedEvents()).toBe(before + 1);
    }), { numRuns: 40, seed });
  });

  it('oversized bodies are refused with a code; a body just under the limit is still read', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 64 * 1024 }), async (extra) => {
      const raw = JSON.stringify(validEvent(2));
      const big = raw + ' '.repeat(1024 * 1024 - raw.length + extra);
      const before = await storedEvents();
      expect(await send(big, { ...json, ...hmac(big) })).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
      expect(await storedEvents()).toBe(before);
    }), { numRuns: 4, seed });
    const raw = JSON.stringify(validEvent(2));
    const padded = raw + ' '.repeat(1024 * 1024 - raw.length - 16);
    expect((await send(padded, { ...json, ...hmac(padded) })).status).toBe(202);
  });

  it('wrong content types never reach the store (JSON, and text/plain through Fastify\'s default parser, are read)', async () => {
    const types = fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/jsonx', 'json', '*/*', 'application/json; charset=utf-8', 'APPLICATION/JSON', undefined);
    await fc.assert(fc.asyncProperty(types, async (ct) => {
      const raw = JSON.stringify(validEvent(2));
      const before = await storedEvents();
      const r = await send(raw, { ...(ct === undefined ? {} : { 'content-type': ct }), ...hmac(raw) });
      // Fastify's built-in text/plain parser hands the raw string to the handler, which verifies signature and schema as for JSON.
      const readable = ct !== undefined && /^(application\/json|text\/plain)(\s*;|$)/i.test(ct);
      if (readable) expect(r.status).toBe(202);
      else {
        expect(r.status).not.toBe(202);
        expect(await storedEvents()).toBe(before);
      }
    }), { numRuns: 30, seed });
  });

  it('every rejection the handler made is in the rejections route, and the server still serves', async () => {
    const res = await app.inject({ url: '/api/v1/webhooks/releases/rejections', headers: { 'x-test-role': 'release_manager' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().counts).toEqual(tally);
    expect(await storedEvents()).toBe(accepted.size);
    expect((await app.inject('/health')).statusCode).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
