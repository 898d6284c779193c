import type { Dealer } from '../domain';
import { utilisation, type CapacityCalendar } from './capacity-calendar';
import { addDays, type DayKey } from './day';

export interface DealerUtilisation {
  dealerId: string;
  name: string;
  lat: number;
  lon: number;
  competitionIndex: number;
  capacityHours: number;
  bookedHours: number;
  /** Booked over available technician hours across the period; 0 when the dealer has no capacity. */
  ratio: number;
  /** Open days in the period whose bookings use 90 % or more of the hours. */
  saturatedDays: number;
}

/** Per dealer, capacity and bookings summed over `days` days from `from`: what the network map shows. */
export function networkUtilisation(calendar: CapacityCalendar, dealers: readonly Dealer[], from: DayKey, days: number): DealerUtilisation[] {
  return dealers.map((dealer) => {
    let capacityHours = 0;
    let bookedHours = 0;
    let saturatedDays = 0;
    for (let i = 0; i < days; i++) {
      const u = utilisation(calendar, dealer.id, addDays(from, i));
      capacityHours += u.capacityHours;
      bookedHours += u.bookedHours;
      if (u.capacityHours > 0 && u.ratio >= 0.9) saturatedDays += 1;
    }
    return {
      dealerId: dealer.id, name: dealer.name, lat: dealer.lat, lon: dealer.lon, competitionIndex: dealer.competitionIndex,
      capacityHours, bookedHours, ratio: capacityHours > 0 ? bookedHours / capacityHours : 0, saturatedDays,
    };
  });
}
