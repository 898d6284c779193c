import { resolveVehicleCapabilities, type CapabilityRegistry } from '../compliance';
import { z } from 'zod';
import { Channel, type ConsentState, type MarketCode } from '../domain';
import { ForecourtError } from '../kernel';
import { catalogStore, evaluateEligibility, isWithinValidity } from '../offers';
import { createStore, globalScope, scopePredicate, type Db, type TenantScope } from '../store';
import type { Language, Recipient } from './channel';
import { draftMessage } from './ai-drafting-io';
import { chooseChannels, type SkipReason } from './choose-channels';
import { composeMessage } from './compose-message';
import { clearForDelivery, type VehicleFacts } from './delivery-gate';
import { loadCapabilityRegistry } from './vehicle-capabilities-store';
import { contactsAllowed, defaultFrequencyCaps, longestWindowHours, type FrequencyCaps } from './frequency-cap';
import { outboxStore } from './outbox-store';
import { redemptionStore } from './redemption-store';
import type { Currency } from './terms-text';

/**
 * Offer + owners → rendered, checked, enqueued (issue 12 items 5, 7, 8). For each owner:
 * channels by preference, consent and reach; frequency caps across all channels; one signed
 * redemption code per owner and offer; the same terms in every channel; each rendered message
 * cleared by the compliance gate on its exact text before it may enter the outbox. Blocked
 * messages become review items.
 */
export const DeliveryRequest = z.strictObject({
  offerId: z.string().regex(/^off-[a-z0-9-]{1,60}$/),
  campaignId: z.string().regex(/^[a-z0-9-]{1,80}$/).optional(),
  ownerIds: z.array(z.string().regex(/^own-[a-z0-9-]{1,60}$/)).min(1).max(1000),
  channels: z.array(Channel).min(1).max(7).optional(),
  maxChannelsPerOwner: z.int().min(1).max(7).default(1),
  /** Template variant (bandit arm); default 0. */
  variant: z.int().min(0).max(100).default(0),
  /** `ai`: copy drafted by the configured AI adapter (untrusted; checked, then the same gate). */
  copy: z.enum(['template', 'ai']).default('template'),
  dryRun: z.boolean().default(false),
});
export type DeliveryRequest = z.infer<typeof DeliveryRequest>;
export type DeliveryRequestInput = z.input<typeof DeliveryRequest>;

export interface ChannelOutcome {
  channel: Channel;
  status: 'queued' | 'duplicate' | 'blocked' | 'would_queue' | 'skipped';
  outboxId?: string;
  reviewId?: string;
  reasons: string[];
}

export interface OwnerOutcome {
  ownerId: string;
  status: 'queued' | 'blocked' | 'skipped';
  deliveries: ChannelOutcome[];
}

export interface DeliverOptions {
  readonly now: Date;
  readonly caps?: FrequencyCaps;
  /** AI drafting configuration (`AiDraftingConfig`); AI copy is refused without it. */
  readonly ai?: unknown;
}

interface OwnerRow { id: string; market: MarketCode; display_name: string; email: string | null; phone: string | null; language: Language; home_dealer_id: string | null }

export function deliveryStore(db: Db) {
  const core = createStore(db);

  async function vehicleMoving(vin: string): Promise<boolean> {
    const { rows } = await db.query<{ moving: boolean }>('SELECT moving FROM delivery_vehicle_states WHERE vin = $1', [vin]);
    return rows[0]?.moving === true;
  }

  let registryCache: { at: number; registry: CapabilityRegistry | null } | undefined;
  async function certifiedFeaturesOf(v: { modelId: string; hardwareVariantId: string; softwareVersion: string; market: string }): Promise<string[]> {
    if (!registryCache || Date.now() - registryCache.at > 30_000) {
      registryCache = { at: Date.now(), registry: await loadCapabilityRegistry(db) };
    }
    if (!registryCache.registry) return [];
    return [...resolveVehicleCapabilities(registryCache.registry, v).certifiedFeatures];
  }

  async function vehicleOf(ownerId: string): Promise<{ vin: string; facts: VehicleFacts; vehicle: NonNullable<Recipient['vehicle']> } | null> {
    const { rows } = await db.query<Record<string, unknown>>(
      `SELECT v.vin, v.model_year, v.model_id, v.hardware_variant_id, v.software_version, v.market, m.name AS model, m.brand, h.adas_level FROM vehicles v
         JOIN vehicle_models m ON m.id = v.model_id JOIN hardware_variants h ON h.id = v.hardware_variant_id
        WHERE v.owner_id = $1 ORDER BY v.vin LIMIT 1`, [ownerId]);
    const r = rows[0];
    if (!r) return null;
    return {
      vin: String(r.vin),
      // What this vehicle is certified to do in its market at its software version, from the
      // approvals the release feed recorded; the checker reads this, never a label in the copy.
      facts: { model: String(r.model), adasLevel: Number(r.adas_level), certifiedFeatures: await certifiedFeaturesOf({
        modelId: String(r.model_id), hardwareVariantId: String(r.hardware_variant_id), softwareVersion: String(r.software_version), market: String(r.market),
      }) },
      vehicle: { make: String(r.brand), model: String(r.model), year: Number(r.model_year) },
    };
  }

  return {
    vehicleMoving,

    /** The vehicle's last reported parked/moving state (latest report wins). */
    async recordVehicleState(vin: string, moving: boolean, at: Date): Promise<void> {
      await db.query(
        `INSERT INTO delivery_vehicle_states (vin, moving, reported_at) VALUES ($1, $2, $3)
         ON CONFLICT (vin) DO UPDATE SET moving = EXCLUDED.moving, reported_at = EXCLUDED.reported_at WHERE delivery_vehicle_states.reported_at <= EXCLUDED.reported_at`,
        [vin, moving, at.toISOString()]);
    },

    async setPreferences(ownerId: string, channels: readonly Channel[], at: Date): Promise<void> {
      await db.query(
        `INSERT INTO delivery_channel_preferences (owner_id, channels, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (owner_id) DO UPDATE SET channels = EXCLUDED.channels, updated_at = EXCLUDED.updated_at`, [ownerId, [...channels], at.toISOString()]);
    },

    async deliverOffer(scope: TenantScope, raw: DeliveryRequestInput, opts: DeliverOptions): Promise<{ offerId: string; campaignId: string; owners: OwnerOutcome[] }> {
      const request = DeliveryRequest.parse(raw);
      if (request.copy === 'ai' && opts.ai === undefined) throw new ForecourtError('VALIDATION_FAILED', 'AI drafting is not configured');
      const offer = await catalogStore(db).get(scope, request.offerId);
      if (!offer) throw new ForecourtError('NOT_FOUND');
      // A batch with any owner outside the caller's scope is a 404 as a whole (THREATS.md §4.4).
      const s = scopePredicate(scope, 'o.home_dealer_id', 2);
      const { rows: ownerRows } = await db.query<OwnerRow>(`SELECT o.* FROM owners o WHERE o.id = ANY($1::text[]) AND ${s.sql}`, [request.ownerIds, ...s.params]);
      const owners = new Map(ownerRows.map((o) => [o.id, o]));
      if (request.ownerIds.some((id) => !owners.has(id))) throw new ForecourtError('NOT_FOUND');
      const campaignId = request.campaignId ?? `offer-${offer.id.slice(4)}`;
      const caps = opts.caps ?? defaultFrequencyCaps;
      const markets = await core.network.listMarkets();
      const results: OwnerOutcome[] = [];

      for (const ownerId of [...new Set(request.ownerIds)]) {
        const owner = owners.get(ownerId)!;
        const deliveries: ChannelOutcome[] = [];
        const skip = (reasons: string[]) => results.push({ ownerId, status: 'skipped', deliveries: [{ channel: 'push', status: 'skipped', reasons }] });
        if (!offer.markets.includes(owner.market)) { skip(['offer_not_in_market']); continue; }
        if (!isWithinValidity(offer, opts.now)) { skip(['offer_not_valid_now']); continue; }
        const vehicle = await vehicleOf(ownerId);
        if (vehicle && offer.rules.length > 0) {
          // The offer's stored eligibility rules for the owner's vehicle as of now (the owner is already in scope).
          const ctx = await catalogStore(db).eligibilityContext(globalScope, vehicle.vin, { at: opts.now });
          const verdict = ctx ? evaluateEligibility(offer, offer.rules, ctx, opts.now) : null;
          if (verdict && !verdict.eligible) { skip(verdict.reasons.filter((r) => !r.passed).map((r) => `not_eligible: ${r.code}${r.detail ? ` (${r.detail})` : ''}`)); continue; }
        }
        const consent: ConsentState = await core.customers.consentState(ownerId);
        const prefs = await db.query<{ channels: unknown }>('SELECT channels FROM delivery_channel_preferences WHERE owner_id = $1', [ownerId]);
        const preferences = prefs.rows[0] ? z.array(Channel).parse(typeof prefs.rows[0].channels === 'string' ? String(prefs.rows[0].channels).slice(1, -1).split(',') : prefs.rows[0].channels) : null;
        const dealerName = owner.home_dealer_id
          ? ((await db.query<{ name: string }>('SELECT name FROM tenant_nodes WHERE id = $1', [owner.home_dealer_id])).rows[0]?.name ?? null) : null;
        const choice = chooseChannels({
          preferences, consent, max: request.maxChannelsPerOwner, ...(request.channels ? { requested: request.channels } : {}),
          reach: { email: owner.email !== null, phone: owner.phone !== null, vehicle: vehicle !== null, vehicleMoving: vehicle ? await vehicleMoving(vehicle.vin) : false, dealer: owner.home_dealer_id !== null },
        });
        for (const sk of choice.skipped.filter((x) => x.reason !== 'not_requested')) deliveries.push({ channel: sk.channel, status: 'skipped', reasons: [sk.reason satisfies SkipReason] });

        // One owner at a time across processes: the cap check and the enqueue must not interleave.
        await db.transaction(async (tx) => {
          await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`forecourt-delivery-owner:${ownerId}`]);
          const txOutbox = outboxStore(tx);
          const txCodes = redemptionStore(tx);
          const history = await txOutbox.contactTimes(ownerId, new Date(opts.now.getTime() - longestWindowHours(caps) * 3_600_000));
          let allowance = contactsAllowed(history, caps, opts.now);
          const market = markets.find((m) => m.code === owner.market);
          const currency = (market?.currency ?? 'USD') as Currency;
          const code = request.dryRun || choice.chosen.length === 0
            ? 'FC1-DRYRUN'
            : await txCodes.codeFor({ offerId: offer.id, ownerId, dealerId: owner.home_dealer_id, expiresAt: new Date(offer.validTo), now: opts.now });
          const recipient: Recipient = {
            ownerId, displayName: owner.display_name, email: owner.email, phone: owner.phone, vin: vehicle?.vin ?? null,
            dealerId: owner.home_dealer_id, dealerName, vehicle: vehicle?.vehicle ?? null,
          };
          for (const channel of choice.chosen) {
            const idempotencyKey = `${campaignId}:${offer.id}:${ownerId}:${channel}`;
            const existing = await tx.query<{ id: string }>('SELECT id FROM delivery_outbox WHERE idempotency_key = $1', [idempotencyKey]);
            if (existing.rows[0]) { deliveries.push({ channel, status: 'duplicate', outboxId: existing.rows[0].id, reasons: ['already_enqueued'] }); continue; }
            if (allowance.allowed < 1) { deliveries.push({ channel, status: 'skipped', reasons: [`frequency_cap: ${allowance.binding}`] }); continue; }
            const composeInput = {
              offer: { id: offer.id, kind: offer.kind, name: offer.name, terms: offer.terms, validFrom: offer.validFrom, validTo: offer.validTo },
              campaignId, currency, recipient, channel, market: owner.market, language: owner.language, variant: request.variant, redemptionCode: code, idempotencyKey,
            };
            let message = composeMessage(composeInput);
            if (request.copy === 'ai') {
              const draft = await draftMessage(opts.ai, composeInput);
              if (!draft.ok) { deliveries.push({ channel, status: 'blocked', reasons: draft.attempts.map((a) => `ai_draft_rejected: ${a.outcome}${a.detail ? ` (${a.detail})` : ''}`) }); continue; }
              message = draft.message;
            }
            const gate = clearForDelivery(message, vehicle?.facts ?? { model: 'unknown', adasLevel: 0, certifiedFeatures: [] }, consent, opts.now);
            if (!gate.cleared) {
              const reasons = gate.verdict.violations.map((v) => `${v.ruleId}: ${v.explanation}`);
              const reviewId = request.dryRun ? undefined : await txOutbox.openReview(gate.input, { dealerId: owner.home_dealer_id, ownerId, offerId: offer.id, channel, reason: 'enqueue gate', now: opts.now });
              deliveries.push({ channel, status: 'blocked', reasons, ...(reviewId ? { reviewId } : {}) });
              continue;
            }
            if (request.dryRun) { deliveries.push({ channel, status: 'would_queue', reasons: [] }); continue; }
            const { id, created } = await txOutbox.enqueue(gate.value, { dealerId: owner.home_dealer_id, now: opts.now });
            deliveries.push({ channel, status: created ? 'queued' : 'duplicate', outboxId: id, reasons: [] });
            if (created) allowance = { ...allowance, allowed: allowance.allowed - 1 };
          }
        });
        const status = deliveries.some((d) => d.status === 'queued' || d.status === 'duplicate' || d.status === 'would_queue') ? 'queued'
          : deliveries.some((d) => d.status === 'blocked') ? 'blocked' : 'skipped';
        results.push({ ownerId, status, deliveries });
      }
      return { offerId: offer.id, campaignId, owners: results };
    },
  };
}

export type DeliveryStore = ReturnType<typeof deliveryStore>;
