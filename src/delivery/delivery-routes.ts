import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app';
import { requestScope } from '../identity';
import { Channel, NodeId, OwnerId } from '../domain';
import { ForecourtError } from '../kernel';
import { scopePredicate } from '../store';
import { DeliveryMessage } from './channel';
import { adfLead } from './channels';
import { DeliveryRequest, deliveryStore } from './deliver-offer-store';
import { outboxStore } from './outbox-store';
import { redemptionStore } from './redemption-store';

/**
 * Delivery API: enqueue an offer for owners (through the gate), read delivery status per owner,
 * the review queue of blocked messages, dealer leads (ADF), and the dealer's redemption check.
 */
const ErrorBody = z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() });
const errors = { 400: ErrorBody, 404: ErrorBody };

const ChannelOutcome = z.object({
  channel: Channel,
  status: z.enum(['queued', 'duplicate', 'blocked', 'would_queue', 'skipped']),
  outboxId: z.string().optional(),
  reviewId: z.string().optional(),
  reasons: z.array(z.string()),
});
const DeliveryResponse = z.object({
  offerId: z.string(),
  campaignId: z.string(),
  owners: z.array(z.object({ ownerId: z.string(), status: z.enum(['queued', 'blocked', 'skipped']), deliveries: z.array(ChannelOutcome) })),
});
const DeliveryStatus = z.object({
  id: z.string(), campaignId: z.string(), offerId: z.string(), channel: Channel, status: z.enum(['queued', 'sending', 'sent', 'dead']),
  attempts: z.int(), nextAttemptAt: z.string(), providerMessageId: z.string().nullable(), lastError: z.string().nullable(),
  deadReason: z.string().nullable(), createdAt: z.string(), sentAt: z.string().nullable(),
});

export function registerDeliveryRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.store.db;

  r.post('/api/v1/deliveries', {
    config: { permission: 'delivery.send' },
    schema: {
      tags: ['delivery'], summary: 'Render, check (compliance gate) and enqueue an offer for owners; per owner and channel: queued, blocked (with reasons and a review item) or skipped',
      body: DeliveryRequest, response: { 200: DeliveryResponse, ...errors },
    },
  }, async (req) => deliveryStore(db).deliverOffer(requestScope(req), req.body, { now: deps.clock() }));

  const statusOf = (row: NonNullable<Awaited<ReturnType<ReturnType<typeof outboxStore>['get']>>>) => {
    const { stored: _stored, idempotencyKey: _k, ownerId: _o, dealerId: _d, market: _m, maxAttempts: _x, leaseOwner: _l, ...status } = row;
    return status;
  };

  r.get('/api/v1/deliveries/:id', {
    config: { permission: 'offers.read' },
    schema: {
      tags: ['delivery'], summary: 'Outbox status of one delivery (no message content); another tenant’s delivery is 404',
      params: z.strictObject({ id: z.string().regex(/^dlv-[0-9a-f]{32}$/) }), response: { 200: DeliveryStatus, ...errors },
    },
  }, async (req) => {
    const row = await outboxStore(db).get(requestScope(req), req.params.id);
    if (!row) throw new ForecourtError('NOT_FOUND');
    return statusOf(row);
  });

  r.get('/api/v1/owners/:id/deliveries', {
    config: { permission: 'offers.read' },
    schema: {
      tags: ['delivery'], summary: 'Outbox status of the deliveries to one owner (no message content)',
      params: z.strictObject({ id: OwnerId }), response: { 200: z.object({ items: z.array(DeliveryStatus) }), ...errors },
    },
  }, async (req) => {
    const scope = requestScope(req);
    const s = scopePredicate(scope, 'o.home_dealer_id', 2);
    const { rows } = await db.query(`SELECT 1 FROM owners o WHERE o.id = $1 AND ${s.sql}`, [req.params.id, ...s.params]);
    if (rows.length === 0) throw new ForecourtError('NOT_FOUND');
    const outbox = outboxStore(db);
    const { rows: ids } = await db.query<{ id: string }>('SELECT id FROM delivery_outbox WHERE owner_id = $1 ORDER BY created_at, id', [req.params.id]);
    const items = [];
    for (const { id } of ids) {
      const row = await outbox.get(scope, id);
      if (row) items.push(statusOf(row));
    }
    return { items };
  });

  r.get('/api/v1/delivery-reviews', {
    config: { permission: 'compliance.review' },
    schema: {
      tags: ['delivery'], summary: 'Messages the compliance gate blocked, as review items',
      response: { 200: z.object({ items: z.array(z.object({ id: z.string(), ownerId: z.string(), offerId: z.string(), channel: z.string(), market: z.string(), reason: z.string(), status: z.string(), violations: z.array(z.string()), createdAt: z.string() })) }), ...errors },
    },
  }, async (req) => ({ items: await outboxStore(db).listReviews(requestScope(req)) }));

  r.get('/api/v1/dealers/:id/leads', {
    config: { permission: 'portal.read' },
    schema: {
      tags: ['delivery'], summary: 'Dealer CRM leads for one dealer, as ADF 1.0 XML',
      params: z.strictObject({ id: NodeId }),
      response: { 200: z.object({ items: z.array(z.object({ id: z.string(), offerId: z.string(), status: z.string(), createdAt: z.string(), adf: z.string() })) }), ...errors },
    },
  }, async (req) => {
    const scope = requestScope(req);
    if (!(await deps.store.network.getDealer(scope, req.params.id))) throw new ForecourtError('NOT_FOUND');
    const rows = await outboxStore(db).list({ channel: 'dealer_crm', dealerId: req.params.id });
    const items = [];
    for (const row of rows) {
      const message = DeliveryMessage.safeParse(row.stored.message);
      const adf = message.success ? adfLead(message.data, new Date(row.createdAt)) : null;
      if (adf) items.push({ id: row.id, offerId: row.offerId, status: row.status, createdAt: row.createdAt, adf });
    }
    return { items };
  });

  r.post('/api/v1/redemptions/verify', {
    config: { permission: 'claims.write' },
    schema: {
      tags: ['delivery'], summary: 'A dealer checks a redemption code: signature, expiry, and marks it redeemed once',
      body: z.strictObject({ code: z.string().min(1).max(400) }),
      response: {
        200: z.object({ status: z.enum(['redeemed', 'already_redeemed', 'invalid']), offerId: z.string().optional(), redeemedAt: z.string().optional(), reason: z.string().optional() }),
        ...errors,
      },
    },
  }, async (req) => {
    const principal = req.principal!;
    const outcome = await redemptionStore(db).redeem(requestScope(req), req.body.code, `${principal.nodeId}`, deps.clock());
    if (!outcome) throw new ForecourtError('NOT_FOUND');
    return outcome;
  });
}
