import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkOfferCard, isAllowedUrl, type ContentPolicy } from './content-schema.js';

const hmi: ContentPolicy = { platform: 'hmi', allowedUrlHosts: [] };
const app: ContentPolicy = { platform: 'app', allowedUrlHosts: ['offers.example-oem.com'], allowedFeatureCodes: ['HEATED_SEATS'] };
const base = {
  itemId: '01J0ABCDEFGHJKMNPQRSTVWXYZ',
  kind: 'offerCard',
  locale: 'de-DE',
  title: 'Winterreifen-Aktion',
  body: 'Jetzt Termin vereinbaren.\nGilt bis Ende Dezember.',
};

describe('offer card schema', () => {
  it('accepts a plain display-only card', () => {
    expect(checkOfferCard(base, hmi)).toMatchObject({ ok: true });
    expect(checkOfferCard({ ...base, price: { currency: 'EUR', amountMinor: 9900 }, disclaimer: 'Solange der Vorrat reicht.' }, hmi).ok).toBe(true);
  });

  it.each([
    ['javascript: URL', 'javascript:alert(1)'],
    ['data: URL', 'data:text/html,x'],
    ['plain http', 'http://offers.example-oem.com/x'],
    ['userinfo trick', 'https://offers.example-oem.com@evil.com/'],
    ['suffix trick', 'https://offers.example-oem.com.evil.com/'],
    ['IP literal', 'https://10.0.0.1/'],
    ['non-default port', 'https://offers.example-oem.com:8443/'],
    ['punycode homograph', 'https://xn--ffers-example-oem-1nb.com/'],
  ])('CT-04 rejects cta.url %s in the app', (_name, url) => {
    expect(isAllowedUrl(url, app.allowedUrlHosts)).toBe(false);
    expect(checkOfferCard({ ...base, cta: { action: 'OPEN_DETAILS', url } }, app).ok).toBe(false);
  });

  it('allows an allow-listed https URL in the app only', () => {
    const card = { ...base, cta: { action: 'OPEN_DETAILS', url: 'https://offers.example-oem.com/winter' } };
    expect(checkOfferCard(card, app).ok).toBe(true);
    expect(checkOfferCard(card, hmi).ok).toBe(false);
  });

  it('REQUEST_TRIAL needs an allowed feature code; other actions carry none', () => {
    expect(checkOfferCard({ ...base, cta: { action: 'REQUEST_TRIAL', featureCode: 'HEATED_SEATS' } }, app).ok).toBe(true);
    expect(checkOfferCard({ ...base, cta: { action: 'REQUEST_TRIAL' } }, app).ok).toBe(false);
    expect(checkOfferCard({ ...base, cta: { action: 'REQUEST_TRIAL', featureCode: 'REMOTE_START' } }, app).ok).toBe(false);
    expect(checkOfferCard({ ...base, cta: { action: 'DISMISS', featureCode: 'HEATED_SEATS' } }, app).ok).toBe(false);
  });

  it.each([
    ['non-NFC text (CT-17)', { title: 'Cafe\u0301' }],
    ['tag characters (CT-14)', { body: 'Hi \u{E0069}\u{E0067}' }],
    ['four line feeds', { body: 'a\nb\nc\nd\ne' }],
    ['title too long', { title: 'x'.repeat(61) }],
    ['zalgo over the byte cap (CT-16)', { title: `a${'\u0301'.repeat(5000)}` }],
    ['markdown link (CT-02)', { body: '[win](x)' }],
    ['${} template (CT-02)', { body: 'Hallo ${process.env}' }],
    ['www. prefix (CT-03)', { body: 'Besuche www.example' }],
    ['price out of range (CT-19)', { price: { currency: 'EUR', amountMinor: -1 }, disclaimer: 'x' }],
    ['price as string (CT-19)', { price: { currency: 'EUR', amountMinor: '100' }, disclaimer: 'x' }],
    ['locale traversal (CT-20)', { locale: '../../' }],
    ['nested extra field (CT-21)', { cta: { action: 'DISMISS', onClick: 'x' } }],
    ['not a ULID', { itemId: 'item-1' }],
  ])('rejects %s', (_name, override) => {
    expect(checkOfferCard({ ...base, ...override }, hmi).ok).toBe(false);
  });

  it('never accepts text containing a bidi, zero-width or control character (property)', () => {
    const bad = fc.constantFrom('\u202E', '\u2066', '\u200B', '\u200D', '\uFEFF', '\u00AD', '\u0007', '\u001B', '\u{E0041}');
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), bad, fc.string({ maxLength: 20 }), (a, x, b) => {
        expect(checkOfferCard({ ...base, title: `${a}${x}${b}` }, hmi).ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
