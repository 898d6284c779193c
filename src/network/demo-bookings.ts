import type { Dealer } from '../domain';
import { createRng } from '../kernel';
import type { Booking } from './capacity-calendar';
import { addDays, weekdayOf, type DayKey } from './day';

/**
 * Deterministic workshop bookings for a demo market: per dealer a base load (some dealers run
 * nearly full, some nearly empty) varied per day, split into jobs of general work and the
 * dealer's other competencies. Same dealers, first day, days and seed → same bookings.
 */
export function demoBookings(dealers: readonly Dealer[], from: DayKey, days: number, seed: number): Booking[] {
  const out: Booking[] = [];
  for (const dealer of [...dealers].sort((a, b) => a.id.localeCompare(b.id))) {
    const rng = createRng(`${seed}:${dealer.id}:bookings`);
    const base = 0.2 + 0.75 * rng.next();
    for (let i = 0; i < days; i++) {
      const day = addDays(from, i);
      if (weekdayOf(day) === 0) continue;
      const pools = dealer.technicians.filter((p) => p.technicians > 0 && p.hoursPerDay > 0);
      const jobsPerPool = Math.max(1, Math.floor(dealer.serviceBaysPerDay / Math.max(1, pools.length)));
      for (const pool of pools) {
        const capacity = pool.technicians * pool.hoursPerDay;
        const load = Math.min(1, Math.max(0, base + (rng.next() - 0.5) * 0.3));
        const hours = Math.floor(capacity * load * 2) / 2;
        const jobs = Math.min(jobsPerPool, Math.max(1, Math.ceil(hours / 2)));
        const size = Math.floor((hours / jobs) * 2) / 2;
        if (size <= 0) continue;
        for (let job = 0; job < jobs; job++) {
          out.push({ id: `bk-demo-${dealer.id}-${day}-${pool.competency}-${job}`, dealerId: dealer.id, day, competency: pool.competency, hours: size, bays: 1 });
        }
      }
    }
  }
  return out;
}
