import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps, RouteModule } from '../app';
import type { HmiRepository } from '../delivery';
import { MarketCode, SemVer, Vin } from '../domain';
import { scopeOf } from '../identity';
import { ForecourtError, type Clock, type ErrorCode } from '../kernel';
import { globalScope, type Db, type TenantScope } from '../store';
import { createErrorResponse, DispatchResponse, IngestResponse, ReleaseViewResponse, SyncResponse } from './releases-api-schemas';
import { rolloutShare } from './plan-release-campaign';
import { dispatchReleaseCampaign, DispatchOptions } from './release-dispatch-io';
import { releaseDispatchStore } from './release-dispatch-store';
import { followUpSync } from './release-follow-up-io';
import { Approval, FeatureCode, Release, ReleaseCampaignTemplate, ReleaseWebhookEvent, UpdateReport } from './release-schemas';
import { createReleaseCampaign, ingestReleaseEvent, loadReleaseView, type SyncReport } from './release-sync-io';
import { releasesStore, type ReleasesStore } from './releases-store';
import { verifyWebhookSignature, type WebhookKeys, type WebhookRejectReason } from './webhook-signature';

export interface ReleaseRoutesOptions {
  webhookKeys: WebhookKeys;
  toleranceSeconds?: number;
  /** The in-vehicle repository revocations are executed against (`hmiRepositoryAt`); none: they stay pending. */
  hmi?: (db: Db, clock: Clock) => Promise<HmiRepository>;
}

const ErrorResponse = createErrorResponse();
const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

/** How each webhook rejection answers: a stable HTTP code plus the reason in `details`. */
const rejectCodes: Record<WebhookRejectReason, ErrorCode> = {
  not_configured: 'UNAUTHENTICATED',
  unsigned: 'UNAUTHENTICATED',
  malformed_signature: 'UNAUTHENTICATED',
  forged: 'UNAUTHENTICATED',
  stale: 'UNAUTHENTICATED',
  malformed: 'VALIDATION_FAILED',
  replayed: 'CONFLICT',
};

/**
 * Webhook keys from the environment (until the configuration schema has them):
 * RELEASE_WEBHOOK_HMAC_SECRETS (comma-separated, for rotation) and
 * RELEASE_WEBHOOK_ED25519_PUBLIC_KEY (PEM). With neither, the webhook rejects everything.
 */
export function webhookKeysFromEnv(env: Readonly<Record<string, string | undefined>>): WebhookKeys {
  const secrets = (env.RELEASE_WEBHOOK_HMAC_SECRETS ?? '').split(',').map((s) => s.trim()).filter((s) => s.length >= 16);
  const pem = env.RELEASE_WEBHOOK_ED25519_PUBLIC_KEY;
  return { hmacSecrets: secrets, ed25519PublicKeys: pem ? [pem] : [] };
}

function scopeOfRequest(req: FastifyRequest) {
  if (!req.principal) throw new ForecourtError('UNAUTHENTICATED');
  return scopeOf(req.principal);
}

/**
 * After the release transaction committed: dispatch new targets in `scope`, revoke cards. An
 * API call runs in its caller's scope; the signed webhook is the OEM's release system and runs
 * at the OEM (global) scope.
 */
async function followUp(deps: AppDeps, opts: ReleaseRoutesOptions, req: FastifyRequest, scope: TenantScope, sync: SyncReport | null) {
  const db = deps.store.db;
  const report = await followUpSync({ db, scope, now: deps.clock(), ...(opts.hmi ? { hmi: () => opts.hmi!(db, deps.clock) } : {}) }, sync);
  for (const d of report.dispatches) deps.counters.inc('releases.dispatch.vehicles', d.dispatched);
  if (report.revocation) deps.counters.inc('releases.cards.revoked', report.revocation.revoked);
  for (const e of report.errors) req.log.warn({ error: e }, 'release follow-up failed');
  return report;
}

async function ingestReply(store: ReleasesStore, deps: AppDeps, opts: ReleaseRoutesOptions, req: FastifyRequest, kind: 'release' | 'approval' | 'update_report', data: unknown) {
  const event = ReleaseWebhookEvent.parse({ id: `api-${randomUUID()}`, type: kind, data });
  deps.counters.inc(`releases.events.${kind}`);
  const result = await ingestReleaseEvent(store, event, 'api', deps.clock());
  return { ...result, followUp: await followUp(deps, opts, req, scopeOfRequest(req), result.sync) };
}

/** The signed webhook, in its own plugin so that only it receives the raw body (needed for the HMAC). */
function registerWebhook(app: FastifyInstance, deps: AppDeps, store: ReleasesStore, opts: ReleaseRoutesOptions): void {
  void app.register(async (child) => {
    child.removeContentTypeParser('application/json');
    child.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    const reject = async (reason: WebhookRejectReason, detail: string): Promise<never> => {
      deps.counters.inc(`releases.webhook.rejected.${reason}`);
      await store.recordRejection(reason, detail, deps.clock());
      throw new ForecourtError(rejectCodes[reason], `webhook rejected: ${reason}`, { reason, detail });
    };
    child.withTypeProvider<ZodTypeProvider>().post('/api/v1/webhooks/releases', {
      config: { permission: 'public' },
      schema: {
        tags: ['releases'],
        summary: 'Signed release feed: releases, approvals and update reports (HMAC-SHA256 or Ed25519 over `timestamp.body`, replay-protected)',
        response: { 202: IngestResponse, ...errors },
      },
    }, async (req, reply) => {
      const now = deps.clock();
      const raw = typeof req.body === 'string' ? req.body : '';
      const check = verifyWebhookSignature({ headers: req.headers, rawBody: raw, keys: opts.webhookKeys, now, ...(opts.toleranceSeconds !== undefined ? { toleranceSeconds: opts.toleranceSeconds } : {}) });
      if (!check.ok) return reject(check.reason, check.detail);
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        return reject('malformed', 'body is not JSON');
      }
      const parsed = ReleaseWebhookEvent.safeParse(body);
      if (!parsed.success) return reject('malformed', parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '/'}: ${i.message}`).join('; '));
      const result = await ingestReleaseEvent(store, parsed.data, 'webhook', now);
      if (result.replayed) return reject('replayed', `event ${parsed.data.id} was already received`);
      deps.counters.inc('releases.webhook.accepted');
      return reply.status(202).send({ ...result, followUp: await followUp(deps, opts, req, globalScope, result.sync) });
    });
  });
}

/** Release routes with explicit webhook keys (tests, and the composition root once config carries them). */
export function createReleaseRoutes(opts: ReleaseRoutesOptions): RouteModule {
  return (app, deps) => {
    const store = releasesStore(deps.store.db);
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.post('/api/v1/releases', {
      config: { permission: 'releases.write' },
      schema: { tags: ['releases'], summary: 'Announce or update a software release (stored with history)', body: Release, response: { 201: IngestResponse, ...errors } },
    }, async (req, reply) => reply.status(201).send(await ingestReply(store, deps, opts, req, 'release', req.body)));

    r.post('/api/v1/approvals', {
      config: { permission: 'releases.write' },
      schema: { tags: ['releases'], summary: 'Record a regulatory approval or withdrawal of a feature in a market', body: Approval, response: { 201: IngestResponse, ...errors } },
    }, async (req, reply) => reply.status(201).send(await ingestReply(store, deps, opts, req, 'approval', req.body)));

    r.post('/api/v1/vehicle-updates', {
      config: { permission: 'releases.write' },
      schema: { tags: ['releases'], summary: 'A vehicle update report: pending, installed, failed or rolled back', body: UpdateReport, response: { 202: IngestResponse, ...errors } },
    }, async (req, reply) => reply.status(202).send(await ingestReply(store, deps, opts, req, 'update_report', req.body)));

    r.get('/api/v1/releases', {
      config: { permission: 'releases.read' },
      schema: { tags: ['releases'], summary: 'Current releases', response: { 200: z.object({ items: z.array(Release) }), ...errors } },
    }, async () => ({ items: await store.listReleases() }));

    r.get('/api/v1/releases/:version', {
      config: { permission: 'releases.read' },
      schema: {
        tags: ['releases'], summary: 'One release, its rollout share now and the approvals of its features',
        params: z.strictObject({ version: SemVer }),
        response: { 200: z.object({ release: Release, rolloutShare: z.number(), approvals: z.array(Approval) }), ...errors },
      },
    }, async (req) => {
      const release = await store.getRelease(req.params.version);
      if (!release) throw new ForecourtError('NOT_FOUND');
      const codes = new Set(release.features.map((f) => f.code));
      const approvals = (await store.listApprovals()).filter((a) => codes.has(a.feature));
      return { release, rolloutShare: rolloutShare(release, deps.clock()), approvals };
    });

    r.post('/api/v1/release-campaigns', {
      config: { permission: 'offers.write' },
      schema: { tags: ['releases'], summary: 'A campaign bound to a feature; it launches itself when the feature is approved and rolled out', body: ReleaseCampaignTemplate, response: { 201: SyncResponse, ...errors } },
    }, async (req, reply) => {
      const sync = await createReleaseCampaign(store, req.body, `api-${randomUUID()}`, deps.clock());
      return reply.status(201).send({ ...sync, followUp: await followUp(deps, opts, req, scopeOfRequest(req), sync) });
    });

    r.post('/api/v1/release-campaigns/:id/dispatch', {
      config: { permission: 'releases.write' },
      schema: {
        tags: ['releases'],
        summary: 'Plan the campaign’s undispatched treated vehicles with the optimizer and enqueue them through the compliance gate (in the caller’s scope; idempotent)',
        params: z.strictObject({ id: ReleaseCampaignTemplate.shape.campaignId }),
        body: DispatchOptions,
        response: { 200: DispatchResponse, ...errors },
      },
    }, async (req) => {
      const report = await dispatchReleaseCampaign(deps.store.db, scopeOfRequest(req), req.params.id, deps.clock(), req.body);
      deps.counters.inc('releases.dispatch.vehicles', report.dispatched);
      return report;
    });

    r.get('/api/v1/release-campaigns/:id', {
      config: { permission: 'customers.read' },
      schema: {
        tags: ['releases'], summary: 'A release campaign: its vehicles (scoped to the caller) and retractions',
        params: z.strictObject({ id: ReleaseCampaignTemplate.shape.campaignId }),
        response: {
          200: z.object({
            template: ReleaseCampaignTemplate,
            assignments: z.array(z.object({
              vin: z.string(), market: z.string(), arm: z.string(), status: z.string(), reason: z.string(), assignedAt: z.string(), deliveredAt: z.string().nullable(), closedReason: z.string().nullable(),
              dispatch: z.object({ outcome: z.string(), channel: z.string().nullable(), planId: z.string().nullable(), outboxId: z.string().nullable(), reviewId: z.string().nullable(), reasons: z.array(z.string()) }).nullable(),
            })),
            retractions: z.array(z.object({
              vin: z.string(), offerId: z.string(), action: z.string(), reason: z.string(), detail: z.string(), createdAt: z.string(),
              outboxOutcome: z.string().nullable(), cardStatus: z.string().nullable(), cardDetail: z.string().nullable(),
            })),
          }),
          ...errors,
        },
      },
    }, async (req) => {
      const template = await store.getTemplate(req.params.id);
      if (!template) throw new ForecourtError('NOT_FOUND');
      const assignments = await store.listAssignments({ campaignId: template.campaignId }, scopeOfRequest(req));
      const visible = new Set(assignments.map((a) => a.vin));
      const retractions = (await store.listRetractions(template.campaignId)).filter((x) => visible.has(x.vin));
      const dispatches = new Map((await releaseDispatchStore(deps.store.db).list(template.campaignId)).map((d) => [d.vin, d]));
      const withDispatch = assignments.map((a) => {
        const d = dispatches.get(a.vin);
        return { ...a, dispatch: d ? { outcome: d.outcome, channel: d.channel, planId: d.planId, outboxId: d.outboxId, reviewId: d.reviewId, reasons: d.reasons } : null };
      });
      return { template, assignments: withDispatch, retractions };
    });

    r.post('/api/v1/release-campaigns/:id/responses', {
      config: { permission: 'offers.write' },
      schema: {
        tags: ['releases'], summary: 'Delivery and owner responses for a release campaign (delivered, accepted, converted)',
        params: z.strictObject({ id: ReleaseCampaignTemplate.shape.campaignId }),
        body: z.strictObject({ vin: Vin, kind: z.enum(['delivered', 'accepted', 'converted']), at: z.iso.datetime().optional() }),
        response: { 201: z.object({ recorded: z.boolean() }), ...errors },
      },
    }, async (req, reply) => {
      const at = req.body.at ?? deps.clock().toISOString();
      const recorded = req.body.kind === 'delivered'
        ? await store.markDelivered(req.params.id, req.body.vin, new Date(at))
        : await store.recordResponse({ campaignId: req.params.id, vin: req.body.vin, kind: req.body.kind, at });
      if (!recorded && req.body.kind !== 'delivered') throw new ForecourtError('NOT_FOUND', 'the vehicle is not assigned to this campaign');
      if (!recorded) throw new ForecourtError('CONFLICT', 'only a pending offer can be delivered');
      return reply.status(201).send({ recorded });
    });

    r.get('/api/v1/release-view', {
      config: { permission: 'releases.read' },
      schema: {
        tags: ['releases'], summary: 'Per feature and market: eligible vehicles, offers, take-up and uplift vs holdout, early results',
        querystring: z.strictObject({ feature: FeatureCode, market: MarketCode }),
        response: { 200: ReleaseViewResponse, ...errors },
      },
    }, async (req) => loadReleaseView(store, req.query.feature, req.query.market, deps.clock()));

    r.get('/api/v1/certified-capabilities', {
      config: { permission: 'releases.read' },
      schema: {
        tags: ['releases'], summary: 'Certified-capability registry entries derived from approvals (consumed by compliance)',
        response: { 200: z.object({ entries: z.array(z.object({ modelId: z.string(), hardwareVariantId: z.string(), versionRange: z.string(), market: z.string(), tokens: z.array(z.string()) })) }), ...errors },
      },
    }, async () => ({ entries: await store.listCapabilityEntries() }));

    r.get('/api/v1/webhooks/releases/rejections', {
      config: { permission: 'releases.read' },
      schema: { tags: ['releases'], summary: 'Rejected webhook deliveries counted by reason', response: { 200: z.object({ counts: z.record(z.string(), z.number()) }), ...errors } },
    }, async () => ({ counts: await store.rejectionCounts() }));

    registerWebhook(app, deps, store, opts);
  };
}

/** The route module the app registers; webhook keys come from the environment. */
export const registerReleaseRoutes: RouteModule = (app, deps) => createReleaseRoutes({ webhookKeys: webhookKeysFromEnv(process.env) })(app, deps);
