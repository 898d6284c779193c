import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { Competency, Dealer } from '../domain';
import { addDays, buildCapacityCalendar, findDeliveringDealers, remainingCapacity } from './index';

const comps: Competency[] = ['general', 'adas_calibration', 'high_voltage'];
const dealer: Dealer = {
  id: 'dlr-p', code: 'DLRP', name: 'P', lat: 51.5, lon: -0.1, territory: ['SW'], serviceBaysPerDay: 3, competitionIndex: 0,
  technicians: [{ competency: 'general', technicians: 2, hoursPerDay: 8 }, { competency: 'adas_calibration', technicians: 1, hoursPerDay: 6 }, { competency: 'high_voltage', technicians: 1, hoursPerDay: 4 }],
};
const from = '2026-11-23';

describe('delivery window invariant', () => {
  it('the earliest day really has the capacity, and no earlier day in the window does', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ day: fc.integer({ min: 0, max: 6 }), competency: fc.constantFrom(...comps), hours: fc.integer({ min: 1, max: 8 }), bays: fc.integer({ min: 0, max: 1 }) }), { maxLength: 25 }),
      fc.uniqueArray(fc.constantFrom(...comps), { minLength: 1, maxLength: 3 }).chain((cs) => fc.tuple(...cs.map((c) => fc.record({ competency: fc.constant(c), hours: fc.integer({ min: 1, max: 6 }) })))),
      fc.integer({ min: 1, max: 7 }),
      (raw, requires, withinDays) => {
        const bookings = raw.map((b, i) => ({ id: `b${i}`, dealerId: dealer.id, day: addDays(from, b.day), competency: b.competency, hours: b.hours, bays: b.bays }));
        const calendar = buildCapacityCalendar({ dealers: [dealer], bookings });
        const fits = (day: string): boolean => requires.every((r) => {
          const left = remainingCapacity(calendar, dealer.id, r.competency, day);
          return left.open && left.hours >= r.hours && left.bays >= 1;
        });
        const [answer] = findDeliveringDealers({
          offer: { id: 'off-p', requires, requiresStock: [] }, customer: { id: 'c', postalCode: 'SW1', lat: null, lon: null, homeDealerId: null },
          vehicle: null, dealers: [dealer], calendar, stock: [], now: new Date(`${from}T08:00:00Z`), withinDays,
        });
        const window = Array.from({ length: withinDays }, (_, i) => addDays(from, i));
        const firstFit = window.find(fits) ?? null;
        expect(answer?.earliestDay ?? null).toBe(firstFit);
        expect(answer?.canDeliver).toBe(firstFit !== null);
      },
    ), { numRuns: 300, seed: 4 });
  });
});
