import { z } from 'zod';
import { assertCleared, Clearance, ComplianceInput, type ComplianceChannel } from '../compliance';
import { Channel, MarketCode, OfferKind, OwnerId } from '../domain';
import { ForecourtError } from '../kernel';

/**
 * One delivery channel (STYLE.md §1): a registered definition with typed params and a
 * `send` that talks to its provider. A definition's `send` is never called directly:
 * `instantiateChannel` wraps it so that every send passes the compliance gate first,
 * is idempotent on the message's idempotency key, is bounded by a timeout and fails
 * with a typed `ChannelError`.
 */

export const Language = z.enum(['en', 'de', 'fr']);
export type Language = z.infer<typeof Language>;

export const Recipient = z.strictObject({
  ownerId: OwnerId,
  displayName: z.string().min(1).max(200),
  email: z.string().max(254).nullable(),
  phone: z.string().max(20).nullable(),
  vin: z.string().regex(/^[A-HJ-NPR-Z0-9]{17}$/).nullable(),
  dealerId: z.string().max(100).nullable(),
  dealerName: z.string().max(200).nullable(),
  vehicle: z.strictObject({ make: z.string().min(1).max(60), model: z.string().min(1).max(100), year: z.int().min(1990).max(2100) }).nullable(),
});
export type Recipient = z.infer<typeof Recipient>;

/** Structured offer facts carried with every message: the same terms and code in every channel. */
export const OfferFacts = z.strictObject({
  offerId: z.string().min(1).max(100),
  campaignId: z.string().min(1).max(100),
  kind: OfferKind,
  name: z.string().min(1).max(200),
  terms: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  termsText: z.string().min(1).max(300),
  currency: z.enum(['USD', 'GBP', 'EUR']),
  validFrom: z.iso.datetime(),
  validTo: z.iso.datetime(),
  redemptionCode: z.string().min(1).max(400),
});
export type OfferFacts = z.infer<typeof OfferFacts>;

export const Copy = z.strictObject({
  title: z.string().min(1).max(120),
  body: z.string().min(1).max(2000),
  disclaimer: z.string().max(2000),
});
export type Copy = z.infer<typeof Copy>;

export const DeliveryMessage = z.strictObject({
  idempotencyKey: z.string().regex(/^[A-Za-z0-9:_.-]{8,200}$/),
  channel: Channel,
  market: MarketCode,
  language: Language,
  recipient: Recipient,
  offer: OfferFacts,
  copy: Copy,
  variant: z.string().min(1).max(60),
});
export type DeliveryMessage = z.infer<typeof DeliveryMessage>;

/** A message with the exact compliance input it was checked as, and the clearance it earned. */
export const ClearedMessage = z.strictObject({ message: DeliveryMessage, complianceInput: ComplianceInput, clearance: Clearance });
export type ClearedMessage = z.infer<typeof ClearedMessage>;

/** The text the compliance checker sees: exactly what the recipient reads. */
export function messageText(copy: Copy): string {
  return [copy.title, copy.body, copy.disclaimer].filter((s) => s.length > 0).join('\n');
}

/** Delivery channel → the message channel of the compliance rules. A dealer lead is checked as e-mail copy. */
export function complianceChannelFor(channel: Channel): ComplianceChannel {
  const map: Record<Channel, ComplianceChannel> = { hmi: 'hmi_card', push: 'push', email: 'email', sms: 'sms', social: 'social_ad', dealer_crm: 'email', web: 'web_banner' };
  return map[channel];
}

/**
 * The gate before every provider call: the stored compliance input must be exactly this
 * message's text, market and channel, and the clearance must be valid for that input
 * (assertCleared also re-runs the checker). Throws COMPLIANCE_BLOCKED otherwise.
 */
export function assertMessageCleared(raw: unknown): ClearedMessage {
  const parsed = ClearedMessage.safeParse(raw);
  if (!parsed.success) throw new ForecourtError('COMPLIANCE_BLOCKED', 'message has no valid compliance clearance');
  const { message, complianceInput, clearance } = parsed.data;
  if (complianceInput.text !== messageText(message.copy)) throw new ForecourtError('COMPLIANCE_BLOCKED', 'message text differs from the checked text');
  if (complianceInput.market !== message.market) throw new ForecourtError('COMPLIANCE_BLOCKED', 'message market differs from the checked market');
  if (complianceInput.channel !== complianceChannelFor(message.channel)) throw new ForecourtError('COMPLIANCE_BLOCKED', 'message channel differs from the checked channel');
  assertCleared(complianceInput, clearance);
  return parsed.data;
}

export type ChannelErrorKind = 'provider_error' | 'timeout' | 'rejected' | 'no_address';

/** A provider failure. `retryable` tells the outbox whether to try again later. */
export class ChannelError extends Error {
  readonly kind: ChannelErrorKind;
  readonly channel: Channel;
  readonly retryable: boolean;
  constructor(channel: Channel, kind: ChannelErrorKind, message: string, retryable = kind === 'provider_error' || kind === 'timeout') {
    super(message);
    this.name = 'ChannelError';
    this.channel = channel;
    this.kind = kind;
    this.retryable = retryable;
  }
}

export interface ProviderCall {
  /** Aborted when the send's timeout elapses. */
  readonly signal: AbortSignal;
}

export interface ChannelDefinition<P> {
  readonly code: Channel;
  readonly description: string;
  readonly params: z.ZodType<P>;
  /** Talks to the provider; returns the provider's message id. Only called through `instantiateChannel`. */
  readonly send: (message: DeliveryMessage, params: P, call: ProviderCall) => Promise<{ providerMessageId: string }>;
}

/** Defines a channel; the params schema types `send` and validates stored configuration. */
export function defineChannel<P>(definition: ChannelDefinition<P>): ChannelDefinition<P> {
  return definition;
}

/** Remembers provider message ids by idempotency key (the outbox row in production, a Map in tests). */
export interface SentLedger {
  get(key: string): Promise<string | undefined>;
  put(key: string, providerMessageId: string): Promise<void>;
}

export function memoryLedger(): SentLedger {
  const sent = new Map<string, string>();
  return { get: async (k) => sent.get(k), put: async (k, id) => void sent.set(k, id) };
}

/** A configured channel. `send` takes a cleared message (see `assertMessageCleared`). */
export interface ChannelSender {
  readonly code: Channel;
  readonly description: string;
  send(cleared: unknown): Promise<{ providerMessageId: string; duplicate: boolean }>;
}

export interface ChannelOptions {
  readonly ledger?: SentLedger;
  /** Per-send timeout (default 10 s). */
  readonly timeoutMs?: number;
}

export function instantiateChannel<P>(definition: ChannelDefinition<P>, rawParams: unknown, options: ChannelOptions = {}): ChannelSender {
  const params = definition.params.parse(rawParams);
  const ledger = options.ledger ?? memoryLedger();
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    code: definition.code,
    description: definition.description,
    async send(raw) {
      const { message } = assertMessageCleared(raw);
      if (message.channel !== definition.code) throw new ForecourtError('VALIDATION_FAILED', `message for ${message.channel} sent to the ${definition.code} channel`);
      const known = await ledger.get(message.idempotencyKey);
      if (known !== undefined) return { providerMessageId: known, duplicate: true };
      const controller = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          controller.abort();
          reject(new ChannelError(definition.code, 'timeout', `${definition.code} provider did not answer within ${timeoutMs} ms`));
        }, timeoutMs);
      });
      try {
        const result = await Promise.race([definition.send(message, params, { signal: controller.signal }), timeout]);
        await ledger.put(message.idempotencyKey, result.providerMessageId);
        return { providerMessageId: result.providerMessageId, duplicate: false };
      } catch (err) {
        if (err instanceof ChannelError) throw err;
        if (controller.signal.aborted) throw new ChannelError(definition.code, 'timeout', `${definition.code} provider did not answer within ${timeoutMs} ms`);
        throw new ChannelError(definition.code, 'provider_error', `${definition.code} provider failed: ${(err as Error).message}`);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
