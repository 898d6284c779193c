import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createCounters, type Authenticator } from '../../src/app';
import { checkMessage, complianceChannels, registerComplianceRoutes, Verdict } from '../../src/compliance';
import { marketCodes } from '../../src/domain';
import type { Role } from '../../src/identity';
import { isForecourtError } from '../../src/kernel';
import { openStore, type Store } from '../../src/store';
import { loadFixture } from '../../src/testing';

/**
 * Compliance texts: random Unicode, confusables, zero-width and bidi
 * characters, combining marks and huge texts, through the pure checker and
 * through POST /api/v1/compliance/check (with and without opening reviews,
 * which stores the text). Properties: the checker never throws on a valid
 * envelope and returns a well-formed verdict whose evidence points into the
 * text; an invalid envelope is a VALIDATION_FAILED error, never anything else;
 * the endpoint never answers 5xx. (src/compliance/text-view.test.ts already
 * pins detection through invisible characters; tests/fuzz/api-bodies.test.ts
 * fuzzes the body's shape.)
 */
const seed = 20261203;

const confusables = [
  'а', 'е', 'о', 'р', 'с', 'х', 'і', 'ј', // Cyrillic look-alikes
  'Ａ', 'ｕ', 'ｔ', 'ｏ', 'ｐ', 'ｉ', 'ｌ', // full-width
  '𝐀', '𝐮', '𝐭', '𝐨', '𝓹', '𝔦', // mathematical (astral: surrogate pairs)
  'ı', 'ſ', 'ß', 'ẞ', 'İ', 'ﬁ', 'K', 'Å', // case-folding traps
];
const invisible = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u180e', '\u034f', '\u061c', '\u202e', '\u202d', '\u2066', '\u2069', '\ufe0f'];
const phrases = ['drives itself', 'Autopilot', 'hands-free', 'freihändig', 'never crash', 'self-driving', 'scroll your feed', 'conduite autonome', '0% APR*', '£199/month', 'FREE', 'only today'];

const piece = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(...confusables, ...invisible, ...phrases, '\u0301\u0301\u0301', '👨‍👩‍👧‍👦', '🚗💨', '\ud800', '\udfff', '\u0000', '\r\n', '\t', ' '.repeat(50)),
);
/** Text made of pieces, sometimes a phrase with confusables and invisibles spliced in. */
const text = fc.oneof(
  fc.array(piece, { maxLength: 30 }).map((p) => p.join('')),
  fc.tuple(fc.constantFrom(...phrases), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...confusables, ...invisible)), { maxLength: 6 })).map(([p, ins]) =>
    ins.reduce((t, [i, ch]) => {
      const at = i % (t.length + 1);
      return t.slice(0, at) + ch + t.slice(at);
    }, `The Meridian ${p} on the motorway.`)),
);
const envelope = fc.record({
  market: fc.constantFrom(...marketCodes),
  channel: fc.constantFrom(...complianceChannels),
  vehicle: fc.record({ model: fc.constantFrom('Meridian Tourer', 'Vireo'), adasLevel: fc.integer({ min: 0, max: 5 }), certifiedFeatures: fc.constant([] as string[]) }),
});

/** NUL and unpaired surrogates cannot be stored by PostgreSQL; the input schema refuses them. */
const unstorable = (t: string): boolean => t.includes('\u0000') || /[\uD800-\uDFFF]/u.test(t);

function checkVerdict(t: string, raw: unknown): void {
  const v = Verdict.parse(raw);
  expect(v.compliant).toBe(v.violations.length === 0);
  for (const x of v.violations) for (const e of x.evidence) {
    expect(e.start).toBeLessThanOrEqual(e.end);
    expect(e.end).toBeLessThanOrEqual(t.length);
    expect(t.slice(e.start, e.end)).toBe(e.text);
  }
}

describe('fuzzing compliance texts (pure checker)', () => {
  it('random Unicode, confusables and invisibles: always a well-formed verdict with evidence inside the text', () => {
    fc.assert(fc.property(envelope, text, (env, t) => {
      if (!unstorable(t)) checkVerdict(t, checkMessage({ ...env, text: t }));
      else expect(() => checkMessage({ ...env, text: t })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    }), { numRuns: 300, seed });
  });

  it('huge texts up to the limit are checked; over the limit is VALIDATION_FAILED', () => {
    fc.assert(fc.property(envelope, fc.constantFrom(...phrases, 'x', 'a\u200bb ', '🚗', '\u0301'), fc.integer({ min: 19_000, max: 21_000 }), (env, unit, len) => {
      const t = unit.repeat(Math.ceil(len / unit.length)).slice(0, len);
      try {
        checkVerdict(t, checkMessage({ ...env, text: t }));
        expect(t.length).toBeLessThanOrEqual(20_000);
      } catch (err) {
        expect(isForecourtError(err) && err.code === 'VALIDATION_FAILED', String(err)).toBe(true);
        expect(t.length).toBeGreaterThan(20_000);
      }
    }), { numRuns: 12, seed });
  });

  it('any envelope: a verdict or VALIDATION_FAILED, never another error', () => {
    const anyInput = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record({ market: fc.oneof(fc.constantFrom(...marketCodes), fc.string()), channel: fc.string(), vehicle: fc.jsonValue({ maxDepth: 2 }), text: fc.oneof(text, fc.jsonValue({ maxDepth: 1 })) }, { requiredKeys: [] }),
      envelope.chain((env) => fc.record({ certifiedFeatures: fc.array(fc.oneof(fc.string(), fc.constantFrom('L2_HANDS_OFF:mapped_motorway', 'L2_HANDS_OFF:', ':::', 'L3:x:y:z:w:v:u:t'))) }).map((f) => ({ ...env, vehicle: { ...env.vehicle, ...f }, text: 'Hands-off on mapped motorways.' }))),
    );
    fc.assert(fc.property(anyInput, (raw) => {
      try {
        const v = checkMessage(raw);
        checkVerdict((raw as { text: string }).text, v);
      } catch (err) {
        expect(isForecourtError(err) && err.code === 'VALIDATION_FAILED', String(err)).toBe(true);
      }
    }), { numRuns: 300, seed });
  });
});

describe('fuzzing compliance texts (POST /api/v1/compliance/check)', () => {
  let app: FastifyInstance;
  let store: Store;
  const authenticate: Authenticator = async (req) => {
    const role = req.headers['x-test-role'];
    return typeof role === 'string' ? { actorId: 'fuzz', kind: 'api_key', nodeId: 'oem', nodePath: '/oem/', role: role as Role } : undefined;
  };
  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory' });
    await loadFixture(store);
    app = await createApp({ store, counters: createCounters(), authenticate, clock: () => new Date('2026-04-01T10:00:00Z'), logLevel: 'silent', version: 'fuzz', rateLimitPerMinute: false }, [registerComplianceRoutes]);
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it('batches of random texts, with and without opening reviews: a result per message, never a 5xx', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.tuple(envelope, text), { minLength: 1, maxLength: 5 }), fc.boolean(), async (msgs, openReviews) => {
      const messages = msgs.map(([env, t]) => ({ ...env, text: t }));
      const res = await app.inject({ method: 'POST', url: '/api/v1/compliance/check', headers: { 'x-test-role': 'oem_admin', 'content-type': 'application/json' }, payload: JSON.stringify({ messages, openReviews }) });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      const results = (res.json() as { results: unknown[] }).results;
      expect(results).toHaveLength(messages.length);
      results.forEach((r, i) => {
        if ((r as { error?: { code: string } }).error) {
          expect((r as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
          expect(unstorable(messages[i]!.text)).toBe(true);
        }
        else {
          // JSON carries lone surrogates as U+FFFD on the way back; offsets still count UTF-16 units.
          const v = Verdict.parse(r);
          expect(v.compliant).toBe(v.violations.length === 0);
          for (const x of v.violations) for (const e of x.evidence) expect(e.end).toBeLessThanOrEqual(messages[i]!.text.length);
          if (openReviews && !v.compliant) expect(typeof (r as { reviewId?: unknown }).reviewId).toBe('string');
        }
      });
    }), { numRuns: 60, seed });
    expect((await app.inject('/health')).statusCode).toBe(200);
  });
});
