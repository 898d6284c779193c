import type { Offer, StockLine, TenantNode, Vehicle } from '../domain';
import { ForecourtError } from '../kernel';
import { createStore, scopePredicate, type DealerView, type Db, type TenantScope } from '../store';
import { addBooking, buildCapacityCalendar, utilisation, type Booking, type CapacityCalendar, type CapacityException, type Utilisation } from './capacity-calendar';
import { addDays, dayOf, type DayKey } from './day';
import { findDeliveringDealers, type DeliveryCandidate, type DeliveryCustomer } from './find-delivering-dealers';
import { networkUtilisation, type DealerUtilisation } from './network-utilisation';
import { parseNetworkImport, type ImportFormat, type ImportProblem, type NetworkData } from './parse-network-import';

export interface ImportCounts {
  nodes: number;
  dealers: number;
  stock: number;
  exceptions: number;
  bookings: number;
}

export type NetworkImportOutcome =
  | { ok: true; dryRun: boolean; rows: number; counts: ImportCounts }
  | { ok: false; problems: ImportProblem[] };

export type BookingResult =
  | { ok: true; booking: Booking }
  | { ok: false; code: 'dealer_closed' | 'no_hours' | 'no_bays'; detail: string };

export interface DealerUtilisationView extends DealerUtilisation {
  code: string;
  market: string | null;
  serviceBaysPerDay: number;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));

function toException(r: Record<string, unknown>): CapacityException {
  const hours = typeof r.hours === 'string' ? JSON.parse(r.hours) as CapacityException['hours'] : r.hours as CapacityException['hours'] | null;
  return {
    dealerId: String(r.dealer_id), day: String(r.day), closed: Boolean(r.closed),
    ...(r.service_bays === null || r.service_bays === undefined ? {} : { serviceBays: num(r.service_bays) }),
    ...(hours ? { hours } : {}),
  };
}

function toBooking(r: Record<string, unknown>): Booking {
  return { id: String(r.id), dealerId: String(r.dealer_id), day: String(r.day), competency: r.competency as Booking['competency'], hours: num(r.hours), bays: num(r.bays) };
}

/** Parents before children, whatever order the file listed them in. */
function parentsFirst(nodes: readonly TenantNode[]): TenantNode[] {
  const ids = new Set(nodes.map((n) => n.id));
  const done = new Set<string>();
  const out: TenantNode[] = [];
  let pending = [...nodes];
  while (pending.length > 0) {
    const ready = pending.filter((n) => n.parentId === null || !ids.has(n.parentId) || done.has(n.parentId));
    if (ready.length === 0) throw new ForecourtError('INTERNAL', 'cycle in imported nodes');
    for (const n of ready) { out.push(n); done.add(n.id); }
    pending = pending.filter((n) => !done.has(n.id));
  }
  return out;
}

/** Storage of the capacity calendar and network imports; every read takes the caller's tenant scope. */
export function networkStore(db: Db) {
  const core = createStore(db).network;

  async function exceptionsAndBookings(scope: TenantScope, from: DayKey, to: DayKey): Promise<{ exceptions: CapacityException[]; bookings: Booking[] }> {
    const s = scopePredicate(scope, 'dealer_id', 3);
    const ex = await db.query<Record<string, unknown>>(
      `SELECT dealer_id, to_char(day, 'YYYY-MM-DD') AS day, closed, service_bays, hours FROM capacity_exceptions
        WHERE day >= $1::date AND day < $2::date AND ${s.sql} ORDER BY dealer_id, day`, [from, to, ...s.params]);
    const bk = await db.query<Record<string, unknown>>(
      `SELECT id, dealer_id, to_char(day, 'YYYY-MM-DD') AS day, competency, hours, bays FROM capacity_bookings
        WHERE day >= $1::date AND day < $2::date AND ${s.sql} ORDER BY dealer_id, day, id`, [from, to, ...s.params]);
    return { exceptions: ex.rows.map(toException), bookings: bk.rows.map(toBooking) };
  }

  async function loadCalendar(scope: TenantScope, from: DayKey, days: number, dealerId?: string): Promise<{ dealers: DealerView[]; calendar: CapacityCalendar }> {
    const all = await core.listDealers(scope);
    const dealers = dealerId === undefined ? all : all.filter((d) => d.id === dealerId);
    const { exceptions, bookings } = await exceptionsAndBookings(scope, from, addDays(from, days));
    const ids = new Set(dealers.map((d) => d.id));
    return {
      dealers,
      calendar: buildCapacityCalendar({ dealers, exceptions: exceptions.filter((e) => ids.has(e.dealerId)), bookings: bookings.filter((b) => ids.has(b.dealerId)) }),
    };
  }

  async function visibleDealer(scope: TenantScope, dealerId: string): Promise<DealerView> {
    const dealer = await core.getDealer(scope, dealerId);
    if (!dealer) throw new ForecourtError('NOT_FOUND');
    return dealer;
  }

  async function stockOf(scope: TenantScope): Promise<StockLine[]> {
    const s = scopePredicate(scope, 'dealer_id', 1);
    const { rows } = await db.query<Record<string, unknown>>(`SELECT * FROM dealer_stock WHERE ${s.sql} ORDER BY dealer_id, sku`, s.params);
    return rows.map((r) => ({ dealerId: String(r.dealer_id), sku: String(r.sku), kind: r.kind as StockLine['kind'], quantity: num(r.quantity) }));
  }

  async function writeData(tx: Db, data: NetworkData): Promise<void> {
    const repo = createStore(tx).network;
    for (const node of parentsFirst(data.nodes)) await repo.insertNode(node);
    for (const dealer of data.dealers) await repo.upsertDealer(dealer);
    await repo.setStock(data.stock);
    for (const e of data.exceptions) await upsertException(tx, e);
    for (const b of data.bookings) {
      await tx.query('INSERT INTO capacity_bookings (id, dealer_id, day, competency, hours, bays) VALUES ($1, $2, $3, $4, $5, $6)',
        [b.id, b.dealerId, b.day, b.competency, b.hours, b.bays]);
    }
  }

  async function upsertException(q: Db, e: CapacityException): Promise<void> {
    await q.query(
      `INSERT INTO capacity_exceptions (dealer_id, day, closed, service_bays, hours) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (dealer_id, day) DO UPDATE SET closed = EXCLUDED.closed, service_bays = EXCLUDED.service_bays, hours = EXCLUDED.hours`,
      [e.dealerId, e.day, e.closed, e.serviceBays ?? null, e.hours === undefined ? null : JSON.stringify(e.hours)],
    );
  }

  return {
    loadCalendar,
    stockOf,

    /** Bulk insert for seeding; bookings whose id exists are skipped. Not checked against capacity. */
    async insertBookings(bookings: readonly Booking[]): Promise<void> {
      await db.transaction(async (tx) => {
        for (let i = 0; i < bookings.length; i += 500) {
          const part = bookings.slice(i, i + 500);
          const params: unknown[] = [];
          const values = part.map((b, j) => {
            params.push(b.id, b.dealerId, b.day, b.competency, b.hours, b.bays);
            return `(${[1, 2, 3, 4, 5, 6].map((k) => `$${j * 6 + k}`).join(', ')})`;
          });
          await tx.query(`INSERT INTO capacity_bookings (id, dealer_id, day, competency, hours, bays) VALUES ${values.join(', ')} ON CONFLICT (id) DO NOTHING`, params);
        }
      });
    },

    /** Per visible dealer: capacity and bookings over `days` days from `from`, for the network map. */
    async utilisation(scope: TenantScope, from: DayKey, days: number): Promise<DealerUtilisationView[]> {
      const { dealers, calendar } = await loadCalendar(scope, from, days);
      const byId = new Map(dealers.map((d) => [d.id, d] as const));
      return networkUtilisation(calendar, dealers, from, days).map((u) => {
        const d = byId.get(u.dealerId);
        return { ...u, code: d?.code ?? '', market: d?.market ?? null, serviceBaysPerDay: d?.serviceBaysPerDay ?? 0 };
      });
    },

    /** One dealer's days: gross capacity, bookings and the exception of each day. NOT_FOUND when not visible. */
    async dealerCalendar(scope: TenantScope, dealerId: string, from: DayKey, days: number): Promise<{ days: (Utilisation & { open: boolean; exception: CapacityException | null })[]; bookings: Booking[] }> {
      await visibleDealer(scope, dealerId);
      const { calendar } = await loadCalendar(scope, from, days, dealerId);
      const out = [];
      for (let i = 0; i < days; i++) {
        const day = addDays(from, i);
        const u = utilisation(calendar, dealerId, day);
        const exception = calendar.exceptions.get(`${dealerId}|${day}`) ?? null;
        const open = u.capacityHours > 0 || u.serviceBays > 0;
        out.push({ ...u, open, exception });
      }
      return { days: out, bookings: [...calendar.bookings.values()].flat() };
    },

    async setException(scope: TenantScope, exception: CapacityException): Promise<void> {
      await visibleDealer(scope, exception.dealerId);
      await upsertException(db, exception);
    },

    /** Adds a booking if the dealer has the hours and a bay left that day; otherwise says why not. */
    async book(scope: TenantScope, booking: Booking): Promise<BookingResult> {
      await visibleDealer(scope, booking.dealerId);
      return db.transaction(async (tx) => {
        const calendar = await networkStore(tx).loadCalendar(scope, booking.day, 1, booking.dealerId);
        const outcome = addBooking(calendar.calendar, booking);
        if (!outcome.ok) return { ok: false, code: outcome.code, detail: outcome.detail };
        const { rows } = await tx.query('SELECT 1 FROM capacity_bookings WHERE id = $1', [booking.id]);
        if (rows.length > 0) throw new ForecourtError('CONFLICT', `booking ${booking.id} already exists`);
        await tx.query('INSERT INTO capacity_bookings (id, dealer_id, day, competency, hours, bays) VALUES ($1, $2, $3, $4, $5, $6)',
          [booking.id, booking.dealerId, booking.day, booking.competency, booking.hours, booking.bays]);
        return { ok: true, booking };
      });
    },

    /**
     * Imports a network file: every row or none. New nodes may only hang under nodes the caller
     * can see, and stock, capacity and bookings may only name visible dealers.
     */
    async importNetwork(scope: TenantScope, text: string, format: ImportFormat, opts: { dryRun?: boolean } = {}): Promise<NetworkImportOutcome> {
      const visible = await core.listNodes(scope);
      const all = await core.listNodes({ kind: 'global' });
      const visibleIds = new Set(visible.map((n) => n.id));
      const codes = await db.query<{ code: string }>('SELECT code FROM dealers');
      const bookingIds = await db.query<{ id: string }>('SELECT id FROM capacity_bookings');
      const result = parseNetworkImport(text, format, {
        existingNodes: visible.map(({ path: _path, ...n }) => n),
        reservedIds: all.filter((n) => !visibleIds.has(n.id)).map((n) => n.id),
        existingCodes: codes.rows.map((r) => r.code),
        existingBookingIds: bookingIds.rows.map((r) => r.id),
      });
      if (!result.ok) return result;
      const counts: ImportCounts = {
        nodes: result.data.nodes.length, dealers: result.data.dealers.length, stock: result.data.stock.length,
        exceptions: result.data.exceptions.length, bookings: result.data.bookings.length,
      };
      if (!opts.dryRun) await db.transaction((tx) => writeData(tx, result.data));
      return { ok: true, dryRun: opts.dryRun ?? false, rows: result.rows, counts };
    },

    /** Which visible dealers can deliver the offer to the customer within N days, with reasons. */
    async deliveringDealers(scope: TenantScope, query: {
      offer: Pick<Offer, 'id' | 'requires' | 'requiresStock'>; customer: DeliveryCustomer; vehicle: Pick<Vehicle, 'homeDealerId'> | null;
      withinDays: number; maxDistanceKm?: number; now: Date;
    }): Promise<DeliveryCandidate[]> {
      const { dealers, calendar } = await loadCalendar(scope, dayOf(query.now), query.withinDays);
      const stock = await stockOf(scope);
      return findDeliveringDealers({
        offer: query.offer, customer: query.customer, vehicle: query.vehicle, dealers, calendar, stock, now: query.now, withinDays: query.withinDays,
        ...(query.maxDistanceKm === undefined ? {} : { maxDistanceKm: query.maxDistanceKm }),
      });
    },
  };
}

export type NetworkStore = ReturnType<typeof networkStore>;
