import type { Db } from '../store';
import type { QuarantineEntry } from '../telemetry';
import { telemetryStore, type FeatureSnapshot } from '../telemetry';

export interface BatchEffect {
  stream: string;
  part: number;
  /** Stream sequence of the last message in the batch: the new high-water mark. */
  lastSeq: number;
  snapshots: FeatureSnapshot[];
  quarantine: QuarantineEntry[];
  counters: Record<string, number>;
}

/** The stored high-water mark of a partition (0 when nothing was processed). */
export async function loadMark(db: Db, stream: string, part: number): Promise<number> {
  const { rows } = await db.query<{ last_seq: unknown }>('SELECT last_seq FROM telemetry_partition_marks WHERE stream = $1 AND part = $2', [stream, part]);
  return rows[0] ? Number(rows[0].last_seq) : 0;
}

/**
 * Applies one batch in ONE transaction: feature states (with their seq dedupe
 * windows), quarantine rows, counters and the new high-water mark. The mark
 * only moves forward (a concurrent or replayed commit of an older batch
 * fails), so a redelivered batch can never be counted twice.
 */
export async function commitBatch(db: Db, b: BatchEffect): Promise<void> {
  const sql = telemetryStore(db);
  await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ last_seq: unknown }>(
      `INSERT INTO telemetry_partition_marks (stream, part, last_seq) VALUES ($1, $2, $3)
       ON CONFLICT (stream, part) DO UPDATE SET last_seq = EXCLUDED.last_seq WHERE telemetry_partition_marks.last_seq < EXCLUDED.last_seq
       RETURNING last_seq`,
      [b.stream, b.part, b.lastSeq],
    );
    if (rows.length === 0) throw new Error(`stale batch for ${b.stream} up to ${b.lastSeq}: already committed`);
    await sql.saveSnapshots(b.snapshots, tx);
    for (let i = 0; i < b.quarantine.length; i += 500) {
      const part = b.quarantine.slice(i, i + 500);
      const params: unknown[] = [];
      const rowsSql: string[] = [];
      part.forEach((e, j) => {
        const o = j * 8;
        rowsSql.push(`($${o + 1}, $${o + 2}, $${o + 3}, $${o + 4}, $${o + 5}, $${o + 6}, $${o + 7}, $${o + 8})`);
        params.push(e.reason, e.detail, e.vin, e.path, e.raw, e.points, e.transport, new Date(e.receivedAt).toISOString());
      });
      await tx.query(`INSERT INTO telemetry_quarantine (reason, detail, vin, path, raw, points, transport, received_at) VALUES ${rowsSql.join(', ')}`, params);
    }
    await sql.addCounters(b.counters, tx);
  });
}
