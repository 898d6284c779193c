import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Campaign, Fund, MarketCode, Offer, Program } from '../../domain';
import { ForecourtError } from '../../kernel';
import { errorResponses } from '../api-schemas';
import type { AppDeps } from '../deps';

export function registerOfferRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/offers', {
    config: { permission: 'offers.read' },
    schema: { tags: ['offers'], summary: 'The offer catalog', querystring: z.strictObject({ market: MarketCode.optional() }), response: { 200: z.object({ items: z.array(Offer) }), ...errorResponses } },
  }, async (req) => ({ items: await deps.store.programs.listOffers(req.query.market ? { market: req.query.market } : {}) }));

  r.get('/api/v1/offers/:id', {
    config: { permission: 'offers.read' },
    schema: { tags: ['offers'], summary: 'One offer', params: z.strictObject({ id: Offer.shape.id }), response: { 200: Offer, ...errorResponses } },
  }, async (req) => {
    const o = await deps.store.programs.getOffer(req.params.id);
    if (!o) throw new ForecourtError('NOT_FOUND');
    return o;
  });

  r.post('/api/v1/offers', {
    config: { permission: 'offers.write' },
    schema: { tags: ['offers'], summary: 'Create or replace an offer', body: Offer, response: { 201: Offer, ...errorResponses, 409: errorResponses[400] } },
  }, async (req, reply) => {
    const offer = req.body;
    if (Date.parse(offer.validTo) <= Date.parse(offer.validFrom)) throw new ForecourtError('VALIDATION_FAILED', 'validTo must be after validFrom');
    if (!(await deps.store.programs.listPrograms()).some((p) => p.id === offer.programId)) throw new ForecourtError('CONFLICT', `program ${offer.programId} does not exist`);
    await deps.store.programs.upsertOffer(offer);
    return reply.status(201).send(offer);
  });

  r.get('/api/v1/programs', {
    config: { permission: 'offers.read' },
    schema: { tags: ['offers'], summary: 'Promotion programs', response: { 200: z.object({ items: z.array(Program) }) } },
  }, async () => ({ items: await deps.store.programs.listPrograms() }));

  r.get('/api/v1/funds', {
    config: { permission: 'offers.read' },
    schema: { tags: ['funds'], summary: 'Trade funds per program and tier', response: { 200: z.object({ items: z.array(Fund) }) } },
  }, async () => ({ items: await deps.store.programs.listFunds() }));

  r.get('/api/v1/campaigns', {
    config: { permission: 'offers.read' },
    schema: { tags: ['offers'], summary: 'Campaigns', response: { 200: z.object({ items: z.array(Campaign) }) } },
  }, async () => ({ items: await deps.store.programs.listCampaigns() }));
}
