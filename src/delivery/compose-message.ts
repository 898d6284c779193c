import type { Channel, MarketCode, OfferKind } from '../domain';
import { Copy, DeliveryMessage, type Language, type Recipient } from './channel';
import { sanitizeSlot } from './sanitize-slot';
import { fillTemplate, templatesFor, type Slots, type Template } from './templates';
import { formatDate, termsText, type Currency } from './terms-text';

/** The structured offer as composition needs it (a subset of the catalog offer). */
export interface OfferForCopy {
  readonly id: string;
  readonly kind: OfferKind;
  readonly name: string;
  readonly terms: Record<string, string | number | boolean>;
  readonly validFrom: string;
  readonly validTo: string;
}

export interface ComposeInput {
  readonly offer: OfferForCopy;
  readonly campaignId: string;
  readonly currency: Currency;
  readonly recipient: Recipient;
  readonly channel: Channel;
  readonly market: MarketCode;
  readonly language: Language;
  /** Which variant (bandit arm); taken modulo the number of variants. */
  readonly variant: number;
  readonly redemptionCode: string;
  readonly idempotencyKey: string;
}

/** Slot values: customer fields sanitised, offer facts generated from the structured offer. */
export function slotsFor(input: Omit<ComposeInput, 'variant' | 'idempotencyKey' | 'channel'>): Slots {
  return {
    name: sanitizeSlot(input.recipient.displayName.split(' ')[0] ?? '', 40) || (input.language === 'de' ? 'Kundin, Kunde' : input.language === 'fr' ? 'Madame, Monsieur' : 'there'),
    model: sanitizeSlot(input.recipient.vehicle?.model ?? (input.language === 'de' ? 'Fahrzeug' : input.language === 'fr' ? 'véhicule' : 'vehicle'), 60),
    dealer: sanitizeSlot(input.recipient.dealerName ?? (input.language === 'de' ? 'Ihrem Händler' : input.language === 'fr' ? 'votre concessionnaire' : 'your dealer'), 60),
    offer: sanitizeSlot(input.offer.name, 80),
    terms: termsText(input.offer.kind, input.offer.terms, input.currency, input.language),
    validTo: formatDate(input.offer.validTo, input.language),
    code: input.redemptionCode,
  };
}

export function applyTemplate(template: Template, slots: Slots): Copy {
  return Copy.parse({
    title: fillTemplate(template.title, slots).slice(0, 120),
    body: fillTemplate(template.body, slots),
    disclaimer: fillTemplate(template.disclaimer, slots),
  });
}

/** Renders the message for one owner on one channel from a template variant. Pure. */
export function composeMessage(input: ComposeInput): DeliveryMessage {
  const variants = templatesFor(input.channel, input.language);
  const template = variants[((input.variant % variants.length) + variants.length) % variants.length]!;
  const slots = slotsFor(input);
  return DeliveryMessage.parse({
    idempotencyKey: input.idempotencyKey,
    channel: input.channel,
    market: input.market,
    language: input.language,
    recipient: input.recipient,
    offer: {
      offerId: input.offer.id, campaignId: input.campaignId, kind: input.offer.kind, name: input.offer.name, terms: input.offer.terms,
      termsText: slots.terms, currency: input.currency, validFrom: input.offer.validFrom, validTo: input.offer.validTo, redemptionCode: input.redemptionCode,
    },
    copy: applyTemplate(template, slots),
    variant: template.id,
  });
}
