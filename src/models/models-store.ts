import { z } from 'zod';
import { loadShippedScenario, runLoggedPolicy, uniformLoggingPolicy } from '../simulator';
import type { SubjectDataHook } from '../identity';
import { scopePredicate, type Db, type TenantScope } from '../store';
import { DecisionLogRecord, ModelVersion, ModelVersionInput } from './model-registry';
import { SerialisedUplift } from './model-serialisation';

/**
 * The models' tables (migration 0400): registry versions with their fitted artefact,
 * the decision log, and exposures/outcomes that training reads.
 */
export const Exposure = z.strictObject({
  exposureId: z.string().min(1).max(200),
  campaignId: z.string().min(1).max(200),
  ownerId: z.string().min(1).max(200),
  /** Arm received; 'none' for control / holdout. */
  arm: z.string().min(1).max(100),
  channel: z.string().max(40).nullable(),
  exposedAt: z.iso.datetime(),
  propensity: z.number().gt(0).max(1),
  holdout: z.boolean(),
  features: z.record(z.string(), z.number().finite()),
  decisionId: z.string().nullable().default(null),
});
export type Exposure = z.input<typeof Exposure>;

export const Outcome = z.strictObject({
  exposureId: z.string().min(1),
  observedAt: z.iso.datetime(),
  converted: z.boolean(),
  grossProfit: z.number().finite(),
  active: z.boolean(),
  repurchased: z.boolean(),
});
export type Outcome = z.infer<typeof Outcome>;

export interface LoggedRow {
  exposureId: string; campaignId: string; ownerId: string; arm: string; channel: string | null; exposedAt: string;
  propensity: number; holdout: boolean; features: Record<string, number>;
  outcome: Omit<Outcome, 'exposureId'> | null;
}

const iso = (v: unknown): string => (v instanceof Date ? v : new Date(String(v))).toISOString();
const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);

function toVersion(r: Record<string, unknown>): ModelVersion {
  return ModelVersion.parse({ ...(json(r.document) as object), status: r.status });
}

export interface ModelsStore {
  registerVersion(input: ModelVersionInput, artefact: SerialisedUplift | null, now: Date): Promise<ModelVersion>;
  listVersions(): Promise<ModelVersion[]>;
  getVersion(id: string): Promise<ModelVersion | null>;
  loadArtefact(id: string): Promise<SerialisedUplift | null>;
  promote(id: string): Promise<ModelVersion>;
  /** The live version of `input.name`; without one, registers `input` as a new version and makes it live. */
  ensureLive(input: ModelVersionInput, now: Date): Promise<ModelVersion>;
  /** The live version of every name. */
  liveVersions(): Promise<ModelVersion[]>;
  logDecision(record: DecisionLogRecord): Promise<void>;
  /** Bulk and idempotent: a decision id already logged is left as it is. Returns how many rows were new. */
  logDecisions(records: readonly DecisionLogRecord[]): Promise<number>;
  decisions(ownerId?: string): Promise<DecisionLogRecord[]>;
  /** Decisions about owners the scope sees (another tenant's owner gives none), newest last. */
  decisionsInScope(scope: TenantScope, filter: { ownerId?: string; planId?: string; decisionId?: string; limit?: number }): Promise<DecisionLogRecord[]>;
  /** Channel, bandit context and conversion of the decisions a bandit version made whose exposure has an outcome. */
  banditHistory(modelId: string, limit?: number): Promise<{ channel: string; context: number[]; reward: number }[]>;
  addExposures(rows: readonly Exposure[]): Promise<number>;
  addOutcomes(rows: readonly Outcome[]): Promise<number>;
  /**
   * Exposures with their outcome (if observed), in time order; optional window and campaign.
   * With a node scope, only exposures of owners whose home dealer is in the scope's subtree.
   */
  loggedRows(filter?: { from?: string; to?: string; campaignId?: string; scope?: TenantScope }): Promise<LoggedRow[]>;
  counts(): Promise<{ exposures: number; outcomes: number; versions: number; decisions: number }>;
}

const CHUNK = 400;

function toDecision(r: Record<string, unknown>): DecisionLogRecord {
  return DecisionLogRecord.parse({
    decisionId: r.decision_id, at: iso(r.decided_at), ownerId: r.owner_id, modelVersions: json(r.model_versions), action: r.action,
    propensity: Number(r.propensity), holdout: r.holdout, scores: json(r.scores), reasons: json(r.reasons),
    ...(r.plan_id ? { planId: r.plan_id } : {}), ...(r.campaign_id ? { campaignId: r.campaign_id } : {}),
  });
}

export function modelsStore(db: Db): ModelsStore {
  const store: ModelsStore = {
    async registerVersion(input, artefact, now) {
      const parsed = ModelVersionInput.parse(input);
      return db.transaction(async (tx) => {
        await tx.query('LOCK TABLE model_versions IN SHARE ROW EXCLUSIVE MODE');
        const { rows } = await tx.query<{ v: number | null }>('SELECT max(version) AS v FROM model_versions WHERE name = $1', [parsed.name]);
        const version = Number(rows[0]?.v ?? 0) + 1;
        const model = ModelVersion.parse({ ...parsed, version, id: `${parsed.name}@${version}`, registeredAt: now.toISOString(), status: 'candidate' });
        await tx.query(
          'INSERT INTO model_versions (id, name, version, kind, status, registered_at, document, artefact) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
          [model.id, model.name, model.version, model.kind, model.status, model.registeredAt, JSON.stringify(model), artefact === null ? null : JSON.stringify(SerialisedUplift.parse(artefact))],
        );
        return model;
      });
    },
    async listVersions() {
      const { rows } = await db.query('SELECT document, status FROM model_versions ORDER BY registered_at, name, version');
      return rows.map(toVersion);
    },
    async getVersion(id) {
      const { rows } = await db.query('SELECT document, status FROM model_versions WHERE id = $1', [id]);
      return rows[0] ? toVersion(rows[0]) : null;
    },
    async loadArtefact(id) {
      const { rows } = await db.query<{ artefact: unknown }>('SELECT artefact FROM model_versions WHERE id = $1', [id]);
      const a = rows[0]?.artefact;
      return a === undefined || a === null ? null : SerialisedUplift.parse(json(a));
    },
    async promote(id) {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{ name: string }>('SELECT name FROM model_versions WHERE id = $1', [id]);
        const name = rows[0]?.name;
        if (name === undefined) throw new RangeError(`no model ${id}`);
        await tx.query("UPDATE model_versions SET status = 'retired' WHERE name = $1 AND status = 'live'", [name]);
        await tx.query("UPDATE model_versions SET status = 'live' WHERE id = $1", [id]);
        const { rows: after } = await tx.query('SELECT document, status FROM model_versions WHERE id = $1', [id]);
        return toVersion(after[0]!);
      });
    },
    async ensureLive(input, now) {
      const parsed = ModelVersionInput.parse(input);
      const live = async (tx: Db) => {
        const { rows } = await tx.query("SELECT document, status FROM model_versions WHERE name = $1 AND status = 'live'", [parsed.name]);
        return rows[0] ? toVersion(rows[0]) : null;
      };
      const found = await live(db);
      if (found) return found;
      return db.transaction(async (tx) => {
        await tx.query('LOCK TABLE model_versions IN SHARE ROW EXCLUSIVE MODE');
        const raced = await live(tx);
        if (raced) return raced;
        const { rows } = await tx.query<{ v: number | null }>('SELECT max(version) AS v FROM model_versions WHERE name = $1', [parsed.name]);
        const version = Number(rows[0]?.v ?? 0) + 1;
        const model = ModelVersion.parse({ ...parsed, version, id: `${parsed.name}@${version}`, registeredAt: now.toISOString(), status: 'live' });
        await tx.query(
          'INSERT INTO model_versions (id, name, version, kind, status, registered_at, document, artefact) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL)',
          [model.id, model.name, model.version, model.kind, model.status, model.registeredAt, JSON.stringify(model)],
        );
        return model;
      });
    },
    async liveVersions() {
      const { rows } = await db.query("SELECT document, status FROM model_versions WHERE status = 'live' ORDER BY name");
      return rows.map(toVersion);
    },
    async logDecision(record) {
      const r = DecisionLogRecord.parse(record);
      await db.query(
        'INSERT INTO model_decisions (decision_id, decided_at, owner_id, model_versions, action, propensity, holdout, scores, reasons, plan_id, campaign_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)',
        [r.decisionId, r.at, r.ownerId, JSON.stringify(r.modelVersions), r.action, r.propensity, r.holdout, JSON.stringify(r.scores), JSON.stringify(r.reasons), r.planId ?? null, r.campaignId ?? null],
      );
    },
    async logDecisions(input) {
      const records = input.map((r) => DecisionLogRecord.parse(r));
      let inserted = 0;
      for (let i = 0; i < records.length; i += CHUNK) {
        const params: unknown[] = [];
        const values = records.slice(i, i + CHUNK).map((r) => {
          params.push(r.decisionId, r.at, r.ownerId, JSON.stringify(r.modelVersions), r.action, r.propensity, r.holdout, JSON.stringify(r.scores), JSON.stringify(r.reasons), r.planId ?? null, r.campaignId ?? null);
          const b = params.length - 11;
          return `(${Array.from({ length: 11 }, (_, k) => `$${b + k + 1}`).join(', ')})`;
        });
        const { rows } = await db.query(
          `INSERT INTO model_decisions (decision_id, decided_at, owner_id, model_versions, action, propensity, holdout, scores, reasons, plan_id, campaign_id)
           VALUES ${values.join(', ')} ON CONFLICT (decision_id) DO NOTHING RETURNING decision_id`, params);
        inserted += rows.length;
      }
      return inserted;
    },
    async decisions(ownerId) {
      const { rows } = await db.query(
        `SELECT * FROM model_decisions ${ownerId ? 'WHERE owner_id = $1' : ''} ORDER BY decided_at, decision_id`, ownerId ? [ownerId] : [],
      );
      return rows.map(toDecision);
    },
    async decisionsInScope(scope, filter) {
      const s = scopePredicate(scope, 'o.home_dealer_id', 5);
      const { rows } = await db.query(
        `SELECT d.* FROM model_decisions d JOIN owners o ON o.id = d.owner_id
          WHERE ($1::text IS NULL OR d.owner_id = $1) AND ($2::text IS NULL OR d.plan_id = $2) AND ($4::text IS NULL OR d.decision_id = $4) AND ${s.sql}
          ORDER BY d.decided_at DESC, d.decision_id DESC LIMIT $3`,
        [filter.ownerId ?? null, filter.planId ?? null, filter.limit ?? 100, filter.decisionId ?? null, ...s.params],
      );
      return rows.map(toDecision).reverse();
    },
    async banditHistory(modelId, limit = 5000) {
      const { rows } = await db.query<{ action: string; scores: unknown; converted: boolean }>(
        `SELECT d.action, d.scores, o.converted FROM model_decisions d
           JOIN model_exposures e ON e.decision_id = d.decision_id JOIN model_outcomes o ON o.exposure_id = e.exposure_id
          WHERE d.model_versions @> $1::jsonb ORDER BY d.decided_at DESC, d.decision_id DESC LIMIT $2`, [JSON.stringify([modelId]), limit]);
      return rows.flatMap((r) => {
        const scores = json(r.scores) as Record<string, number>;
        const channel = r.action.split('|')[1];
        const context = [scores['context.bias'], scores['context.need'], scores['context.valueShare']];
        if (!channel || context.some((v) => typeof v !== 'number')) return [];
        return [{ channel, context: context as number[], reward: r.converted ? 1 : 0 }];
      });
    },
    async addExposures(input) {
      const rows = input.map((e) => Exposure.parse(e));
      for (let i = 0; i < rows.length; i += CHUNK) {
        const chunk = rows.slice(i, i + CHUNK);
        const params: unknown[] = [];
        const values = chunk.map((e) => {
          params.push(e.exposureId, e.campaignId, e.ownerId, e.arm, e.channel, e.exposedAt, e.propensity, e.holdout, JSON.stringify(e.features), e.decisionId);
          const b = params.length - 10;
          return `(${Array.from({ length: 10 }, (_, k) => `$${b + k + 1}`).join(', ')})`;
        });
        await db.query(`INSERT INTO model_exposures (exposure_id, campaign_id, owner_id, arm, channel, exposed_at, propensity, holdout, features, decision_id) VALUES ${values.join(', ')} ON CONFLICT (exposure_id) DO NOTHING`, params);
      }
      return rows.length;
    },
    async addOutcomes(input) {
      const rows = input.map((o) => Outcome.parse(o));
      for (let i = 0; i < rows.length; i += CHUNK) {
        const chunk = rows.slice(i, i + CHUNK);
        const params: unknown[] = [];
        const values = chunk.map((o) => {
          params.push(o.exposureId, o.observedAt, o.converted, o.grossProfit, o.active, o.repurchased);
          const b = params.length - 6;
          return `(${Array.from({ length: 6 }, (_, k) => `$${b + k + 1}`).join(', ')})`;
        });
        await db.query(`INSERT INTO model_outcomes (exposure_id, observed_at, converted, gross_profit, active, repurchased) VALUES ${values.join(', ')}
          ON CONFLICT (exposure_id) DO UPDATE SET observed_at = EXCLUDED.observed_at, converted = EXCLUDED.converted, gross_profit = EXCLUDED.gross_profit, active = EXCLUDED.active, repurchased = EXCLUDED.repurchased`, params);
      }
      return rows.length;
    },
    async loggedRows(filter = {}) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (filter.from) { params.push(filter.from); where.push(`e.exposed_at >= $${params.length}`); }
      if (filter.to) { params.push(filter.to); where.push(`e.exposed_at < $${params.length}`); }
      if (filter.campaignId) { params.push(filter.campaignId); where.push(`e.campaign_id = $${params.length}`); }
      if (filter.scope && filter.scope.kind !== 'global') {
        const s = scopePredicate(filter.scope, 'so.home_dealer_id', params.length + 1);
        params.push(...s.params);
        where.push(`EXISTS (SELECT 1 FROM owners so WHERE so.id = e.owner_id AND ${s.sql})`);
      }
      const { rows } = await db.query(
        `SELECT e.*, o.observed_at, o.converted, o.gross_profit, o.active, o.repurchased FROM model_exposures e LEFT JOIN model_outcomes o ON o.exposure_id = e.exposure_id
         ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY e.exposed_at, e.exposure_id`, params,
      );
      return rows.map((r) => ({
        exposureId: String(r.exposure_id), campaignId: String(r.campaign_id), ownerId: String(r.owner_id), arm: String(r.arm),
        channel: (r.channel as string | null) ?? null, exposedAt: iso(r.exposed_at), propensity: Number(r.propensity), holdout: Boolean(r.holdout),
        features: json(r.features) as Record<string, number>,
        outcome: r.observed_at === null || r.observed_at === undefined ? null : {
          observedAt: iso(r.observed_at), converted: Boolean(r.converted), grossProfit: Number(r.gross_profit), active: Boolean(r.active), repurchased: Boolean(r.repurchased),
        },
      }));
    },
    async counts() {
      const { rows } = await db.query<Record<string, unknown>>(`SELECT (SELECT count(*) FROM model_exposures) AS e, (SELECT count(*) FROM model_outcomes) AS o,
        (SELECT count(*) FROM model_versions) AS v, (SELECT count(*) FROM model_decisions) AS d`);
      const r = rows[0] ?? {};
      return { exposures: Number(r.e), outcomes: Number(r.o), versions: Number(r.v), decisions: Number(r.d) };
    },
  };
  return store;
}

export interface SeedLogsOptions {
  scenario?: string;
  seed?: number;
  vehicles?: number;
  /** Months simulated: a third before the campaign, a third randomised, a third after. */
  months?: number;
}

/**
 * Deterministic exposures and outcomes from the simulator (scenario, seed): a randomised
 * service campaign (none / reminder / 10 % off, one third each) in the middle third of the
 * months, sending nothing before and after. Idempotent (same ids).
 */
export async function seedModelLogs(db: Db, opts: SeedLogsOptions = {}, onProgress?: (done: number, total: number) => void): Promise<{ exposures: number; outcomes: number }> {
  const scenario = loadShippedScenario(opts.scenario ?? 'demo');
  const seed = opts.seed ?? 1;
  const months = opts.months ?? 9;
  const third = Math.max(1, Math.floor(months / 3));
  const rows = runLoggedPolicy({ scenario, seed, months, vehicles: opts.vehicles ?? 2000, window: { from: third, to: 2 * third }, policy: uniformLoggingPolicy });
  const prefix = `sim-${scenario.id}-${seed}`;
  const phase = (m: number): string => (m < third ? 'pre' : m < 2 * third ? 'campaign' : 'post');
  const store = modelsStore(db);
  const exposures: Exposure[] = rows.map((r) => ({
    exposureId: `${prefix}-${r.ownerId}-${r.month}`, campaignId: `${prefix}-${phase(r.month)}`, ownerId: r.ownerId, arm: r.arm, channel: r.channel,
    exposedAt: r.at, propensity: r.propensity, holdout: r.inWindow && r.arm === 'none', features: r.features, decisionId: null,
  }));
  const monthMs = 30.44 * 86_400_000;
  const outcomes: Outcome[] = rows.map((r) => ({
    exposureId: `${prefix}-${r.ownerId}-${r.month}`, observedAt: new Date(Date.parse(r.at) + monthMs).toISOString(),
    converted: r.converted, grossProfit: Math.round(r.grossProfit * 100) / 100, active: r.active, repurchased: r.repurchased,
  }));
  const step = 2000;
  for (let i = 0; i < exposures.length; i += step) {
    await store.addExposures(exposures.slice(i, i + step));
    await store.addOutcomes(outcomes.slice(i, i + step));
    onProgress?.(Math.min(i + step, exposures.length), exposures.length);
  }
  return { exposures: exposures.length, outcomes: outcomes.length };
}

/** A person's rows in the models' tables (exposures with their outcomes, decisions), for export and erasure. */
export const modelsSubjectDataHook: SubjectDataHook = {
  name: 'models',
  async export(db, subject) {
    const exposures = await db.query(
      `SELECT e.exposure_id, e.campaign_id, e.arm, e.channel, e.exposed_at, e.propensity, e.holdout, e.features, o.converted, o.gross_profit, o.active, o.repurchased
         FROM model_exposures e LEFT JOIN model_outcomes o ON o.exposure_id = e.exposure_id WHERE e.owner_id = $1 ORDER BY e.exposed_at, e.exposure_id`, [subject.ownerId]);
    const decisions = await db.query('SELECT decision_id, decided_at, model_versions, action, propensity, holdout, scores, reasons, plan_id, campaign_id FROM model_decisions WHERE owner_id = $1 ORDER BY decided_at, decision_id', [subject.ownerId]);
    return { exposures: exposures.rows, decisions: decisions.rows };
  },
  async erase(db, subject) {
    await db.query('DELETE FROM model_outcomes WHERE exposure_id IN (SELECT exposure_id FROM model_exposures WHERE owner_id = $1)', [subject.ownerId]);
    await db.query('DELETE FROM model_exposures WHERE owner_id = $1', [subject.ownerId]);
    await db.query('DELETE FROM model_decisions WHERE owner_id = $1', [subject.ownerId]);
  },
};
