import { describe, expect, it } from 'vitest';
import { fixture } from '../testing';
import { buildCapacityCalendar, utilisation } from './capacity-calendar';
import { addDays, weekdayOf } from './day';
import { demoBookings } from './demo-bookings';

describe('demo bookings', () => {
  it('are the same for the same seed and differ for another', () => {
    expect(demoBookings(fixture.dealers, '2026-04-01', 14, 7)).toEqual(demoBookings(fixture.dealers, '2026-04-01', 14, 7));
    expect(demoBookings(fixture.dealers, '2026-04-01', 14, 8)).not.toEqual(demoBookings(fixture.dealers, '2026-04-01', 14, 7));
  });

  it('never book a closed Sunday, more hours of a competency than the dealer has, or more bays', () => {
    const bookings = demoBookings(fixture.dealers, '2026-04-01', 14, 7);
    expect(bookings.length).toBeGreaterThan(0);
    expect(bookings.some((b) => weekdayOf(b.day) === 0)).toBe(false);
    const calendar = buildCapacityCalendar({ dealers: fixture.dealers, bookings });
    for (const d of fixture.dealers) {
      for (let i = 0; i < 14; i++) {
        const day = addDays('2026-04-01', i);
        const u = utilisation(calendar, d.id, day);
        expect(u.bookedBays).toBeLessThanOrEqual(d.serviceBaysPerDay);
        for (const pool of d.technicians) {
          const booked = bookings.filter((b) => b.dealerId === d.id && b.day === day && b.competency === pool.competency).reduce((a, b) => a + b.hours, 0);
          expect(booked).toBeLessThanOrEqual(pool.technicians * pool.hoursPerDay);
        }
      }
    }
  });
});
