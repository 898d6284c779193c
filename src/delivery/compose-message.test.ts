import { describe, expect, it } from 'vitest';
import { channels } from '../domain';
import { composeMessage } from './compose-message';
import { brakeOffer, recipient, TEST_CODE } from './delivery-fixture';
import { sanitizeSlot } from './sanitize-slot';
import { fillTemplate, templatesFor } from './templates';
import { termsText } from './terms-text';

const base = { offer: brakeOffer, campaignId: 'cmp-x', currency: 'USD' as const, recipient, market: 'US' as const, language: 'en' as const, redemptionCode: TEST_CODE, idempotencyKey: 'cmp-x:key:1' };

describe('message composition', () => {
  it('has at least two variants per channel and language, and every slot is filled', () => {
    for (const channel of channels) for (const language of ['en', 'de', 'fr'] as const) {
      const variants = templatesFor(channel, language);
      expect(variants.length).toBeGreaterThanOrEqual(2);
      expect(new Set(variants.map((v) => v.id)).size).toBe(variants.length);
      for (let v = 0; v < variants.length; v++) {
        const m = composeMessage({ ...base, channel, language, variant: v });
        expect(JSON.stringify(m.copy)).not.toMatch(/\{[a-zA-Z]+\}/);
      }
    }
  });

  it('states the same terms, generated from the structured offer, in every channel', () => {
    const texts = channels.map((channel) => composeMessage({ ...base, channel, variant: 1 }));
    for (const m of texts) {
      expect(m.offer.termsText).toBe('$159 instead of $199');
      expect(`${m.copy.title} ${m.copy.body}`).toContain('$159 instead of $199');
      if (m.channel !== 'social') expect(m.copy.disclaimer).toContain(TEST_CODE);
    }
    expect(termsText('service_package', { priceMinor: 15_900, listPriceMinor: 19_900 }, 'EUR', 'de')).toBe('159 € statt 199 €');
    expect(termsText('apr_financing', { aprPct: 3.9, termMonths: 60 }, 'EUR', 'fr')).toBe('3,9 % TAEG sur 60 mois');
    expect(termsText('lease', { monthlyMinor: 29_999, termMonths: 36, dueAtSigningMinor: 0, kmPerYear: 15000 }, 'USD', 'en')).toBe('$299.99 per month for 36 months, $0 due at signing, 15000 km per year');
  });

  it('treats customer fields as data: hidden characters and markup are removed, length is capped', () => {
    expect(sanitizeSlot('Ana\u200b\u202e<script>{{x}}\u{E0041}')).toBe('Anascriptx');
    expect(sanitizeSlot('x'.repeat(500), 40)).toHaveLength(40);
    const m = composeMessage({ ...base, channel: 'email', variant: 0, recipient: { ...recipient, displayName: 'Ana\u2066 ${process.env}' } });
    expect(m.copy.body).toMatch(/^Hello Ana,/);
    expect(() => fillTemplate('{price}', { name: '', model: '', dealer: '', offer: '', terms: '', validTo: '', code: '' })).toThrow(/unknown template slot/);
  });
});
