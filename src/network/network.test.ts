import { describe, it, expect } from 'vitest';
import type { Dealer, TenantNode } from '../domain';
import {
  addBooking, ancestorsOf, buildCapacityCalendar, findDeliveringDealers, networkUtilisation, remainingCapacity, subtreeOf,
  territoryOwner, utilisation, validateHierarchy, type DeliveryCustomer,
} from './index';

const node = (id: string, kind: TenantNode['kind'], parentId: string | null): TenantNode => ({ id, kind, parentId, name: id, market: 'UK' });
const tree: TenantNode[] = [
  node('oem', 'oem', null),
  node('nsc-uk', 'nsc', 'oem'),
  node('dist-south', 'distributor', 'nsc-uk'),
  node('dlr-a', 'dealer', 'dist-south'),
  node('dlr-b', 'dealer', 'nsc-uk'),
];

const dealer = (id: string, over: Partial<Dealer> = {}): Dealer => ({
  id, code: id.toUpperCase().replace(/-/g, ''), name: id, lat: 51.5, lon: -0.12, territory: ['SW1'], serviceBaysPerDay: 4,
  technicians: [{ competency: 'general', technicians: 2, hoursPerDay: 8 }, { competency: 'adas_calibration', technicians: 1, hoursPerDay: 6 }],
  competitionIndex: 0.3, ...over,
});

describe('tier hierarchy', () => {
  it('accepts a well-formed tree and answers ancestors and subtree', () => {
    expect(validateHierarchy(tree)).toEqual({ valid: true, problems: [] });
    expect(ancestorsOf(tree, 'dlr-a').map((n) => n.id)).toEqual(['dist-south', 'nsc-uk', 'oem']);
    expect(subtreeOf(tree, 'nsc-uk').map((n) => n.id).sort()).toEqual(['dist-south', 'dlr-a', 'dlr-b', 'nsc-uk']);
    expect(subtreeOf(tree, 'nope')).toEqual([]);
  });

  it('reports unknown parents, disallowed parent kinds, duplicates and cycles', () => {
    const bad = [
      ...tree,
      node('dlr-c', 'dealer', 'ghost'),
      node('dlr-d', 'dealer', 'oem'),
      node('dist-x', 'distributor', 'dist-y'),
      node('dist-y', 'distributor', 'dist-x'),
      node('dlr-a', 'dealer', 'nsc-uk'),
    ];
    const codes = validateHierarchy(bad).problems.map((p) => `${p.nodeId}:${p.code}`).sort();
    expect(codes).toEqual([
      'dist-x:cycle', 'dist-x:parent_kind_not_allowed', 'dist-y:cycle', 'dist-y:parent_kind_not_allowed',
      'dlr-a:duplicate_id', 'dlr-c:unknown_parent', 'dlr-d:parent_kind_not_allowed',
    ]);
  });
});

describe('capacity calendar', () => {
  const monday = '2026-11-23';
  const calendar = buildCapacityCalendar({
    dealers: [dealer('dlr-a')],
    exceptions: [{ dealerId: 'dlr-a', day: '2026-11-24', closed: true }, { dealerId: 'dlr-a', day: '2026-11-25', closed: false, hours: { adas_calibration: 2 } }],
    bookings: [{ id: 'b1', dealerId: 'dlr-a', day: monday, competency: 'adas_calibration', hours: 4, bays: 1 }],
  });

  it('subtracts bookings from technician hours and bays', () => {
    expect(remainingCapacity(calendar, 'dlr-a', 'adas_calibration', monday)).toEqual({ open: true, hours: 2, bays: 3 });
    expect(remainingCapacity(calendar, 'dlr-a', 'general', monday)).toEqual({ open: true, hours: 16, bays: 3 });
    expect(utilisation(calendar, 'dlr-a', monday).ratio).toBeCloseTo(4 / 22);
  });

  it('honours closures, Sundays and per-day overrides', () => {
    expect(remainingCapacity(calendar, 'dlr-a', 'general', '2026-11-24').open).toBe(false);
    expect(remainingCapacity(calendar, 'dlr-a', 'general', '2026-11-22').open).toBe(false);
    expect(remainingCapacity(calendar, 'dlr-a', 'adas_calibration', '2026-11-25').hours).toBe(2);
  });

  it('summarises utilisation per dealer for the network map', () => {
    const [a] = networkUtilisation(calendar, [dealer('dlr-a')], '2026-11-22', 4);
    expect(a).toMatchObject({ dealerId: 'dlr-a', capacityHours: 22 + 18, bookedHours: 4, saturatedDays: 0 });
    expect(a?.ratio).toBeCloseTo(4 / 40);
  });

  it('refuses a booking that does not fit and leaves the calendar unchanged', () => {
    const tooBig = addBooking(calendar, { id: 'b2', dealerId: 'dlr-a', day: monday, competency: 'adas_calibration', hours: 3, bays: 1 });
    expect(tooBig).toMatchObject({ ok: false, code: 'no_hours' });
    const fits = addBooking(calendar, { id: 'b3', dealerId: 'dlr-a', day: monday, competency: 'adas_calibration', hours: 2, bays: 1 });
    expect(fits.ok).toBe(true);
    if (fits.ok) expect(remainingCapacity(fits.calendar, 'dlr-a', 'adas_calibration', monday).hours).toBe(0);
    expect(remainingCapacity(calendar, 'dlr-a', 'adas_calibration', monday).hours).toBe(2);
  });
});

describe('which dealers can deliver an offer', () => {
  const now = new Date('2026-11-23T09:00:00Z');
  const offer = { id: 'off-adas', requires: [{ competency: 'adas_calibration' as const, hours: 3 }], requiresStock: ['CAL-KIT'] };
  const customer: DeliveryCustomer = { id: 'own-1', postalCode: 'SW1A 1AA', lat: 51.501, lon: -0.141, homeDealerId: 'dlr-home' };
  const dealers = [
    dealer('dlr-home'),
    dealer('dlr-uncert', { technicians: [{ competency: 'general', technicians: 3, hoursPerDay: 8 }] }),
    dealer('dlr-nostock'),
    dealer('dlr-full'),
    dealer('dlr-far', { territory: ['M1'], lat: 53.48, lon: -2.24 }),
  ];
  const stock = ['dlr-home', 'dlr-uncert', 'dlr-full', 'dlr-far'].map((d) => ({ dealerId: d, sku: 'CAL-KIT', kind: 'part' as const, quantity: 2 }));
  const bookings = [0, 1, 2].map((i) => ({ id: `full-${i}`, dealerId: 'dlr-full', day: `2026-11-2${3 + i}`, competency: 'adas_calibration' as const, hours: 5, bays: 1 }));
  bookings.push({ id: 'home-mon', dealerId: 'dlr-home', day: '2026-11-23', competency: 'adas_calibration', hours: 4, bays: 1 });
  const calendar = buildCapacityCalendar({ dealers, bookings });
  const answer = findDeliveringDealers({ offer, customer, vehicle: null, dealers, calendar, stock, now, withinDays: 3 });
  const byId = new Map(answer.map((a) => [a.dealerId, a]));
  const failed = (id: string): string[] => (byId.get(id)?.reasons ?? []).filter((r) => !r.passed).map((r) => r.code);

  it('finds the home dealer with its earliest free day', () => {
    expect(answer[0]?.dealerId).toBe('dlr-home');
    expect(byId.get('dlr-home')).toMatchObject({ canDeliver: true, earliestDay: '2026-11-24', homeDealer: true });
  });

  it('explains why the others cannot', () => {
    expect(failed('dlr-uncert')).toEqual(['certified', 'capacity_in_window']);
    expect(failed('dlr-nostock')).toEqual(['in_stock']);
    expect(failed('dlr-full')).toEqual(['capacity_in_window']);
    expect(failed('dlr-far')).toEqual(['in_territory']);
    expect(byId.get('dlr-far')?.reasons[0]?.detail).toMatch(/km away/);
    expect(answer.filter((a) => a.canDeliver).map((a) => a.dealerId)).toEqual(['dlr-home']);
  });

  it('finds capacity for the full dealer once the window is longer', () => {
    const longer = findDeliveringDealers({ offer, customer, vehicle: null, dealers, calendar, stock, now, withinDays: 5 });
    expect(longer.find((a) => a.dealerId === 'dlr-full')?.earliestDay).toBe('2026-11-26');
  });

  it('resolves the territory owner by the longest prefix', () => {
    expect(territoryOwner([dealer('d-x', { territory: ['SW'] }), dealer('d-y', { territory: ['SW1A'] })], 'sw1a 2bb')?.id).toBe('d-y');
    expect(territoryOwner([dealer('d-x', { territory: ['SW'] })], 'N1 9GU')).toBeNull();
  });
});
