import type { SubjectDataHook } from '../identity';
import type { Db } from '../store';
import type { QuarantineEntry, QuarantineSink } from './quarantine';
import type { TriggerEvent } from './triggers';

/** `($1, $2, …), (…)` for a multi-row insert of `rows` rows of `cols` columns. */
function values(rows: number, cols: number, casts: readonly string[] = []): string {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    for (let c = 0; c < cols; c++) cells.push(`$${r * cols + c + 1}${casts[c] ?? ''}`);
    out.push(`(${cells.join(', ')})`);
  }
  return out.join(', ');
}

export interface SqlQuarantine extends QuarantineSink {
  /** Writes everything buffered so far; on failure the entries stay buffered and the error is rethrown. */
  flush(): Promise<void>;
  /** Entries waiting to be written. */
  pending(): number;
  /** Entries written so far. */
  written(): number;
  /** Flushes that failed (their entries were kept and retried). */
  failedFlushes(): number;
}

/**
 * The quarantine on SQL. `put` is synchronous (the ingest hot path), so
 * entries are buffered and written in batches: when `batchSize` are waiting,
 * or when the owner calls `flush` (periodically and on shutdown). A failed
 * write keeps the whole buffer and counts the failure; nothing is dropped.
 */
export function createSqlQuarantine(db: Db, opts: { batchSize?: number; onError?: (err: unknown) => void } = {}): SqlQuarantine {
  const batchSize = opts.batchSize ?? 500;
  const buffer: QuarantineEntry[] = [];
  let written = 0;
  let failed = 0;
  let running: Promise<void> | undefined;

  async function writeAll(): Promise<void> {
    while (buffer.length > 0) {
      const part = buffer.slice(0, batchSize);
      const params: unknown[] = [];
      for (const e of part) params.push(e.reason, e.detail, e.vin, e.path, e.raw, e.points, e.transport, new Date(e.receivedAt).toISOString());
      await db.query(
        `INSERT INTO telemetry_quarantine (reason, detail, vin, path, raw, points, transport, received_at) VALUES ${values(part.length, 8)}`,
        params,
      );
      buffer.splice(0, part.length);
      written += part.length;
    }
  }

  function flush(): Promise<void> {
    if (running) return running.then(() => (buffer.length > 0 ? flush() : undefined));
    running = writeAll()
      .catch((err: unknown) => {
        failed++;
        throw err;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  }

  return {
    put(entry) {
      buffer.push(entry);
      if (buffer.length >= batchSize && !running) flush().catch((err: unknown) => opts.onError?.(err));
    },
    flush,
    pending: () => buffer.length,
    written: () => written,
    failedFlushes: () => failed,
  };
}

export interface FeatureSnapshot {
  vin: string;
  /** Readings with the consent basis they rest on (see `snapshotOf`). */
  features: unknown;
  state: Uint8Array | null;
  updatedAt: Date;
}

export interface QuarantineRow {
  id: number;
  reason: string;
  detail: string;
  vin: string | null;
  path: string | null;
  raw: string;
  points: number;
  transport: string;
  receivedAt: string;
}

export interface StoredSummary {
  approaches: number;
  stopsAtRed: number;
  stopsOnGreen: number;
  cells: string[];
  trajectoryHash: string;
  messages: number;
}

const toIso = (v: unknown): string => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

/** SQL for telemetry and V2X tables (migration 0100). */
export function telemetryStore(db: Db) {
  return {
    async saveSnapshots(rows: readonly FeatureSnapshot[], tx: Db = db): Promise<void> {
      for (let i = 0; i < rows.length; i += 200) {
        const part = rows.slice(i, i + 200);
        const params: unknown[] = [];
        for (const r of part) params.push(r.vin, JSON.stringify(r.features), r.state, r.updatedAt.toISOString());
        await tx.query(
          `INSERT INTO vehicle_features (vin, features, state, updated_at) VALUES ${values(part.length, 4, ['', '::jsonb', '::bytea', '::timestamptz'])}
           ON CONFLICT (vin) DO UPDATE SET features = EXCLUDED.features, state = EXCLUDED.state, updated_at = EXCLUDED.updated_at`,
          params,
        );
      }
    },

    async snapshot(vin: string): Promise<FeatureSnapshot | undefined> {
      const { rows } = await db.query<{ vin: string; features: unknown; state: Uint8Array | null; updated_at: unknown }>('SELECT * FROM vehicle_features WHERE vin = $1', [vin]);
      const r = rows[0];
      return r ? { vin: r.vin, features: r.features, state: r.state, updatedAt: new Date(toIso(r.updated_at)) } : undefined;
    },

    /** Saved engine states, for resuming after a restart (all, or those of the given VINs). */
    async states(vins?: readonly string[], tx: Db = db): Promise<{ vin: string; state: Uint8Array }[]> {
      const { rows } = vins
        ? await tx.query<{ vin: string; state: Uint8Array }>('SELECT vin, state FROM vehicle_features WHERE state IS NOT NULL AND vin = ANY($1::text[])', [vins])
        : await tx.query<{ vin: string; state: Uint8Array }>('SELECT vin, state FROM vehicle_features WHERE state IS NOT NULL');
      return rows.map((r) => ({ vin: r.vin, state: new Uint8Array(r.state) }));
    },

    /** Adds deltas to named counters (accepted, rejected, reason.<code>, …). */
    async addCounters(deltas: Record<string, number>, tx: Db = db): Promise<void> {
      // Sorted, so concurrent transactions lock counter rows in the same order (no deadlock).
      const entries = Object.entries(deltas).filter(([, v]) => v !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      if (entries.length === 0) return;
      await tx.query(
        `INSERT INTO telemetry_counters (name, value) VALUES ${values(entries.length, 2, ['', '::bigint'])}
         ON CONFLICT (name) DO UPDATE SET value = telemetry_counters.value + EXCLUDED.value`,
        entries.flat(),
      );
    },

    async counters(tx: Db = db): Promise<Record<string, number>> {
      const { rows } = await tx.query<{ name: string; value: unknown }>('SELECT name, value FROM telemetry_counters ORDER BY name');
      return Object.fromEntries(rows.map((r) => [r.name, Number(r.value)]));
    },

    async listQuarantine(opts: { limit: number; before?: number; reason?: string }): Promise<{ items: QuarantineRow[]; next: number | null; totals: Record<string, number> }> {
      const { rows } = await db.query<Record<string, unknown>>(
        `SELECT * FROM telemetry_quarantine WHERE ($1::bigint IS NULL OR id < $1) AND ($2::text IS NULL OR reason = $2) ORDER BY id DESC LIMIT $3`,
        [opts.before ?? null, opts.reason ?? null, opts.limit + 1],
      );
      const items = rows.slice(0, opts.limit).map((r) => ({
        id: Number(r.id), reason: String(r.reason), detail: String(r.detail), vin: r.vin === null ? null : String(r.vin), path: r.path === null ? null : String(r.path),
        raw: String(r.raw), points: Number(r.points), transport: String(r.transport), receivedAt: toIso(r.received_at),
      }));
      const t = await db.query<{ reason: string; points: unknown }>('SELECT reason, sum(points) AS points FROM telemetry_quarantine GROUP BY reason ORDER BY reason');
      return { items, next: rows.length > opts.limit ? (items.at(-1)?.id ?? null) : null, totals: Object.fromEntries(t.rows.map((r) => [r.reason, Number(r.points)])) };
    },

    /** Stores trigger events; the same vehicle, kind and time is stored once. Returns how many were new. */
    async insertTriggers(events: readonly TriggerEvent[], tx: Db = db): Promise<number> {
      let inserted = 0;
      for (const e of events) {
        const { rows } = await tx.query(
          `INSERT INTO telemetry_trigger_events (vin, kind, at, detail, reasons) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb)
           ON CONFLICT (vin, kind, at) DO NOTHING RETURNING id`,
          [e.vin, e.kind, new Date(e.at).toISOString(), JSON.stringify(e.detail), JSON.stringify(e.reasons)],
        );
        inserted += rows.length;
      }
      return inserted;
    },

    async triggers(vin: string): Promise<{ kind: string; at: string; detail: unknown; reasons: unknown }[]> {
      const { rows } = await db.query<{ kind: string; at: unknown; detail: unknown; reasons: unknown }>('SELECT kind, at, detail, reasons FROM telemetry_trigger_events WHERE vin = $1 ORDER BY at, id', [vin]);
      return rows.map((r) => ({ kind: r.kind, at: toIso(r.at), detail: r.detail, reasons: r.reasons }));
    },

    /** VINs whose owner has granted `telematics_marketing:any`. */
    async telematicsConsent(vins: readonly string[]): Promise<Set<string>> {
      if (vins.length === 0) return new Set();
      const { rows } = await db.query<{ vin: string }>(
        `SELECT v.vin FROM vehicles v JOIN consents c ON c.owner_id = v.owner_id
          WHERE v.vin = ANY($1::text[]) AND c.purpose = 'telematics_marketing' AND c.channel = 'any' AND c.granted`,
        [vins],
      );
      return new Set(rows.map((r) => r.vin));
    },

    async saveEncounterSummaries(windowEnd: Date, summaries: readonly StoredSummary[]): Promise<void> {
      for (const s of summaries) {
        await db.query(
          `INSERT INTO v2x_encounter_summaries (window_end, approaches, stops_at_red, stops_on_green, cells, trajectory_hash, messages) VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7)`,
          [windowEnd.toISOString(), s.approaches, s.stopsAtRed, s.stopsOnGreen, JSON.stringify(s.cells), s.trajectoryHash, s.messages],
        );
      }
    },

    async encounterSummaries(since: Date, until: Date, tx: Db = db): Promise<StoredSummary[]> {
      const { rows } = await tx.query<Record<string, unknown>>(
        'SELECT * FROM v2x_encounter_summaries WHERE window_end > $1 AND window_end <= $2 ORDER BY id',
        [since.toISOString(), until.toISOString()],
      );
      return rows.map((r) => ({
        approaches: Number(r.approaches), stopsAtRed: Number(r.stops_at_red), stopsOnGreen: Number(r.stops_on_green),
        cells: r.cells as string[], trajectoryHash: String(r.trajectory_hash), messages: Number(r.messages),
      }));
    },

    /** ε spent by a tenant on a day and in a month, in micro-ε. Call inside the transaction that charges. */
    async privacySpent(tx: Db, tenant: string, day: string, month: string): Promise<{ day: number; month: number }> {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`v2x-budget:${tenant}`]);
      const { rows } = await tx.query<{ d: unknown; m: unknown }>(
        `SELECT coalesce(sum(eps_micro) FILTER (WHERE day = $2), 0) AS d, coalesce(sum(eps_micro), 0) AS m FROM v2x_privacy_ledger WHERE tenant = $1 AND month = $3`,
        [tenant, day, month],
      );
      return { day: Number(rows[0]?.d ?? 0), month: Number(rows[0]?.m ?? 0) };
    },

    async chargePrivacy(tx: Db, tenant: string, day: string, month: string, epsMicro: number, at: Date): Promise<void> {
      await tx.query('INSERT INTO v2x_privacy_ledger (tenant, day, month, eps_micro, at) VALUES ($1, $2, $3, $4, $5)', [tenant, day, month, epsMicro, at.toISOString()]);
    },
  };
}
export type TelemetryStore = ReturnType<typeof telemetryStore>;

/**
 * Subject rights for telemetry (GDPR Art. 15/17): a person's quarantined
 * points, feature snapshots and trigger events, found by the VINs of their
 * vehicles. Erasure runs inside the erasure transaction.
 */
/** Quarantined rows of the VINs in $1, also where the VIN only appears inside the raw payload or the detail. */
const quarantineOf = `(vin = ANY($1::text[]) OR EXISTS (SELECT 1 FROM unnest($1::text[]) AS s(v) WHERE strpos(raw, s.v) > 0 OR strpos(detail, s.v) > 0))`;

export const telemetrySubjectDataHook: SubjectDataHook = {
  name: 'telemetry',
  async export(db, subject) {
    if (subject.vins.length === 0) return { features: [], triggers: [], quarantine: [] };
    const features = await db.query('SELECT vin, features, updated_at FROM vehicle_features WHERE vin = ANY($1::text[]) ORDER BY vin', [subject.vins]);
    const triggers = await db.query('SELECT vin, kind, at, detail, reasons FROM telemetry_trigger_events WHERE vin = ANY($1::text[]) ORDER BY vin, at, id', [subject.vins]);
    const quarantine = await db.query(`SELECT vin, reason, detail, path, raw, points, transport, received_at FROM telemetry_quarantine WHERE ${quarantineOf} ORDER BY id`, [subject.vins]);
    return { features: features.rows, triggers: triggers.rows, quarantine: quarantine.rows };
  },
  async erase(db, subject) {
    if (subject.vins.length === 0) return;
    await db.query('DELETE FROM vehicle_features WHERE vin = ANY($1::text[])', [subject.vins]);
    await db.query('DELETE FROM telemetry_trigger_events WHERE vin = ANY($1::text[])', [subject.vins]);
    await db.query(`DELETE FROM telemetry_quarantine WHERE ${quarantineOf}`, [subject.vins]);
  },
};
