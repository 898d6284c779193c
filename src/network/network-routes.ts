import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app';
import { NodeId, Vin } from '../domain';
import { scopeOf } from '../identity';
import { errorCodes, ForecourtError } from '../kernel';
import { catalogStore } from '../offers';
import type { TenantScope } from '../store';
import { Booking, CapacityException } from './capacity-calendar';
import { dayOf, DayKey } from './day';
import { networkStore } from './network-store';

const ErrorResponse = z.object({ code: z.enum(Object.keys(errorCodes) as [keyof typeof errorCodes]), message: z.string(), details: z.unknown().optional() });
const errors = { 400: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

const Period = z.strictObject({ from: DayKey.optional(), days: z.coerce.number().int().min(1).max(92).default(14) });
const DealerParams = z.strictObject({ id: NodeId });

const ImportBody = z.strictObject({
  format: z.enum(['csv', 'json']),
  /** The file's text, exactly as in a file for `forecourt network import`. */
  content: z.string().max(900_000),
  dryRun: z.boolean().default(false),
});

const Utilisation = z.object({
  dealerId: z.string(), code: z.string(), name: z.string(), market: z.string().nullable(), lat: z.number(), lon: z.number(),
  serviceBaysPerDay: z.number(), competitionIndex: z.number(), capacityHours: z.number(), bookedHours: z.number(), ratio: z.number(), saturatedDays: z.number(),
});

const DeliverBody = z.strictObject({
  offerId: z.string().min(1).max(80),
  vin: Vin,
  withinDays: z.int().min(1).max(60),
  /** Where the customer lives, if known; without it territory does not restrict. */
  postalCode: z.string().min(1).max(12).optional(),
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
  maxDistanceKm: z.number().positive().max(2000).optional(),
});

const Reason = z.object({ code: z.string(), passed: z.boolean(), detail: z.string() });
const Candidate = z.object({
  dealerId: z.string(), canDeliver: z.boolean(), earliestDay: z.string().nullable(), distanceKm: z.number().nullable(), homeDealer: z.boolean(), reasons: z.array(Reason),
});

function scope(req: FastifyRequest): TenantScope {
  if (!req.principal) throw new ForecourtError('UNAUTHENTICATED');
  return scopeOf(req.principal);
}

/** Network: imports, capacity calendar, bookings, utilisation for the map, "who can deliver". */
export function registerNetworkCapabilityRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const net = networkStore(deps.store.db);
  const today = (): string => dayOf(deps.clock());

  r.post('/api/v1/network/import', {
    config: { permission: 'network.write' },
    schema: {
      tags: ['network'], summary: 'Import nodes, dealers, stock, capacity exceptions and bookings (CSV or JSON, all rows or none)',
      description: 'Formats: src/network/README.md. A file with any bad row answers 400 IMPORT_REJECTED with details.problems[{ line, field, reason }] and imports nothing.',
      body: ImportBody,
      response: { 200: z.object({ dryRun: z.boolean(), rows: z.number(), counts: z.record(z.string(), z.number()) }), 201: z.object({ dryRun: z.boolean(), rows: z.number(), counts: z.record(z.string(), z.number()) }), ...errors },
    },
  }, async (req, reply) => {
    const result = await net.importNetwork(scope(req), req.body.content, req.body.format, { dryRun: req.body.dryRun });
    if (!result.ok) throw new ForecourtError('IMPORT_REJECTED', `${result.problems.length} problem(s) in the network file; nothing was imported`, { problems: result.problems });
    return reply.status(result.dryRun ? 200 : 201).send({ dryRun: result.dryRun, rows: result.rows, counts: { ...result.counts } });
  });

  r.get('/api/v1/network/utilisation', {
    config: { permission: 'network.read' },
    schema: {
      tags: ['network'], summary: 'Capacity utilisation per visible dealer over a period (booked / available technician hours)',
      querystring: Period, response: { 200: z.object({ from: z.string(), days: z.number(), items: z.array(Utilisation) }), ...errors },
    },
  }, async (req) => {
    const from = req.query.from ?? today();
    return { from, days: req.query.days, items: await net.utilisation(scope(req), from, req.query.days) };
  });

  r.get('/api/v1/network/dealers/:id/calendar', {
    config: { permission: 'network.read' },
    schema: {
      tags: ['network'], summary: 'A dealer\'s capacity calendar: per day gross capacity, bookings and exceptions',
      params: DealerParams, querystring: Period,
      response: { 200: z.object({ dealerId: z.string(), days: z.array(z.object({ day: z.string(), open: z.boolean(), capacityHours: z.number(), bookedHours: z.number(), serviceBays: z.number(), bookedBays: z.number(), ratio: z.number(), exception: CapacityException.nullable() })), bookings: z.array(Booking) }), ...errors },
    },
  }, async (req) => {
    const cal = await net.dealerCalendar(scope(req), req.params.id, req.query.from ?? today(), req.query.days);
    return { dealerId: req.params.id, days: cal.days.map(({ dealerId: _d, ...d }) => d), bookings: cal.bookings };
  });

  r.put('/api/v1/network/dealers/:id/capacity/:day', {
    config: { permission: 'network.write' },
    schema: {
      tags: ['network'], summary: 'Set a capacity exception for one day (closure, fewer bays or hours)',
      params: z.strictObject({ id: NodeId, day: DayKey }), body: CapacityException.omit({ dealerId: true, day: true }),
      response: { 200: CapacityException, ...errors },
    },
  }, async (req) => {
    const exception = CapacityException.parse({ ...req.body, dealerId: req.params.id, day: req.params.day });
    await net.setException(scope(req), exception);
    return exception;
  });

  r.post('/api/v1/network/dealers/:id/bookings', {
    config: { permission: 'network.write' },
    schema: {
      tags: ['network'], summary: 'Book workshop time; 409 CONFLICT with details.code dealer_closed | no_hours | no_bays when it does not fit',
      params: DealerParams, body: Booking.omit({ dealerId: true, id: true }).extend({ id: Booking.shape.id.optional() }),
      response: { 201: Booking, ...errors },
    },
  }, async (req, reply) => {
    const booking = Booking.parse({ ...req.body, id: req.body.id ?? `bk-${randomUUID()}`, dealerId: req.params.id });
    const result = await net.book(scope(req), booking);
    if (!result.ok) throw new ForecourtError('CONFLICT', result.detail, { code: result.code });
    return reply.status(201).send(result.booking);
  });

  r.post('/api/v1/network/deliver', {
    config: { permission: 'network.read' },
    schema: {
      tags: ['network'], summary: 'Which dealers can deliver offer X to the owner of vehicle Y within N days, each with its earliest day and reasons',
      body: DeliverBody, response: { 200: z.object({ offerId: z.string(), vin: z.string(), from: z.string(), candidates: z.array(Candidate) }), ...errors },
    },
  }, async (req) => {
    const s = scope(req);
    const vehicle = await deps.store.customers.getVehicle(s, req.body.vin);
    const offer = await catalogStore(deps.store.db).get(s, req.body.offerId);
    if (!vehicle || !offer) throw new ForecourtError('NOT_FOUND');
    const now = deps.clock();
    const candidates = await net.deliveringDealers(s, {
      offer, vehicle, withinDays: req.body.withinDays, now,
      customer: { id: vehicle.ownerId ?? vehicle.vin, postalCode: req.body.postalCode ?? null, lat: req.body.lat ?? null, lon: req.body.lon ?? null, homeDealerId: vehicle.homeDealerId },
      ...(req.body.maxDistanceKm === undefined ? {} : { maxDistanceKm: req.body.maxDistanceKm }),
    });
    return { offerId: offer.id, vin: vehicle.vin, from: dayOf(now), candidates };
  });
}
