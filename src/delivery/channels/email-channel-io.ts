import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import { z } from 'zod';
import { ChannelError, defineChannel } from '../channel';

/**
 * E-mail over SMTP (nodemailer). The Message-ID is derived from the idempotency key, so a
 * resend after a crash carries the same id and receiving systems can drop the duplicate.
 */
export const emailChannel = defineChannel({
  code: 'email',
  description: 'E-mail over SMTP (plain text; Message-ID derived from the idempotency key)',
  params: z.strictObject({
    host: z.string().min(1).max(255),
    port: z.int().min(1).max(65535),
    secure: z.boolean().default(false),
    /** STARTTLS is required unless the server is on loopback (tests). */
    requireTls: z.boolean().default(true),
    user: z.string().max(255).optional(),
    password: z.string().max(500).optional(),
    from: z.email(),
  }),
  async send(m, params, call) {
    if (!m.recipient.email || !z.email().safeParse(m.recipient.email).success) throw new ChannelError('email', 'no_address', 'recipient has no valid e-mail address');
    const loopback = params.host === '127.0.0.1' || params.host === 'localhost';
    const transport = nodemailer.createTransport({
      host: params.host, port: params.port, secure: params.secure,
      requireTLS: params.requireTls && !loopback, ignoreTLS: loopback && !params.requireTls,
      ...(params.user ? { auth: { user: params.user, pass: params.password ?? '' } } : {}),
      connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 15_000,
    });
    const abort = () => transport.close();
    call.signal.addEventListener('abort', abort, { once: true });
    const messageId = `<${createHash('sha256').update(m.idempotencyKey).digest('hex').slice(0, 32)}@forecourt.invalid>`;
    try {
      await transport.sendMail({
        from: params.from,
        to: m.recipient.email,
        subject: m.copy.title,
        text: [m.copy.body, m.copy.disclaimer].filter(Boolean).join('\n\n'),
        messageId,
        headers: { 'X-Forecourt-Offer': m.offer.offerId },
      });
      return { providerMessageId: messageId };
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      if (code !== undefined && code >= 500 && code < 600) throw new ChannelError('email', 'rejected', `SMTP server rejected the message (${code})`);
      throw new ChannelError('email', call.signal.aborted ? 'timeout' : 'provider_error', `SMTP delivery failed: ${(err as Error).message}`);
    } finally {
      call.signal.removeEventListener('abort', abort);
      transport.close();
    }
  },
});
