import { z } from 'zod';
import { ChannelError, defineChannel, messageText } from '../channel';
import { HttpProviderParams, postToProvider } from './http-provider-io';

/** SMS through an HTTP provider adapter (Twilio-style JSON API). */
export const smsChannel = defineChannel({
  code: 'sms',
  description: 'SMS through an HTTP SMS provider; needs an E.164 phone number',
  params: HttpProviderParams.extend({ from: z.string().regex(/^(\+[1-9]\d{6,14}|[A-Za-z0-9]{3,11})$/) }),
  async send(m, params, call) {
    if (!m.recipient.phone || !/^\+[1-9]\d{6,14}$/.test(m.recipient.phone)) throw new ChannelError('sms', 'no_address', 'recipient has no valid phone number');
    return postToProvider('sms', params, {
      contentType: 'application/json',
      idempotencyKey: m.idempotencyKey,
      body: JSON.stringify({ to: m.recipient.phone, from: params.from, text: messageText(m.copy) }),
    }, call);
  },
});
