import { defineChannel, type DeliveryMessage } from '../channel';
import { HttpProviderParams, postToProvider } from './http-provider-io';

/** One entry of the dealer web banner feed (JSON). Display text only; no URL, no markup. */
export function bannerFeedEntry(m: DeliveryMessage): Record<string, unknown> {
  return {
    id: m.idempotencyKey,
    dealerId: m.recipient.dealerId,
    visitor: m.recipient.ownerId,
    offerId: m.offer.offerId,
    title: m.copy.title,
    body: m.copy.body,
    disclaimer: m.copy.disclaimer,
    terms: m.offer.termsText,
    validTo: m.offer.validTo,
    redemptionCode: m.offer.redemptionCode,
  };
}

/** Dealer web banner feed: a JSON entry per known visitor pushed to the dealer site's feed endpoint. */
export const webBannerChannel = defineChannel({
  code: 'web',
  description: 'Dealer web banner feed (JSON entry per known visitor)',
  params: HttpProviderParams,
  send: (m, params, call) => postToProvider('web', params, {
    contentType: 'application/json',
    idempotencyKey: m.idempotencyKey,
    body: JSON.stringify({ feedVersion: 1, entries: [bannerFeedEntry(m)] }),
  }, call),
});
