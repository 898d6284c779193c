import type { ConsentChange, ConsentState, HardwareVariant, Owner, Trim, Vehicle, VehicleModel } from '../domain';
import { consentKey } from '../domain';
import type { Db } from './db';
import { chunks, iso, num, placeholders } from './rows';
import { scopePredicate, type TenantScope } from './scope';

function toOwner(r: Record<string, unknown>): Owner {
  return {
    id: String(r.id),
    market: r.market as Owner['market'],
    displayName: String(r.display_name),
    email: (r.email as string | null) ?? null,
    phone: (r.phone as string | null) ?? null,
    language: r.language as Owner['language'],
    homeDealerId: (r.home_dealer_id as string | null) ?? null,
  };
}

function toVehicle(r: Record<string, unknown>): Vehicle {
  return {
    vin: String(r.vin),
    modelId: String(r.model_id),
    trimId: String(r.trim_id),
    hardwareVariantId: String(r.hardware_variant_id),
    market: r.market as Vehicle['market'],
    modelYear: num(r.model_year),
    softwareVersion: String(r.software_version),
    homeDealerId: (r.home_dealer_id as string | null) ?? null,
    ownerId: (r.owner_id as string | null) ?? null,
    odometerKm: num(r.odometer_km),
    registeredAt: iso(r.registered_at),
  };
}

export interface Page<T> {
  items: T[];
  /** Pass as `after` for the next page; null at the end. */
  next: string | null;
}

export function customerRepo(db: Db) {
  return {
    async upsertModel(m: VehicleModel): Promise<void> {
      await db.query(
        `INSERT INTO vehicle_models (id, brand, name, powertrain) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET brand = EXCLUDED.brand, name = EXCLUDED.name, powertrain = EXCLUDED.powertrain`,
        [m.id, m.brand, m.name, m.powertrain],
      );
    },
    async upsertTrim(t: Trim): Promise<void> {
      await db.query(
        `INSERT INTO trims (id, model_id, name, msrp_minor) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, msrp_minor = EXCLUDED.msrp_minor`,
        [t.id, t.modelId, t.name, t.msrpMinor],
      );
    },
    async upsertHardwareVariant(h: HardwareVariant): Promise<void> {
      await db.query(
        `INSERT INTO hardware_variants (id, model_id, name, adas_level) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, adas_level = EXCLUDED.adas_level`,
        [h.id, h.modelId, h.name, h.adasLevel],
      );
    },
    async listModels(): Promise<(VehicleModel & { trims: number; variants: number })[]> {
      const { rows } = await db.query<Record<string, unknown>>(
        `SELECT m.*, (SELECT count(*) FROM trims t WHERE t.model_id = m.id) AS trims,
                (SELECT count(*) FROM hardware_variants h WHERE h.model_id = m.id) AS variants
           FROM vehicle_models m ORDER BY m.id`,
      );
      return rows.map((r) => ({ id: String(r.id), brand: String(r.brand), name: String(r.name), powertrain: r.powertrain as VehicleModel['powertrain'], trims: num(r.trims), variants: num(r.variants) }));
    },

    /** Bulk upsert; owners before their vehicles. */
    async upsertOwners(owners: readonly Owner[]): Promise<void> {
      for (const part of chunks(owners, 500)) {
        const params: unknown[] = [];
        for (const o of part) params.push(o.id, o.market, o.displayName, o.email, o.phone, o.language, o.homeDealerId);
        await db.query(
          `INSERT INTO owners (id, market, display_name, email, phone, language, home_dealer_id) VALUES ${placeholders(part.length, 7)}
           ON CONFLICT (id) DO UPDATE SET market = EXCLUDED.market, display_name = EXCLUDED.display_name, email = EXCLUDED.email,
             phone = EXCLUDED.phone, language = EXCLUDED.language, home_dealer_id = EXCLUDED.home_dealer_id`,
          params,
        );
      }
    },

    async upsertVehicles(vehicles: readonly Vehicle[]): Promise<void> {
      for (const part of chunks(vehicles, 500)) {
        const params: unknown[] = [];
        for (const v of part) {
          params.push(v.vin, v.modelId, v.trimId, v.hardwareVariantId, v.market, v.modelYear, v.softwareVersion, v.homeDealerId, v.ownerId, v.odometerKm, v.registeredAt);
        }
        await db.query(
          `INSERT INTO vehicles (vin, model_id, trim_id, hardware_variant_id, market, model_year, software_version, home_dealer_id, owner_id, odometer_km, registered_at)
           VALUES ${placeholders(part.length, 11)}
           ON CONFLICT (vin) DO UPDATE SET software_version = EXCLUDED.software_version, home_dealer_id = EXCLUDED.home_dealer_id,
             owner_id = EXCLUDED.owner_id, odometer_km = EXCLUDED.odometer_km`,
          params,
        );
      }
    },

    async getOwner(scope: TenantScope, id: string): Promise<Owner | undefined> {
      const s = scopePredicate(scope, 'o.home_dealer_id', 2);
      const { rows } = await db.query<Record<string, unknown>>(`SELECT o.* FROM owners o WHERE o.id = $1 AND ${s.sql}`, [id, ...s.params]);
      return rows[0] ? toOwner(rows[0]) : undefined;
    },

    async listOwners(scope: TenantScope, opts: { limit: number; after?: string }): Promise<Page<Owner>> {
      const s = scopePredicate(scope, 'o.home_dealer_id', 3);
      const { rows } = await db.query<Record<string, unknown>>(
        `SELECT o.* FROM owners o WHERE ($1::text IS NULL OR o.id > $1) AND ${s.sql} ORDER BY o.id LIMIT $2`,
        [opts.after ?? null, opts.limit + 1, ...s.params],
      );
      const items = rows.slice(0, opts.limit).map(toOwner);
      return { items, next: rows.length > opts.limit ? (items.at(-1)?.id ?? null) : null };
    },

    async getVehicle(scope: TenantScope, vin: string): Promise<Vehicle | undefined> {
      const s = scopePredicate(scope, 'v.home_dealer_id', 2);
      const { rows } = await db.query<Record<string, unknown>>(`SELECT v.* FROM vehicles v WHERE v.vin = $1 AND ${s.sql}`, [vin, ...s.params]);
      return rows[0] ? toVehicle(rows[0]) : undefined;
    },

    async listVehicles(scope: TenantScope, opts: { limit: number; after?: string; market?: string; dealerId?: string }): Promise<Page<Vehicle>> {
      const s = scopePredicate(scope, 'v.home_dealer_id', 5);
      const { rows } = await db.query<Record<string, unknown>>(
        `SELECT v.* FROM vehicles v
          WHERE ($1::text IS NULL OR v.vin > $1) AND ($3::text IS NULL OR v.market = $3) AND ($4::text IS NULL OR v.home_dealer_id = $4) AND ${s.sql}
          ORDER BY v.vin LIMIT $2`,
        [opts.after ?? null, opts.limit + 1, opts.market ?? null, opts.dealerId ?? null, ...s.params],
      );
      const items = rows.slice(0, opts.limit).map(toVehicle);
      return { items, next: rows.length > opts.limit ? (items.at(-1)?.vin ?? null) : null };
    },

    /** Appends to the history and updates the current state in one transaction. */
    async recordConsent(change: ConsentChange): Promise<void> {
      await db.transaction(async (tx) => {
        await tx.query(
          'INSERT INTO consent_events (owner_id, purpose, channel, granted, actor, source, at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
          [change.ownerId, change.purpose, change.channel, change.granted, change.actor, change.source, change.at],
        );
        // A late-arriving older event must not overwrite a newer state.
        await tx.query(
          `INSERT INTO consents (owner_id, purpose, channel, granted, updated_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (owner_id, purpose, channel) DO UPDATE SET granted = EXCLUDED.granted, updated_at = EXCLUDED.updated_at
           WHERE consents.updated_at <= EXCLUDED.updated_at`,
          [change.ownerId, change.purpose, change.channel, change.granted, change.at],
        );
      });
    },

    /** Bulk form for imports and seeding: same history and same latest-wins state. */
    async recordConsents(changes: readonly ConsentChange[]): Promise<void> {
      if (changes.length === 0) return;
      await db.transaction(async (tx) => {
        for (const part of chunks(changes, 500)) {
          const params: unknown[] = [];
          for (const c of part) params.push(c.ownerId, c.purpose, c.channel, c.granted, c.actor, c.source, c.at);
          await tx.query(`INSERT INTO consent_events (owner_id, purpose, channel, granted, actor, source, at) VALUES ${placeholders(part.length, 7)}`, params);
        }
        const ownerIds = [...new Set(changes.map((c) => c.ownerId))];
        await tx.query(
          `INSERT INTO consents (owner_id, purpose, channel, granted, updated_at)
           SELECT DISTINCT ON (owner_id, purpose, channel) owner_id, purpose, channel, granted, at
             FROM consent_events WHERE owner_id = ANY($1::text[])
            ORDER BY owner_id, purpose, channel, at DESC, id DESC
           ON CONFLICT (owner_id, purpose, channel) DO UPDATE SET granted = EXCLUDED.granted, updated_at = EXCLUDED.updated_at
           WHERE consents.updated_at <= EXCLUDED.updated_at`,
          [ownerIds],
        );
      });
    },

    /** Current consent as `purpose:channel` → granted. Absent means not granted. */
    async consentState(ownerId: string): Promise<ConsentState> {
      const { rows } = await db.query<{ purpose: string; channel: string; granted: boolean }>('SELECT purpose, channel, granted FROM consents WHERE owner_id = $1', [ownerId]);
      const state: ConsentState = {};
      for (const r of rows) state[consentKey(r.purpose as never, r.channel as never)] = r.granted;
      return state;
    },

    async consentHistory(ownerId: string): Promise<ConsentChange[]> {
      const { rows } = await db.query<Record<string, unknown>>('SELECT * FROM consent_events WHERE owner_id = $1 ORDER BY at, id', [ownerId]);
      return rows.map((r) => ({
        ownerId: String(r.owner_id), purpose: r.purpose as ConsentChange['purpose'], channel: r.channel as ConsentChange['channel'],
        granted: Boolean(r.granted), actor: String(r.actor), source: r.source as ConsentChange['source'], at: iso(r.at),
      }));
    },
  };
}

export type CustomerRepo = ReturnType<typeof customerRepo>;
