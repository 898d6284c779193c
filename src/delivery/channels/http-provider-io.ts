import { z } from 'zod';
import type { Channel } from '../../domain';
import { ChannelError, type ProviderCall } from '../channel';

/** What an HTTP provider answers on success: its id for the message. */
const ProviderAnswer = z.object({ id: z.string().min(1).max(200) });

export const HttpProviderParams = z.strictObject({
  /** The provider's endpoint (https in production; http only on loopback for tests). */
  url: z.url().refine((u) => u.startsWith('https://') || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//.test(u), 'https, or http on loopback only'),
  /** Sent as a bearer token; never logged. */
  apiKey: z.string().min(1).max(500).optional(),
});
export type HttpProviderParams = z.infer<typeof HttpProviderParams>;

/**
 * One provider call over HTTP with the message's idempotency key in `Idempotency-Key`, so a
 * retried call after a crash is recognised by the provider. 429/5xx are retryable provider
 * errors, other 4xx are rejections, a malformed answer is a provider error.
 */
export async function postToProvider(
  channel: Channel,
  params: HttpProviderParams,
  request: { body: string; contentType: string; idempotencyKey: string; method?: 'POST' | 'PUT' },
  call: ProviderCall,
): Promise<{ providerMessageId: string }> {
  let res: Response;
  try {
    res = await fetch(params.url, {
      method: request.method ?? 'POST',
      headers: {
        'content-type': request.contentType,
        'idempotency-key': request.idempotencyKey,
        ...(params.apiKey ? { authorization: `Bearer ${params.apiKey}` } : {}),
      },
      body: request.body,
      redirect: 'error',
      signal: call.signal,
    });
  } catch (err) {
    if (call.signal.aborted) throw new ChannelError(channel, 'timeout', `${channel} provider did not answer in time`);
    throw new ChannelError(channel, 'provider_error', `${channel} provider unreachable: ${(err as Error).message}`);
  }
  const text = await res.text().catch(() => '');
  if (res.status === 429 || res.status >= 500) throw new ChannelError(channel, 'provider_error', `${channel} provider answered ${res.status}`);
  if (res.status >= 400) throw new ChannelError(channel, 'rejected', `${channel} provider rejected the message (${res.status})`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ChannelError(channel, 'provider_error', `${channel} provider answered with malformed JSON`);
  }
  const answer = ProviderAnswer.safeParse(json);
  if (!answer.success) throw new ChannelError(channel, 'provider_error', `${channel} provider answer has no message id`);
  return { providerMessageId: answer.data.id };
}
