import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Channel } from '../domain';
import { ChannelError, type ChannelSender } from './channel';
import { clearedTestMessage, TEST_CODE } from './delivery-fixture';
import type { FakeMode } from './fake-provider-io';

/**
 * The one behavioural suite every delivery channel passes (STYLE.md §7): the same offer,
 * a provider message id, idempotency on the key, typed errors on provider error and
 * timeout, and nothing sent without a valid clearance.
 */
export interface ChannelHarness {
  /** A fresh sender for this test, with the given per-send timeout. */
  sender(options: { timeoutMs: number }): ChannelSender;
  /** Messages the provider accepted (a recipient would get). */
  delivered(): number;
  /** Requests that reached the provider at all. */
  requests(): number;
  /** Everything the provider received, as text. */
  payloads(): string;
  setMode(mode: FakeMode): void;
  close(): Promise<void>;
}

export function channelContract(channel: Channel, open: () => Promise<ChannelHarness>, opts: { personalCode?: boolean } = {}): void {
  describe(`channel contract: ${channel}`, () => {
    let h: ChannelHarness;
    beforeEach(async () => {
      h = await open();
    });
    afterEach(async () => {
      await h.close();
    });

    it('sends the offer with its structured terms (and code) and returns a provider message id', async () => {
      const cleared = clearedTestMessage(channel);
      const result = await h.sender({ timeoutMs: 5_000 }).send(cleared);
      expect(result.providerMessageId).toMatch(/\S/);
      expect(result.duplicate).toBe(false);
      expect(h.delivered()).toBe(1);
      const text = h.payloads();
      expect(text).toContain('$159');
      expect(text).toContain('$199');
      if (opts.personalCode !== false) expect(text).toContain(TEST_CODE);
      else expect(text).not.toContain(TEST_CODE);
    });

    it('is idempotent on the idempotency key', async () => {
      const sender = h.sender({ timeoutMs: 5_000 });
      const cleared = clearedTestMessage(channel);
      const first = await sender.send(cleared);
      const second = await sender.send(cleared);
      expect(second.providerMessageId).toBe(first.providerMessageId);
      expect(second.duplicate).toBe(true);
      expect(h.delivered()).toBe(1);
      await sender.send(clearedTestMessage(channel, `cmp-test:off-brake-pads:own-1:${channel}:second`));
      expect(h.delivered()).toBe(2);
    });

    it('fails with a retryable typed error when the provider fails', async () => {
      h.setMode('error');
      const err = await h.sender({ timeoutMs: 5_000 }).send(clearedTestMessage(channel)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ChannelError);
      expect((err as ChannelError).kind).toBe('provider_error');
      expect((err as ChannelError).retryable).toBe(true);
      expect(h.delivered()).toBe(0);
    });

    it('fails with a typed timeout error when the provider does not answer', async () => {
      h.setMode('hang');
      const err = await h.sender({ timeoutMs: 300 }).send(clearedTestMessage(channel)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ChannelError);
      expect((err as ChannelError).kind).toBe('timeout');
      expect((err as ChannelError).retryable).toBe(true);
    });

    it('never sends without a clearance for exactly this message', async () => {
      const sender = h.sender({ timeoutMs: 5_000 });
      const cleared = clearedTestMessage(channel);
      const attempts: unknown[] = [
        { message: cleared.message },
        cleared.message,
        { ...cleared, clearance: { ...cleared.clearance, fingerprint: '0'.repeat(64) } },
        { ...cleared, message: { ...cleared.message, copy: { ...cleared.message.copy, body: `${cleared.message.copy.body} Now 0% APR!` } } },
        { ...cleared, message: { ...cleared.message, market: 'DE' } },
        { ...cleared, complianceInput: { ...cleared.complianceInput, text: `${cleared.complianceInput.text}!` } },
      ];
      for (const attempt of attempts) {
        await expect(sender.send(attempt)).rejects.toMatchObject({ code: 'COMPLIANCE_BLOCKED' });
      }
      expect(h.requests()).toBe(0);
    });
  });
}
