import { z } from 'zod';
import { ChannelError, defineChannel } from '../channel';
import { HttpProviderParams, postToProvider } from './http-provider-io';
import { audienceCsv } from './social-audience';

/**
 * Social custom audiences: adds the owner's hashed e-mail/phone to the campaign's audience
 * (CSV in the platform's format) with the ad creative, which is the cleared message text
 * (social copy carries the offer terms but never a personal code).
 */
export const socialChannel = defineChannel({
  code: 'social',
  description: 'Social custom audience: SHA-256-hashed, normalised e-mail/phone of consented owners (Meta or Google CSV)',
  params: HttpProviderParams.extend({ format: z.enum(['meta', 'google']).default('meta') }),
  async send(m, params, call) {
    const csv = audienceCsv([{ email: m.recipient.email, phone: m.recipient.phone, consented: true }], params.format);
    if (csv.split('\n').filter(Boolean).length < 2) throw new ChannelError('social', 'no_address', 'recipient has no e-mail or phone to match');
    return postToProvider('social', { url: `${params.url.replace(/\/$/, '')}/${encodeURIComponent(m.offer.campaignId)}`, ...(params.apiKey ? { apiKey: params.apiKey } : {}) }, {
      contentType: 'application/json', idempotencyKey: m.idempotencyKey,
      body: JSON.stringify({ audience: m.offer.campaignId, format: params.format, csv, creative: { offerId: m.offer.offerId, title: m.copy.title, body: m.copy.body, disclaimer: m.copy.disclaimer } }),
    }, call);
  },
});
