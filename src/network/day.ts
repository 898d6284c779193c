import { z } from 'zod';

/** A calendar day in UTC, `YYYY-MM-DD`. */
export const DayKey = z.iso.date();
export type DayKey = z.infer<typeof DayKey>;

export function dayOf(at: Date): DayKey {
  return at.toISOString().slice(0, 10);
}

export function addDays(day: DayKey, days: number): DayKey {
  const t = Date.parse(`${day}T00:00:00.000Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: DayKey): number {
  return new Date(`${day}T00:00:00.000Z`).getUTCDay();
}
