import { z } from 'zod';
import { Competency, NodeId, competencies, type Dealer } from '../domain';
import { DayKey, weekdayOf } from './day';

/** A day that differs from the dealer's standard week: closure, fewer bays, fewer hours. */
export const CapacityException = z.strictObject({
  dealerId: NodeId,
  day: DayKey,
  closed: z.boolean().default(false),
  serviceBays: z.int().min(0).max(1000).optional(),
  hours: z.partialRecord(Competency, z.number().min(0).max(24 * 500)).optional(),
});
export type CapacityException = z.infer<typeof CapacityException>;

/** Booked workshop time: consumes technician hours of one competency and service bays on one day. */
export const Booking = z.strictObject({
  id: z.string().min(1).max(100),
  dealerId: NodeId,
  day: DayKey,
  competency: Competency,
  hours: z.number().positive().max(24 * 500),
  bays: z.int().min(0).max(1000).default(1),
});
export type Booking = z.infer<typeof Booking>;

export interface CapacityCalendar {
  readonly dealers: ReadonlyMap<string, Dealer>;
  readonly exceptions: ReadonlyMap<string, CapacityException>;
  readonly bookings: ReadonlyMap<string, readonly Booking[]>;
  /** Weekdays every dealer is closed (0 = Sunday). */
  readonly closedWeekdays: readonly number[];
}

export interface CalendarInput {
  dealers: readonly Dealer[];
  exceptions?: readonly CapacityException[];
  bookings?: readonly Booking[];
  closedWeekdays?: readonly number[];
}

const key = (dealerId: string, day: string): string => `${dealerId}|${day}`;

export function buildCapacityCalendar(input: CalendarInput): CapacityCalendar {
  const bookings = new Map<string, Booking[]>();
  for (const b of input.bookings ?? []) {
    const list = bookings.get(key(b.dealerId, b.day)) ?? [];
    list.push(b);
    bookings.set(key(b.dealerId, b.day), list);
  }
  return {
    dealers: new Map(input.dealers.map((d) => [d.id, d] as const)),
    exceptions: new Map((input.exceptions ?? []).map((e) => [key(e.dealerId, e.day), e] as const)),
    bookings,
    closedWeekdays: input.closedWeekdays ?? [0],
  };
}

export interface DayCapacity {
  open: boolean;
  serviceBays: number;
  hours: Record<Competency, number>;
}

const noHours = (): Record<Competency, number> =>
  Object.fromEntries(competencies.map((c) => [c, 0])) as Record<Competency, number>;

/** The dealer's gross capacity on a day, before bookings. Unknown dealer → closed. */
export function dayCapacity(calendar: CapacityCalendar, dealerId: string, day: DayKey): DayCapacity {
  const dealer = calendar.dealers.get(dealerId);
  const exception = calendar.exceptions.get(key(dealerId, day));
  if (!dealer || exception?.closed || (calendar.closedWeekdays.includes(weekdayOf(day)) && !exception)) {
    return { open: false, serviceBays: 0, hours: noHours() };
  }
  const hours = noHours();
  for (const pool of dealer.technicians) hours[pool.competency] += pool.technicians * pool.hoursPerDay;
  for (const [competency, value] of Object.entries(exception?.hours ?? {})) hours[competency as Competency] = value ?? 0;
  return { open: true, serviceBays: exception?.serviceBays ?? dealer.serviceBaysPerDay, hours };
}

export interface RemainingCapacity {
  open: boolean;
  hours: number;
  bays: number;
}

export function remainingCapacity(calendar: CapacityCalendar, dealerId: string, competency: Competency, day: DayKey): RemainingCapacity {
  const gross = dayCapacity(calendar, dealerId, day);
  let hours = gross.hours[competency];
  let bays = gross.serviceBays;
  for (const b of calendar.bookings.get(key(dealerId, day)) ?? []) {
    bays -= b.bays;
    if (b.competency === competency) hours -= b.hours;
  }
  return { open: gross.open, hours: Math.max(0, hours), bays: Math.max(0, bays) };
}

export interface Utilisation {
  dealerId: string;
  day: DayKey;
  capacityHours: number;
  bookedHours: number;
  serviceBays: number;
  bookedBays: number;
  /** Booked over available technician hours, 0 when closed. */
  ratio: number;
}

export function utilisation(calendar: CapacityCalendar, dealerId: string, day: DayKey): Utilisation {
  const gross = dayCapacity(calendar, dealerId, day);
  const capacityHours = Object.values(gross.hours).reduce((a, b) => a + b, 0);
  let bookedHours = 0;
  let bookedBays = 0;
  for (const b of calendar.bookings.get(key(dealerId, day)) ?? []) {
    bookedHours += b.hours;
    bookedBays += b.bays;
  }
  return { dealerId, day, capacityHours, bookedHours, serviceBays: gross.serviceBays, bookedBays, ratio: capacityHours > 0 ? bookedHours / capacityHours : 0 };
}

export type BookingOutcome =
  | { ok: true; calendar: CapacityCalendar }
  | { ok: false; code: 'dealer_closed' | 'no_hours' | 'no_bays'; detail: string };

/** A new calendar with the booking added, or the reason it does not fit. The input calendar is unchanged. */
export function addBooking(calendar: CapacityCalendar, booking: Booking): BookingOutcome {
  const left = remainingCapacity(calendar, booking.dealerId, booking.competency, booking.day);
  if (!left.open) return { ok: false, code: 'dealer_closed', detail: `${booking.dealerId} is closed on ${booking.day}` };
  if (left.hours < booking.hours) {
    return { ok: false, code: 'no_hours', detail: `${left.hours} h of ${booking.competency} left on ${booking.day}, ${booking.hours} h needed` };
  }
  if (left.bays < booking.bays) return { ok: false, code: 'no_bays', detail: `${left.bays} bays left on ${booking.day}, ${booking.bays} needed` };
  const bookings = new Map(calendar.bookings);
  bookings.set(key(booking.dealerId, booking.day), [...(calendar.bookings.get(key(booking.dealerId, booking.day)) ?? []), booking]);
  return { ok: true, calendar: { ...calendar, bookings } };
}
