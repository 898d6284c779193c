import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app';
import { OwnerId } from '../domain';
import { requestScope } from '../identity';
import { errorCodes, ForecourtError } from '../kernel';
import { renderChartSvg, toCsv, toJson } from '../measurement';
import { DecisionExposureReport, recordDecisionExposure } from './collect-logs-store';
import { buildMeasurementReport, measurementChartOption, measurementCharts, measurementCsvRows } from './logs-report';
import { DecisionLogRecord, ModelVersion } from './model-registry';
import { upliftFromSpec } from './model-serialisation';
import { modelsStore, type ModelsStore } from './models-store';
import { releaseDealerReport, suppressedChartOption, type ReleasedReport } from './report-release';
import type { Db, TenantScope } from '../store';
import { trainFromLogs } from './train-from-logs';
import { upliftMethods } from './uplift-learners';

const ErrorResponse = z.object({ code: z.enum(Object.keys(errorCodes) as [keyof typeof errorCodes]), message: z.string(), details: z.unknown().optional() });
const errors = { 400: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

const TrainBody = z.strictObject({
  method: z.enum(upliftMethods).default('x-learner'),
  base: z.enum(['gbt', 'logistic']).default('logistic'),
  seed: z.int().min(0).max(1_000_000).default(1),
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,60}$/).optional(),
});

/** Is the scope a dealer (or below one)? Dealers see released aggregates only (THREATS.md §6). */
async function isDealerScope(db: Db, scope: TenantScope): Promise<boolean> {
  if (scope.kind === 'global') return false;
  const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM tenant_nodes WHERE kind = 'dealer' AND $1 LIKE path || '%'", [scope.path]);
  return Number(rows[0]?.n ?? 0) > 0;
}

/**
 * The report over the exposures of owners in the caller's scope (the audit uses the newest
 * uplift version with a stored artefact); for a dealer, only cells that pass the release threshold.
 */
async function report(db: Db, models: ModelsStore, scope: TenantScope): Promise<ReleasedReport> {
  const rows = await models.loggedRows({ scope });
  const versions = (await models.listVersions()).filter((v) => v.kind === 'uplift');
  const pick = versions.find((v) => v.status === 'live') ?? versions[versions.length - 1];
  const artefact = pick ? await models.loadArtefact(pick.id) : null;
  const scorer = pick && artefact ? { id: pick.id, model: upliftFromSpec(artefact), featureNames: artefact.featureNames } : undefined;
  const full = buildMeasurementReport(rows, scorer);
  if (scope.kind === 'node' && await isDealerScope(db, scope)) return releaseDealerReport(full, rows, `measurement|${scope.path}`);
  return { ...full, privacy: null };
}

/** Model registry, training on stored logs, and the measurement report (JSON, CSV, SVG charts). */
export function registerModelsRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const models = modelsStore(deps.store.db);

  r.get('/api/v1/models/versions', {
    config: { permission: 'models.read' },
    schema: { tags: ['models'], summary: 'The model registry: every version with training window, features, hyper-parameters, metrics, consent and status', response: { 200: z.object({ items: z.array(ModelVersion) }) } },
  }, async () => ({ items: await models.listVersions() }));

  r.post('/api/v1/models/train', {
    config: { permission: 'models.train' },
    schema: {
      tags: ['models'], summary: 'Train an uplift model on the stored exposures and outcomes and register it as a candidate version',
      body: TrainBody, response: { 201: ModelVersion, ...errors },
    },
  }, async (req, reply) => {
    const rows = await models.loggedRows();
    let trained;
    try {
      trained = trainFromLogs(rows, { method: req.body.method, base: req.body.base, seed: req.body.seed, ...(req.body.name ? { name: req.body.name } : {}) });
    } catch (err) {
      if (err instanceof RangeError) throw new ForecourtError('CONFLICT', `cannot train: ${err.message}`);
      throw err;
    }
    const version = await models.registerVersion(trained.registration, trained.model.serialise(trained.registration.features), deps.clock());
    return reply.status(201).send(version);
  });

  r.get('/api/v1/measurement/report', {
    config: { permission: 'models.read' },
    schema: {
      tags: ['measurement'], summary: 'Incremental lift with intervals, post-event analysis, cohorts and the targeting audit over the exposures of the caller\'s customers (dealers: cells under 20 noisy customers withheld); JSON or ?format=csv',
      querystring: z.strictObject({ format: z.enum(['json', 'csv']).default('json') }),
    },
  }, async (req, reply) => {
    const rep = await report(deps.store.db, models, requestScope(req));
    if (req.query.format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv(measurementCsvRows(rep)));
    // The chart options travel with the report so the dashboard renders the same plots in the browser.
    const charts = Object.fromEntries(measurementCharts.map((c) => [c, measurementChartOption(rep, c)]));
    return reply.type('application/json; charset=utf-8').send(toJson({ ...rep, charts }));
  });

  r.get('/api/v1/measurement/charts/:name.svg', {
    config: { permission: 'models.read' },
    schema: {
      tags: ['measurement'], summary: 'A measurement chart rendered to SVG on the server (lift.svg, post-event.svg, cohorts.svg)',
      params: z.strictObject({ name: z.enum(measurementCharts) }),
    },
  }, async (req, reply) => {
    const name = req.params.name;
    const rep = await report(deps.store.db, models, requestScope(req));
    const option = measurementChartOption(rep, name) ?? suppressedChartOption(rep.privacy, name);
    if (!option) throw new ForecourtError('NOT_FOUND', `no data for the ${name} chart yet`);
    return reply.type('image/svg+xml').send(renderChartSvg(option, { width: 800, height: 400 }));
  });

  r.post('/api/v1/decisions/exposures', {
    config: { permission: 'plan.run' },
    schema: {
      tags: ['models'], summary: 'Report that a logged decision was shown to its customer: an exposure with the decision\'s propensity, so the channel bandit and training learn from it (idempotent; another tenant\'s decision: 404)',
      body: DecisionExposureReport,
      response: { 200: z.object({ exposureId: z.string(), created: z.boolean() }), ...errors },
    },
  }, async (req) => recordDecisionExposure(deps.store.db, requestScope(req), req.body, deps.clock()));

  r.get('/api/v1/decisions', {
    config: { permission: 'customers.read' },
    schema: {
      tags: ['models'], summary: 'The decision log of one customer: action, propensity, holdout, scores, reasons and the model versions that decided (another tenant\'s customer: 404)',
      querystring: z.strictObject({ ownerId: OwnerId, limit: z.coerce.number().int().min(1).max(1000).default(100) }),
      response: { 200: z.object({ items: z.array(DecisionLogRecord) }), ...errors },
    },
  }, async (req) => {
    const scope = requestScope(req);
    if (!(await deps.store.customers.getOwner(scope, req.query.ownerId))) throw new ForecourtError('NOT_FOUND');
    return { items: await models.decisionsInScope(scope, { ownerId: req.query.ownerId, limit: req.query.limit }) };
  });
}
