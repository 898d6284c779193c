import { randomInt } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app';
import { consentKey, Vin } from '../domain';
import { scopeOf } from '../identity';
import { createRng, errorCodes, ForecourtError } from '../kernel';
import type { TenantScope } from '../store';
import { createPrivacyAccountant, releaseAreaStats, type EncounterSummary } from '../v2x';
import { ingestHttpBody, telemetryContentTypes } from './http-body';
import { readFeatures } from './read-features';
import { rejectReasons } from './reject-reasons';
import { createTelemetryRuntime, telemetryRuntimeOf, type TelemetryRuntime } from './telemetry-runtime-io';
import { decodeVehicleState } from './vehicle-state-codec';

const ErrorResponse = z.object({ code: z.enum(Object.keys(errorCodes) as [keyof typeof errorCodes]), message: z.string(), details: z.unknown().optional() });
const errors = { 400: ErrorResponse, 404: ErrorResponse, 415: ErrorResponse, 429: ErrorResponse };

const ReasonCountsSchema = z.object(Object.fromEntries(rejectReasons.map((r) => [r, z.number().int()])) as Record<(typeof rejectReasons)[number], z.ZodNumber>);
const IngestResponse = z.object({ offered: z.number().int(), accepted: z.number().int(), rejected: z.number().int(), byReason: ReasonCountsSchema });

const QuarantineQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: z.coerce.number().int().positive().optional(),
  reason: z.enum(rejectReasons).optional(),
});
const QuarantineResponse = z.object({
  items: z.array(z.object({ id: z.number(), reason: z.string(), detail: z.string(), vin: z.string().nullable(), path: z.string().nullable(), raw: z.string(), points: z.number(), transport: z.string(), receivedAt: z.string() })),
  next: z.number().nullable(),
  totals: z.record(z.string(), z.number()),
});

const FeatureValueSchema = z.object({
  code: z.string(), value: z.unknown(), unit: z.string(), detail: z.record(z.string(), z.number()).optional(),
  source: z.literal('telemetry'), basis: z.object({ purpose: z.literal('telematics_marketing'), channel: z.literal('any'), granted: z.literal(true) }), asOf: z.string().nullable(),
});
const FeaturesResponse = z.object({ vin: z.string(), usable: z.boolean(), features: z.array(FeatureValueSchema), reasons: z.array(z.string()), from: z.enum(['live', 'snapshot', 'none']) });

const AreaQuery = z.strictObject({
  h3Resolution: z.coerce.number().int().min(0).max(15).default(6),
  bucketMs: z.coerce.number().int().positive().default(7 * 86_400_000),
  epsilon: z.coerce.number().positive().max(10).default(0.1),
});
const AreaResponse = z.object({
  cells: z.array(z.object({ cell: z.string(), vehicles: z.number() })), suppressed: z.number(), sybilDiscounted: z.number(), epsilon: z.number(),
  spent: z.object({ day: z.number(), month: z.number() }), reasons: z.array(z.string()),
});

const rawTypes = [...Object.values(telemetryContentTypes), 'application/ndjson', 'application/jsonl', 'application/octet-stream'];

function scope(req: FastifyRequest): TenantScope {
  if (!req.principal) throw new ForecourtError('UNAUTHENTICATED');
  return scopeOf(req.principal);
}

function runtimeFor(app: FastifyInstance, deps: AppDeps): TelemetryRuntime {
  const started = telemetryRuntimeOf(deps.store);
  if (started) return started;
  // No runtime started by the composition root (tests): one for this app, closed with it.
  const rt = createTelemetryRuntime({ store: deps.store, counters: deps.counters, clock: deps.clock });
  app.addHook('onReady', async () => {
    await rt.restore();
  });
  app.addHook('onClose', async () => {
    await rt.close();
  });
  return rt;
}

/**
 * Telemetry and V2X routes: ingest (JSON, NDJSON, compact binary and compact
 * JSON bodies, read raw), the quarantine, a vehicle's consent-usable
 * features, and budgeted V2X area statistics.
 */
export function registerTelemetryRoutes(app: FastifyInstance, deps: AppDeps): void {
  const rt = runtimeFor(app, deps);

  // Raw bodies only inside this plugin, so the rest of the API keeps its strict JSON parsing.
  void app.register(async (sub) => {
    sub.removeAllContentTypeParsers();
    sub.addContentTypeParser(rawTypes, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    // Anything else is read too, so that it is quarantined as unsupported_media_type rather than lost.
    sub.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    sub.withTypeProvider<ZodTypeProvider>().post('/api/v1/telemetry', {
      config: { permission: 'telemetry.write' },
      schema: {
        tags: ['telemetry'],
        summary: 'Ingest telemetry: application/json or application/x-ndjson (one point per record), application/vnd.forecourt.tlm-compact (binary frames) or its +json twin',
        response: { 202: IngestResponse, ...errors },
      },
    }, async (req, reply) => {
      const body = Buffer.isBuffer(req.body) ? new Uint8Array(req.body.buffer, req.body.byteOffset, req.body.byteLength) : new Uint8Array(0);
      const r = ingestHttpBody(rt.ingestor, req.headers['content-type'], body, { transport: 'http' });
      if (r.byReason.unsupported_media_type > 0) {
        throw new ForecourtError('UNSUPPORTED_MEDIA_TYPE', `use one of ${Object.values(telemetryContentTypes).join(', ')}`, { offered: r.offered, accepted: r.accepted, rejected: r.rejected, byReason: r.byReason });
      }
      return reply.status(202).send({ offered: r.offered, accepted: r.accepted, rejected: r.rejected, byReason: r.byReason });
    });
  });

  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/telemetry/quarantine', {
    config: { permission: 'telemetry.read' },
    schema: { tags: ['telemetry'], summary: 'Rejected points with their reasons, newest first, and totals per reason', querystring: QuarantineQuery, response: { 200: QuarantineResponse, ...errors } },
  }, async (req) => {
    await rt.quarantine.flush().catch(() => undefined);
    return rt.sql.listQuarantine({ limit: req.query.limit, ...(req.query.before ? { before: req.query.before } : {}), ...(req.query.reason ? { reason: req.query.reason } : {}) });
  });

  r.get('/api/v1/vehicles/:vin/features', {
    config: { permission: 'customers.read' },
    schema: {
      tags: ['telemetry'], summary: 'Telemetry-derived features of a vehicle usable for marketing (only with the owner\'s telematics_marketing consent), each with its consent basis',
      params: z.strictObject({ vin: Vin }), response: { 200: FeaturesResponse, ...errors },
    },
  }, async (req) => {
    const vehicle = await deps.store.customers.getVehicle(scope(req), req.params.vin);
    if (!vehicle) throw new ForecourtError('NOT_FOUND');
    const consent = vehicle.ownerId ? await deps.store.customers.consentState(vehicle.ownerId) : {};
    const vin = req.params.vin;
    const live = rt.ingestor.vehicle(vin);
    if (live) return { vin, ...readFeatures(rt.ingestor.engine, live.features, consent), from: 'live' as const };
    const saved = await rt.sql.snapshot(vin);
    const rec = saved?.state ? decodeVehicleState(vin, new Uint8Array(saved.state), rt.ingestor.engine.slabSize) : undefined;
    if (rec) return { vin, ...readFeatures(rt.ingestor.engine, rec.features, consent), from: 'snapshot' as const };
    const granted = consent[consentKey('telematics_marketing', 'any')] === true;
    return { vin, usable: false, features: [], reasons: [granted ? 'no_telemetry_received' : 'no_telematics_marketing_consent'], from: 'none' as const };
  });

  r.get('/api/v1/v2x/area-stats', {
    config: { permission: 'telemetry.read' },
    schema: {
      tags: ['v2x'],
      summary: 'Vehicles with V2X intersection encounters per H3 cell over the last bucket: differentially private, k-thresholded on noisy counts, charged to the caller\'s privacy budget (refused with 429 RATE_LIMITED when spent)',
      querystring: AreaQuery, response: { 200: AreaResponse, ...errors },
    },
  }, async (req) => {
    const principal = req.principal;
    if (!principal) throw new ForecourtError('UNAUTHENTICATED');
    const tenant = principal.nodeId;
    const now = deps.clock();
    const day = now.toISOString().slice(0, 10);
    const month = now.toISOString().slice(0, 7);
    const { h3Resolution, bucketMs, epsilon } = req.query;
    const release = await deps.store.db.transaction(async (tx) => {
      const spent = await rt.sql.privacySpent(tx, tenant, day, month);
      const accountant = createPrivacyAccountant(undefined, [{ tenant, at: now, dayMicro: spent.day, monthMicro: spent.month }]);
      const stored = await rt.sql.encounterSummaries(new Date(now.getTime() - bucketMs), now, tx);
      const summaries: EncounterSummary[] = stored.map((s, i) => ({ vehicle: i, approaches: s.approaches, stopsAtRed: s.stopsAtRed, stopsOnGreen: s.stopsOnGreen, intersections: [], cells: s.cells, trajectoryHash: s.trajectoryHash, messages: s.messages }));
      const out = releaseAreaStats(summaries, { tenant, h3Resolution, bucketMs, epsilon }, { accountant, rng: createRng(randomInt(0, 2 ** 32 - 1)), now });
      if (out.ok) await rt.sql.chargePrivacy(tx, tenant, day, month, Math.round(epsilon * 1e6), now);
      return { out, spent: accountant.spent(tenant, now) };
    });
    const out = release.out;
    if (!out.ok) {
      if (out.code === 'privacy_budget_exhausted') throw new ForecourtError('RATE_LIMITED', 'privacy budget exhausted for this period', { reason: 'privacy_budget_exhausted', reasons: out.reasons, spent: release.spent });
      throw new ForecourtError('VALIDATION_FAILED', out.reasons.join('; '), { reason: out.code, reasons: out.reasons });
    }
    return { cells: out.cells, suppressed: out.suppressed, sybilDiscounted: out.sybilDiscounted, epsilon: out.epsilon, spent: release.spent, reasons: out.reasons };
  });
}
