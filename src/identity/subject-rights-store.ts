import { createHmac } from 'node:crypto';
import type { Db } from '../store';

/**
 * A capability that holds personal data registers how to export and erase it.
 * Erasure hooks run inside the erasure transaction.
 */
export interface SubjectDataHook {
  name: string;
  export(db: Db, subject: { ownerId: string; vins: string[] }): Promise<unknown>;
  erase(db: Db, subject: { ownerId: string; vins: string[] }): Promise<void>;
}

async function pseudonymKey(db: Db): Promise<string> {
  const { rows } = await db.query<{ value: string }>(`SELECT value FROM platform_keys WHERE name = 'pseudonym'`);
  return rows[0]!.value;
}

/** Keyed pseudonym of an identifier (HMAC-SHA-256), domain-separated by `purpose`. */
export async function pseudonym(db: Db, purpose: string, id: string): Promise<string> {
  return createHmac('sha256', await pseudonymKey(db)).update(`${purpose}\u0000${id}`).digest('hex').slice(0, 32);
}

export function subjectRights(db: Db, hooks: readonly SubjectDataHook[] = []) {
  async function vinsOf(ownerId: string): Promise<string[]> {
    const { rows } = await db.query<{ vin: string }>('SELECT vin FROM vehicles WHERE owner_id = $1 ORDER BY vin', [ownerId]);
    return rows.map((r) => r.vin);
  }
  return {
    /** Everything held on the person (access request, GDPR Art. 15). */
    async export(ownerId: string): Promise<Record<string, unknown> | undefined> {
      const owner = await db.query<Record<string, unknown>>('SELECT * FROM owners WHERE id = $1', [ownerId]);
      if (!owner.rows[0]) return undefined;
      const vins = await vinsOf(ownerId);
      const vehicles = await db.query('SELECT * FROM vehicles WHERE owner_id = $1 ORDER BY vin', [ownerId]);
      const consents = await db.query('SELECT purpose, channel, granted, updated_at FROM consents WHERE owner_id = $1 ORDER BY purpose, channel', [ownerId]);
      const history = await db.query('SELECT purpose, channel, granted, actor, source, at FROM consent_events WHERE owner_id = $1 ORDER BY at, id', [ownerId]);
      const extra: Record<string, unknown> = {};
      for (const h of hooks) extra[h.name] = await h.export(db, { ownerId, vins });
      return { owner: owner.rows[0], vehicles: vehicles.rows, consents: consents.rows, consentHistory: history.rows, ...extra };
    },

    /**
     * Erasure (GDPR Art. 17): the person's rows are deleted; vehicles stay as
     * fleet assets but lose the link to the person; capabilities erase their
     * own data through hooks. Returns the keyed pseudonym used in the audit log.
     */
    async erase(ownerId: string): Promise<{ erased: boolean; pseudonym: string }> {
      const p = await pseudonym(db, 'subject', ownerId);
      const erased = await db.transaction(async (tx) => {
        const exists = await tx.query('SELECT 1 FROM owners WHERE id = $1', [ownerId]);
        if (exists.rows.length === 0) return false;
        const vins = (await tx.query<{ vin: string }>('SELECT vin FROM vehicles WHERE owner_id = $1', [ownerId])).rows.map((r) => r.vin);
        for (const h of hooks) await h.erase(tx, { ownerId, vins });
        await tx.query('UPDATE vehicles SET owner_id = NULL WHERE owner_id = $1', [ownerId]);
        await tx.query(`UPDATE consent_events SET actor = 'erased' WHERE actor = $1`, [ownerId]);
        await tx.query('DELETE FROM consent_events WHERE owner_id = $1', [ownerId]);
        await tx.query('DELETE FROM consents WHERE owner_id = $1', [ownerId]);
        await tx.query('DELETE FROM owners WHERE id = $1', [ownerId]);
        return true;
      });
      return { erased, pseudonym: p };
    },
  };
}
export type SubjectRights = ReturnType<typeof subjectRights>;

/**
 * Searches every text-like column of every table in the current schema for
 * any of the needles. Used to prove that an erasure left nothing behind.
 */
export async function findLeftovers(db: Db, needles: readonly string[]): Promise<{ table: string; column: string; needle: string }[]> {
  const { rows: cols } = await db.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
      WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
        AND c.data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY')`,
  );
  const hits: { table: string; column: string; needle: string }[] = [];
  for (const c of cols) {
    for (const needle of needles) {
      // Whole-token match: 'own-1' must not match 'own-10'.
      const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "${c.table_name}" WHERE "${c.column_name}"::text ~* $1`,
        [`(^|[^a-z0-9_-])${escaped}($|[^a-z0-9_-])`],
      );
      if (Number(rows[0]?.n) > 0) hits.push({ table: c.table_name, column: c.column_name, needle });
    }
  }
  return hits;
}
