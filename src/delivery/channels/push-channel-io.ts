import { defineChannel } from '../channel';
import { HttpProviderParams, postToProvider } from './http-provider-io';

/** Mobile push through an HTTP push provider, addressed by the owner's external id. */
export const pushChannel = defineChannel({
  code: 'push',
  description: 'Mobile app push notification through an HTTP push provider (external user id = owner id)',
  params: HttpProviderParams,
  send: (m, params, call) => postToProvider('push', params, {
    contentType: 'application/json',
    idempotencyKey: m.idempotencyKey,
    body: JSON.stringify({
      externalUserId: m.recipient.ownerId,
      title: m.copy.title,
      body: m.copy.disclaimer ? `${m.copy.body}\n${m.copy.disclaimer}` : m.copy.body,
      data: { offerId: m.offer.offerId, redemptionCode: m.offer.redemptionCode },
    }),
  }, call),
});
