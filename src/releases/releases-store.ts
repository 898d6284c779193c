import { scopePredicate, type Db, type TenantScope } from '../store';
import type { CapabilityEntry } from './capability-entries';
import type { RetractionInstruction } from './plan-retraction';
import type { ReleaseTarget } from './plan-release-campaign';
import { Approval, PlannedVehicle, Release, ReleaseCampaignTemplate } from './release-schemas';
import type { AssignmentRow, ResponseRow } from './release-view';
import { VehicleSoftwareState } from './software-state';

export type ReleaseEventKind = 'release' | 'approval' | 'update_report' | 'campaign_template';

export interface StoredAssignment extends AssignmentRow {
  readonly offerId: string;
  readonly feature: string;
  readonly reason: string;
  readonly closedAt: string | null;
  readonly closedReason: string | null;
}

export interface StoredRetraction extends RetractionInstruction {
  readonly createdAt: string;
  /** What delivery did with the queued message (cancelled, already_sent, not_queued, …); null before dispatch existed. */
  readonly outboxOutcome: string | null;
  /** The in-vehicle card: pending until the revocation executor ran, then revoked or no_card; null when nothing was ever sent. */
  readonly cardStatus: string | null;
  readonly cardDetail: string | null;
}

/** A retraction with what delivery did about it (release-dispatch-io.ts decides). */
export interface ExecutedRetraction extends RetractionInstruction {
  readonly outboxOutcome?: string | null;
  readonly cardStatus?: 'pending' | null;
}

function iso(v: unknown): string {
  return (v instanceof Date ? v : new Date(String(v))).toISOString();
}

function isoOrNull(v: unknown): string | null {
  return v === null || v === undefined ? null : iso(v);
}

function jsonOf(v: unknown): unknown {
  return typeof v === 'string' ? JSON.parse(v) : v;
}

function toAssignment(r: Record<string, unknown>): StoredAssignment {
  return {
    campaignId: String(r.campaign_id), vin: String(r.vin), offerId: String(r.offer_id), feature: String(r.feature), market: String(r.market),
    arm: r.arm as StoredAssignment['arm'], status: r.status as StoredAssignment['status'], reason: String(r.reason),
    assignedAt: iso(r.assigned_at), deliveredAt: isoOrNull(r.delivered_at), closedAt: isoOrNull(r.closed_at), closedReason: (r.closed_reason as string | null) ?? null,
  };
}

/** The release capability's tables over one database (PGlite or PostgreSQL, same SQL). */
export function releasesStore(db: Db) {
  return {
    db,

    /** Appends to the history; false when the event id was already recorded. */
    async appendEvent(e: { eventId: string; kind: ReleaseEventKind; source: 'api' | 'webhook'; payload: unknown; outcome: string; at: Date }): Promise<boolean> {
      const { rows } = await db.query(
        `INSERT INTO release_events (event_id, kind, source, payload, outcome, received_at) VALUES ($1, $2, $3, $4::jsonb, $5, $6)
         ON CONFLICT (event_id) DO NOTHING RETURNING id`,
        [e.eventId, e.kind, e.source, JSON.stringify(e.payload), e.outcome, e.at.toISOString()],
      );
      return rows.length === 1;
    },

    async hasEvent(eventId: string): Promise<boolean> {
      const { rows } = await db.query('SELECT 1 FROM release_events WHERE event_id = $1', [eventId]);
      return rows.length > 0;
    },

    async offerExists(offerId: string): Promise<boolean> {
      const { rows } = await db.query('SELECT 1 FROM offers WHERE id = $1', [offerId]);
      return rows.length > 0;
    },

    async listEvents(kind?: ReleaseEventKind): Promise<{ eventId: string; kind: ReleaseEventKind; source: string; payload: unknown; outcome: string; receivedAt: string }[]> {
      const { rows } = await db.query<Record<string, unknown>>(
        `SELECT * FROM release_events WHERE ($1::text IS NULL OR kind = $1) ORDER BY id`, [kind ?? null]);
      return rows.map((r) => ({ eventId: String(r.event_id), kind: r.kind as ReleaseEventKind, source: String(r.source), payload: jsonOf(r.payload), outcome: String(r.outcome), receivedAt: iso(r.received_at) }));
    },

    async upsertRelease(r: Release, at: Date): Promise<void> {
      await db.query(
        `INSERT INTO releases (version, model_id, published_at, payload, updated_at) VALUES ($1, $2, $3, $4::jsonb, $5)
         ON CONFLICT (version) DO UPDATE SET model_id = EXCLUDED.model_id, published_at = EXCLUDED.published_at, payload = EXCLUDED.payload, updated_at = EXCLUDED.updated_at`,
        [r.version, r.modelId, r.publishedAt, JSON.stringify(r), at.toISOString()],
      );
    },

    async getRelease(version: string): Promise<Release | null> {
      const { rows } = await db.query<{ payload: unknown }>('SELECT payload FROM releases WHERE version = $1', [version]);
      return rows[0] ? Release.parse(jsonOf(rows[0].payload)) : null;
    },

    async listReleases(): Promise<Release[]> {
      const { rows } = await db.query<{ payload: unknown }>('SELECT payload FROM releases ORDER BY published_at, version');
      return rows.map((r) => Release.parse(jsonOf(r.payload)));
    },

    /** Keeps the latest issued decision; false when a newer one is already stored. */
    async upsertApproval(a: Approval): Promise<boolean> {
      const { rows } = await db.query(
        `INSERT INTO release_approvals (feature, market, status, issued_at, effective_at, payload) VALUES ($1, $2, $3, $4, $5, $6::jsonb)
         ON CONFLICT (feature, market) DO UPDATE SET status = EXCLUDED.status, issued_at = EXCLUDED.issued_at, effective_at = EXCLUDED.effective_at, payload = EXCLUDED.payload
         WHERE release_approvals.issued_at <= EXCLUDED.issued_at RETURNING feature`,
        [a.feature, a.market, a.status, a.issuedAt, a.effectiveAt, JSON.stringify(a)],
      );
      return rows.length === 1;
    },

    async listApprovals(feature?: string): Promise<Approval[]> {
      const { rows } = await db.query<{ payload: unknown }>(
        'SELECT payload FROM release_approvals WHERE ($1::text IS NULL OR feature = $1) ORDER BY feature, market', [feature ?? null]);
      return rows.map((r) => Approval.parse(jsonOf(r.payload)));
    },

    async getSoftwareStates(vins: readonly string[]): Promise<Map<string, VehicleSoftwareState>> {
      const { rows } = await db.query<{ state: unknown }>('SELECT state FROM vehicle_software WHERE vin = ANY($1::text[])', [vins]);
      const states = rows.map((r) => VehicleSoftwareState.parse(jsonOf(r.state)));
      return new Map(states.map((s) => [s.vin, s]));
    },

    async putSoftwareState(s: VehicleSoftwareState): Promise<void> {
      await db.query(
        `INSERT INTO vehicle_software (vin, current_version, state, updated_at) VALUES ($1, $2, $3::jsonb, $4)
         ON CONFLICT (vin) DO UPDATE SET current_version = EXCLUDED.current_version, state = EXCLUDED.state, updated_at = EXCLUDED.updated_at`,
        [s.vin, s.currentVersion, JSON.stringify(s), s.updatedAt],
      );
      // The vehicle record carries the version the car runs: offer eligibility (software_version
      // rules) and the compliance gate read it there.
      await db.query('UPDATE vehicles SET software_version = $2 WHERE vin = $1 AND software_version IS DISTINCT FROM $2', [s.vin, s.currentVersion]);
    },

    /** Registered vehicles in the given markets (all of them when `vins` is absent). */
    async listVehicles(markets: readonly string[], vins?: readonly string[]): Promise<PlannedVehicle[]> {
      const { rows } = await db.query<Record<string, unknown>>(
        `SELECT vin, model_id, hardware_variant_id, market, software_version FROM vehicles
          WHERE market = ANY($1::text[]) AND ($2::text[] IS NULL OR vin = ANY($2::text[])) ORDER BY vin`,
        [markets, vins ?? null],
      );
      return rows.map((r) => PlannedVehicle.parse({ vin: r.vin, modelId: r.model_id, hardwareVariantId: r.hardware_variant_id, market: r.market, softwareVersion: r.software_version }));
    },

    async vehicleVersion(vin: string): Promise<string | null> {
      const { rows } = await db.query<{ software_version: string }>('SELECT software_version FROM vehicles WHERE vin = $1', [vin]);
      return rows[0]?.software_version ?? null;
    },

    /** Creates a template; false when the campaign id exists already. */
    async insertTemplate(t: ReleaseCampaignTemplate, at: Date): Promise<boolean> {
      const { rows } = await db.query(
        `INSERT INTO release_campaign_templates (campaign_id, feature, payload, created_at) VALUES ($1, $2, $3::jsonb, $4)
         ON CONFLICT (campaign_id) DO NOTHING RETURNING campaign_id`,
        [t.campaignId, t.feature, JSON.stringify(t), at.toISOString()],
      );
      return rows.length === 1;
    },

    async listTemplates(feature?: string): Promise<ReleaseCampaignTemplate[]> {
      const { rows } = await db.query<{ payload: unknown }>(
        'SELECT payload FROM release_campaign_templates WHERE ($1::text IS NULL OR feature = $1) ORDER BY campaign_id', [feature ?? null]);
      return rows.map((r) => ReleaseCampaignTemplate.parse(jsonOf(r.payload)));
    },

    async getTemplate(campaignId: string): Promise<ReleaseCampaignTemplate | null> {
      const { rows } = await db.query<{ payload: unknown }>('SELECT payload FROM release_campaign_templates WHERE campaign_id = $1', [campaignId]);
      return rows[0] ? ReleaseCampaignTemplate.parse(jsonOf(rows[0].payload)) : null;
    },

    /** Records new assignments; an existing (campaign, vin) pair is left as it is. Returns how many were new. */
    async insertAssignments(feature: string, rows: readonly (ReleaseTarget & { arm: 'treatment' | 'holdout' })[], at: Date): Promise<number> {
      let inserted = 0;
      for (const r of rows) {
        const res = await db.query(
          `INSERT INTO release_assignments (campaign_id, vin, offer_id, feature, market, arm, status, reason, assigned_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (campaign_id, vin) DO NOTHING RETURNING vin`,
          [r.campaignId, r.vin, r.offerId, feature, r.market, r.arm, r.arm === 'holdout' ? 'held_out' : 'pending', r.reason, at.toISOString()],
        );
        inserted += res.rows.length;
      }
      return inserted;
    },

    /** Assignments of a campaign, or of a feature in a market; VIN-level rows are tenant-scoped. */
    async listAssignments(filter: { campaignId?: string; feature?: string; market?: string }, scope?: TenantScope): Promise<StoredAssignment[]> {
      const sp = scope ? scopePredicate(scope, 'v.home_dealer_id', 4) : { sql: 'TRUE', params: [] };
      const { rows } = await db.query<Record<string, unknown>>(
        `SELECT a.* FROM release_assignments a LEFT JOIN vehicles v ON v.vin = a.vin
          WHERE ($1::text IS NULL OR a.campaign_id = $1) AND ($2::text IS NULL OR a.feature = $2) AND ($3::text IS NULL OR a.market = $3) AND ${sp.sql}
          ORDER BY a.campaign_id, a.vin`,
        [filter.campaignId ?? null, filter.feature ?? null, filter.market ?? null, ...sp.params],
      );
      return rows.map(toAssignment);
    },

    async markDelivered(campaignId: string, vin: string, at: Date): Promise<boolean> {
      const { rows } = await db.query(
        `UPDATE release_assignments SET status = 'delivered', delivered_at = $3 WHERE campaign_id = $1 AND vin = $2 AND status = 'pending' RETURNING vin`,
        [campaignId, vin, at.toISOString()],
      );
      return rows.length === 1;
    },

    /** Closes the assignments named by the instructions and appends them to the retraction outbox. */
    async applyRetractions(instructions: readonly ExecutedRetraction[], at: Date): Promise<void> {
      for (const i of instructions) {
        await db.query(
          `UPDATE release_assignments SET status = $3, closed_at = $4, closed_reason = $5 WHERE campaign_id = $1 AND vin = $2`,
          [i.campaignId, i.vin, i.action === 'suppress' ? 'suppressed' : 'revoked', at.toISOString(), i.reason],
        );
        await db.query(
          `INSERT INTO release_retractions (campaign_id, vin, offer_id, action, reason, detail, created_at, outbox_outcome, card_status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [i.campaignId, i.vin, i.offerId, i.action, i.reason, i.detail, at.toISOString(), i.outboxOutcome ?? null, i.cardStatus ?? null],
        );
      }
    },

    /** Holdout vehicles that stopped qualifying leave the experiment's live set (no outbox: nothing was sent). */
    async closeHoldouts(rows: readonly { campaignId: string; vin: string; reason: string }[], at: Date): Promise<void> {
      for (const r of rows) {
        await db.query(`UPDATE release_assignments SET status = 'suppressed', closed_at = $3, closed_reason = $4 WHERE campaign_id = $1 AND vin = $2 AND status = 'held_out'`,
          [r.campaignId, r.vin, at.toISOString(), r.reason]);
      }
    },

    async listRetractions(campaignId?: string): Promise<StoredRetraction[]> {
      const { rows } = await db.query<Record<string, unknown>>(
        'SELECT * FROM release_retractions WHERE ($1::text IS NULL OR campaign_id = $1) ORDER BY id', [campaignId ?? null]);
      return rows.map((r) => ({
        campaignId: String(r.campaign_id), vin: String(r.vin), offerId: String(r.offer_id), action: r.action as RetractionInstruction['action'],
        reason: r.reason as RetractionInstruction['reason'], detail: String(r.detail), createdAt: iso(r.created_at),
        outboxOutcome: (r.outbox_outcome as string | null) ?? null, cardStatus: (r.card_status as string | null) ?? null, cardDetail: (r.card_detail as string | null) ?? null,
      }));
    },

    /** Records a response of an assigned vehicle; false when it is not assigned to the campaign. */
    async recordResponse(r: ResponseRow): Promise<boolean> {
      const { rows } = await db.query(
        `INSERT INTO release_responses (campaign_id, vin, kind, at)
         SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM release_assignments WHERE campaign_id = $1 AND vin = $2)
         ON CONFLICT (campaign_id, vin, kind) DO NOTHING RETURNING vin`,
        [r.campaignId, r.vin, r.kind, r.at],
      );
      return rows.length === 1;
    },

    async listResponses(campaignIds: readonly string[]): Promise<ResponseRow[]> {
      const { rows } = await db.query<Record<string, unknown>>(
        'SELECT * FROM release_responses WHERE campaign_id = ANY($1::text[]) ORDER BY campaign_id, vin, kind', [campaignIds]);
      return rows.map((r) => ({ campaignId: String(r.campaign_id), vin: String(r.vin), kind: r.kind as ResponseRow['kind'], at: iso(r.at) }));
    },

    async replaceCapabilityEntries(entries: readonly CapabilityEntry[]): Promise<void> {
      await db.query('DELETE FROM release_capability_entries');
      for (const e of entries) {
        await db.query(
          'INSERT INTO release_capability_entries (model_id, hardware_variant_id, version_range, market, tokens) VALUES ($1, $2, $3, $4, $5::text[])',
          [e.modelId, e.hardwareVariantId, e.versionRange, e.market, [...e.tokens]],
        );
      }
    },

    async listCapabilityEntries(): Promise<CapabilityEntry[]> {
      const { rows } = await db.query<Record<string, unknown>>('SELECT * FROM release_capability_entries ORDER BY model_id, hardware_variant_id, version_range, market');
      return rows.map((r) => ({
        modelId: String(r.model_id), hardwareVariantId: String(r.hardware_variant_id), versionRange: String(r.version_range),
        market: r.market as CapabilityEntry['market'], tokens: Array.isArray(r.tokens) ? r.tokens.map(String) : [],
      }));
    },

    /** Claims a webhook event id; false when it was seen before (a replay). */
    async claimNonce(eventId: string, at: Date): Promise<boolean> {
      const { rows } = await db.query(
        'INSERT INTO release_webhook_nonces (event_id, received_at) VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING RETURNING event_id',
        [eventId, at.toISOString()],
      );
      return rows.length === 1;
    },

    /** Forgets nonces older than `before`; the event history still refuses a reused event id. */
    async pruneNonces(before: Date): Promise<number> {
      const { rows } = await db.query('DELETE FROM release_webhook_nonces WHERE received_at < $1 RETURNING event_id', [before.toISOString()]);
      return rows.length;
    },

    async recordRejection(reason: string, detail: string, at: Date): Promise<void> {
      await db.query('INSERT INTO release_webhook_rejections (reason, detail, received_at) VALUES ($1, $2, $3)', [reason, detail.slice(0, 500), at.toISOString()]);
    },

    async rejectionCounts(): Promise<Record<string, number>> {
      const { rows } = await db.query<{ reason: string; n: unknown }>('SELECT reason, count(*) AS n FROM release_webhook_rejections GROUP BY reason ORDER BY reason');
      return Object.fromEntries(rows.map((r) => [r.reason, Number(r.n)]));
    },
  };
}

export type ReleasesStore = ReturnType<typeof releasesStore>;

/** Runs `fn` in one transaction, serialised against other release syncs by an advisory lock. */
export async function inReleasesTransaction<T>(store: ReleasesStore, fn: (tx: ReleasesStore) => Promise<T>): Promise<T> {
  return store.db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7274600)');
    return fn(releasesStore(tx));
  });
}
