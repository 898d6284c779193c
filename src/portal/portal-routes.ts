import { randomInt } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps, RouteModule } from '../app';
import { requestScope } from '../identity';
import { NodeId, OwnerId } from '../domain';
import { needScores, storedReadings } from '../models';
import { createRng, errorCodes, ForecourtError, type Rng } from '../kernel';
import { telemetryStore } from '../telemetry';
import { createPrivacyAccountant, releaseAreaStats, type EncounterSummary } from '../v2x';
import { dealerArea, defaultPortalPrivacy, releaseNetworkConversion, releaseUsage, summariesInArea, totalEpsilon, type PortalPrivacyPolicy } from './noised-aggregates';
import { offersByCustomer, offerTotals } from './offer-results';
import { portalStore } from './portal-store';
import { predictNeeds } from './predict-needs';

const ErrorBody = z.object({ code: z.enum(Object.keys(errorCodes) as [keyof typeof errorCodes]), message: z.string(), details: z.unknown().optional() });
const errors = { 400: ErrorBody, 404: ErrorBody };

const Need = z.object({
  code: z.string(), description: z.string(), status: z.enum(['scored', 'not_enough_data', 'withheld']), score: z.number().nullable(),
  reason: z.enum(['no_consent', 'no_telemetry_features', 'inputs_not_observed']).nullable(),
  used: z.array(z.object({ name: z.string(), value: z.number(), from: z.string() })), missing: z.array(z.string()), reasons: z.array(z.string()),
});
const Offer = z.object({
  offerId: z.string(), offerName: z.string().nullable(), firstAt: z.string(), channels: z.array(z.object({ channel: z.string(), status: z.string() })),
  result: z.enum(['redeemed', 'lead', 'awaiting_response', 'blocked']), redeemedAt: z.string().nullable(),
});
const Totals = z.object({
  offersMade: z.int(), blocked: z.int(), redeemed: z.int(), leads: z.int(), customersOffered: z.int(), customersRedeemed: z.int(), conversion: z.number().nullable(),
});
const CustomersResponse = z.object({
  dealerId: z.string(),
  items: z.array(z.object({
    id: z.string(), displayName: z.string(), contact: z.string().nullable(),
    vehicles: z.array(z.object({ vin: z.string(), modelId: z.string(), modelName: z.string(), softwareVersion: z.string(), odometerKm: z.number(), needs: z.array(Need) })),
    offers: z.array(Offer), totals: Totals,
  })),
  next: z.string().nullable(),
});
const Cell = z.discriminatedUnion('status', [z.object({ status: z.literal('released'), value: z.number() }), z.object({ status: z.literal('suppressed') })]);
const Aggregates = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('released'), noised: z.literal(true), day: z.string(), epsilon: z.number(), kThreshold: z.int(),
    network: z.object({ customersOffered: Cell, customersRedeemed: Cell, conversion: z.number().nullable(), epsilon: z.number(), mechanism: z.string() }),
    usage: z.object({ market: z.string().nullable(), vehicles: Cell, needs: z.array(z.object({ code: z.string(), vehicles: Cell, share: z.number().nullable() })), epsilon: z.number(), mechanism: z.string() }),
    v2x: z.object({ h3Resolution: z.int(), windowDays: z.number(), cells: z.array(z.object({ cell: z.string(), vehicles: z.number() })), suppressed: z.int(), sybilDiscounted: z.int(), epsilon: z.number(), reasons: z.array(z.string()) }),
  }),
  z.object({ status: z.literal('refused'), noised: z.literal(true), reason: z.string(), reasons: z.array(z.string()), spent: z.object({ day: z.number(), month: z.number() }) }),
]);
type Aggregates = z.infer<typeof Aggregates>;
const SummaryResponse = z.object({ dealerId: z.string(), dealerName: z.string(), customers: z.int(), totals: Totals, aggregates: Aggregates });

export interface PortalRouteOptions {
  /** Randomness of the noise (tests pass a seeded one); default: a fresh cryptographic seed per release. */
  rng?: () => Rng;
  policy?: PortalPrivacyPolicy;
}

/**
 * The dealer portal API. Customers with their vehicles' predicted needs (consent-gated) and
 * the offers made to them with their results; the dealer's exact totals over its own
 * customers; and the aggregates of THREATS.md §6 (network comparison, market usage, V2X area
 * statistics), noised and thresholded server-side and charged once per caller, dealer and day
 * to the caller's privacy budget (the same release is served again that day without a charge).
 */
export function createPortalRoutes(opts: PortalRouteOptions = {}): RouteModule {
  const policy = opts.policy ?? defaultPortalPrivacy;
  const rngFor = opts.rng ?? (() => createRng(randomInt(0, 2 ** 32 - 1)));
  return (app: FastifyInstance, deps: AppDeps) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const store = portalStore(deps.store.db);
    const tsql = telemetryStore(deps.store.db);
    const released = new Map<string, Aggregates>();

    async function dealerOr404(req: Parameters<typeof requestScope>[0], id: string) {
      const dealer = await store.dealer(requestScope(req), id);
      if (!dealer) throw new ForecourtError('NOT_FOUND');
      return dealer;
    }

    r.get('/api/v1/dealers/:id/portal/customers', {
      config: { permission: 'customers.read' },
      schema: {
        tags: ['portal'],
        summary: 'A dealer’s customers (paged by id): vehicles with predicted needs (only with telematics_marketing consent), offers made and their results',
        params: z.strictObject({ id: NodeId }),
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(25), after: OwnerId.optional() }),
        response: { 200: CustomersResponse, ...errors },
      },
    }, async (req) => {
      const scope = requestScope(req);
      const dealer = await dealerOr404(req, req.params.id);
      const page = await store.customers(scope, dealer.id, { limit: req.query.limit, ...(req.query.after ? { after: req.query.after } : {}) });
      const ids = page.items.map((o) => o.id);
      const [vehicles, consents, facts] = [await store.vehicles(ids), await store.consents(ids), await store.offerFacts({ ownerIds: ids })];
      const offers = offersByCustomer(facts);
      return {
        dealerId: dealer.id,
        items: page.items.map((o) => {
          const mine = offers.get(o.id) ?? [];
          return {
            id: o.id, displayName: o.displayName, contact: o.email ?? o.phone,
            vehicles: vehicles.filter((v) => v.ownerId === o.id).map((v) => ({
              vin: v.vin, modelId: v.modelId, modelName: v.modelName, softwareVersion: v.softwareVersion, odometerKm: v.odometerKm,
              needs: predictNeeds({ consent: consents.get(o.id) ?? {}, readings: v.features === null ? null : storedReadings(v.features), facts: v.facts }),
            })),
            offers: mine,
            totals: offerTotals(new Map([[o.id, mine]])),
          };
        }),
        next: page.next,
      };
    });

    r.get('/api/v1/dealers/:id/portal/summary', {
      config: { permission: 'portal.read' },
      schema: {
        tags: ['portal'],
        summary: 'A dealer’s exact totals over its own customers, and noised, thresholded aggregates (network conversion, market usage, V2X area) charged to the caller’s privacy budget',
        params: z.strictObject({ id: NodeId }),
        response: { 200: SummaryResponse, ...errors },
      },
    }, async (req) => {
      const scope = requestScope(req);
      const dealer = await dealerOr404(req, req.params.id);
      const totals = offerTotals(offersByCustomer(await store.offerFacts({ scope, dealerId: dealer.id })));
      const customers = await store.customerCount(scope, dealer.id);
      const tenant = req.principal!.nodeId;
      const now = deps.clock();
      const day = now.toISOString().slice(0, 10);
      const cacheKey = `${tenant}|${dealer.id}|${day}`;
      let aggregates = released.get(cacheKey);
      if (!aggregates) {
        aggregates = await release(tenant, dealer, now);
        if (aggregates.status === 'released') {
          for (const k of released.keys()) if (!k.endsWith(`|${day}`)) released.delete(k);
          released.set(cacheKey, aggregates);
        }
      }
      return { dealerId: dealer.id, dealerName: dealer.name, customers, totals, aggregates };
    });

    async function release(tenant: string, dealer: { id: string; market: string | null; lat: number; lon: number }, now: Date): Promise<Aggregates> {
      const day = now.toISOString().slice(0, 10);
      const month = now.toISOString().slice(0, 7);
      const rng = rngFor();
      return deps.store.db.transaction(async (tx): Promise<Aggregates> => {
        const spent = await tsql.privacySpent(tx, tenant, day, month);
        const accountant = createPrivacyAccountant(undefined, [{ tenant, at: now, dayMicro: spent.day, monthMicro: spent.month }]);
        const refused = (reason: string, reasons: string[]): Aggregates => ({ status: 'refused', noised: true, reason, reasons, spent: accountant.spent(tenant, now) });
        const first = accountant.charge(tenant, policy.epsilon.network + policy.epsilon.usage, now);
        if (!first.ok) return refused(first.code, first.reasons);
        const stored = await tsql.encounterSummaries(new Date(now.getTime() - policy.windowMs), now, tx);
        const summaries: EncounterSummary[] = stored.map((s, i) => ({ vehicle: i, approaches: s.approaches, stopsAtRed: s.stopsAtRed, stopsOnGreen: s.stopsOnGreen, intersections: [], cells: s.cells, trajectoryHash: s.trajectoryHash, messages: s.messages }));
        const v2x = releaseAreaStats(summariesInArea(summaries, dealerArea(dealer.lat, dealer.lon, policy), policy.h3Resolution),
          { tenant, h3Resolution: policy.h3Resolution, bucketMs: policy.windowMs, epsilon: policy.epsilon.v2x }, { accountant, rng, now });
        if (!v2x.ok) return refused(v2x.code, v2x.reasons);
        const txStore = portalStore(tx);
        const network = releaseNetworkConversion(await txStore.networkConversionCounts(dealer.id), policy, rng);
        const topNeeds: (string | null)[] = [];
        for (const row of dealer.market ? await txStore.marketFeatures(dealer.market) : []) {
          const readings = storedReadings(row.features);
          if (readings.length === 0) continue;
          const scored = predictNeeds({ consent: { 'telematics_marketing:any': true }, readings, facts: row.facts })
            .filter((n) => n.status === 'scored' && (n.score ?? 0) >= policy.highNeed)
            .sort((a, b) => (b.score ?? 0) - (a.score ?? 0) || a.code.localeCompare(b.code));
          topNeeds.push(scored[0]?.code ?? null);
        }
        const usage = releaseUsage(topNeeds, needScores.map((s) => s.code), policy, rng);
        await tsql.chargePrivacy(tx, tenant, day, month, Math.round(totalEpsilon(policy) * 1e6), now);
        return {
          status: 'released', noised: true, day, epsilon: totalEpsilon(policy), kThreshold: policy.kThreshold,
          network, usage: { market: dealer.market, ...usage },
          v2x: { h3Resolution: policy.h3Resolution, windowDays: policy.windowMs / 86_400_000, cells: v2x.cells, suppressed: v2x.suppressed, sybilDiscounted: v2x.sybilDiscounted, epsilon: v2x.epsilon, reasons: v2x.reasons },
        };
      });
    }
  };
}

export const registerPortalRoutes: RouteModule = createPortalRoutes();
