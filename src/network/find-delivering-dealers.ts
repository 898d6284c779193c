import { z } from 'zod';
import { NodeId, type Dealer, type Offer, type StockLine, type Vehicle } from '../domain';
import { addBooking, remainingCapacity, type CapacityCalendar } from './capacity-calendar';
import { addDays, dayOf, type DayKey } from './day';
import { missingStock } from './stock';
import { distanceKm, territoryMatch } from './territory';

export const DeliveryCustomer = z.strictObject({
  id: z.string().min(1).max(100),
  postalCode: z.string().min(1).max(12).nullable(),
  lat: z.number().min(-90).max(90).nullable(),
  lon: z.number().min(-180).max(180).nullable(),
  homeDealerId: NodeId.nullable(),
});
export type DeliveryCustomer = z.infer<typeof DeliveryCustomer>;

export type DeliveryCheck = 'in_territory' | 'certified' | 'in_stock' | 'capacity_in_window';

export interface DeliveryReason {
  code: DeliveryCheck;
  passed: boolean;
  detail: string;
}

export interface DeliveryCandidate {
  dealerId: string;
  canDeliver: boolean;
  earliestDay: DayKey | null;
  distanceKm: number | null;
  homeDealer: boolean;
  reasons: DeliveryReason[];
}

export interface DeliveryQuery {
  offer: Pick<Offer, 'id' | 'requires' | 'requiresStock'>;
  customer: DeliveryCustomer;
  vehicle: Pick<Vehicle, 'homeDealerId'> | null;
  dealers: readonly Dealer[];
  calendar: CapacityCalendar;
  stock: readonly StockLine[];
  now: Date;
  /** Days searched: today and the following withinDays − 1 days. */
  withinDays: number;
  /** A dealer outside whose territory the customer lives may still serve them within this distance. */
  maxDistanceKm?: number;
}

function territoryReason(dealer: Dealer, customer: DeliveryCustomer, maxKm: number, km: number | null): DeliveryReason {
  if (customer.postalCode !== null && territoryMatch(dealer, customer.postalCode) > 0) {
    return { code: 'in_territory', passed: true, detail: `postal code ${customer.postalCode} is in the territory` };
  }
  if (km !== null) {
    const passed = km <= maxKm;
    return { code: 'in_territory', passed, detail: `outside the territory, ${km.toFixed(1)} km away (limit ${maxKm} km)` };
  }
  if (customer.postalCode !== null) return { code: 'in_territory', passed: false, detail: `postal code ${customer.postalCode} is outside the territory and the location is unknown` };
  return { code: 'in_territory', passed: true, detail: 'customer location unknown; not restricted' };
}

/** Earliest day in the window on which every required competency has the hours and one bay is free for the whole job. */
function earliestDay(query: DeliveryQuery, dealerId: string): DayKey | null {
  const today = dayOf(query.now);
  for (let offset = 0; offset < query.withinDays; offset++) {
    const day = addDays(today, offset);
    if (query.offer.requires.length === 0) {
      if (remainingCapacity(query.calendar, dealerId, 'general', day).open) return day;
      continue;
    }
    let calendar = query.calendar;
    let fits = true;
    query.offer.requires.forEach((need, i) => {
      if (!fits) return;
      const outcome = addBooking(calendar, { id: `probe-${i}`, dealerId, day, competency: need.competency, hours: need.hours, bays: i === 0 ? 1 : 0 });
      if (outcome.ok) calendar = outcome.calendar;
      else fits = false;
    });
    if (fits) return day;
  }
  return null;
}

/** Which dealers can deliver the offer to the customer within N days, each with its earliest day and reasons. Deliverable first, then earliest, then nearest. */
export function findDeliveringDealers(query: DeliveryQuery): DeliveryCandidate[] {
  const maxKm = query.maxDistanceKm ?? 50;
  const homeId = query.customer.homeDealerId ?? query.vehicle?.homeDealerId ?? null;
  const candidates = query.dealers.map((dealer): DeliveryCandidate => {
    const km = query.customer.lat !== null && query.customer.lon !== null
      ? distanceKm({ lat: query.customer.lat, lon: query.customer.lon }, dealer)
      : null;
    const reasons: DeliveryReason[] = [territoryReason(dealer, query.customer, maxKm, km)];
    const uncertified = query.offer.requires
      .filter((need) => !dealer.technicians.some((p) => p.competency === need.competency && p.technicians > 0 && p.hoursPerDay > 0))
      .map((need) => need.competency);
    reasons.push(uncertified.length === 0
      ? { code: 'certified', passed: true, detail: query.offer.requires.length === 0 ? 'no competency required' : 'certified for every required competency' }
      : { code: 'certified', passed: false, detail: `not certified for ${uncertified.join(', ')}` });
    const missing = missingStock(query.stock, dealer.id, query.offer.requiresStock);
    reasons.push(missing.length === 0
      ? { code: 'in_stock', passed: true, detail: query.offer.requiresStock.length === 0 ? 'no stock required' : 'holds every required SKU' }
      : { code: 'in_stock', passed: false, detail: `no stock of ${missing.join(', ')}` });
    const day = uncertified.length === 0 ? earliestDay(query, dealer.id) : null;
    reasons.push(day !== null
      ? { code: 'capacity_in_window', passed: true, detail: `capacity on ${day}` }
      : { code: 'capacity_in_window', passed: false, detail: uncertified.length > 0 ? 'no certified technicians, so no capacity' : `no capacity in the next ${query.withinDays} days` });
    const canDeliver = reasons.every((r) => r.passed);
    return { dealerId: dealer.id, canDeliver, earliestDay: canDeliver ? day : null, distanceKm: km, homeDealer: dealer.id === homeId, reasons };
  });
  return candidates.sort((a, b) =>
    Number(b.canDeliver) - Number(a.canDeliver)
    || (a.earliestDay ?? '9999').localeCompare(b.earliestDay ?? '9999')
    || Number(b.homeDealer) - Number(a.homeDealer)
    || (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity)
    || a.dealerId.localeCompare(b.dealerId));
}
