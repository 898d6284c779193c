import { z } from 'zod';

/** Display-only offer card v1 (THREATS.md §2.6). Everything not listed here is rejected. */
export const ctaActions = ['OPEN_DETAILS', 'CONTACT_DEALER', 'REQUEST_TEST_DRIVE', 'REQUEST_TRIAL', 'DISMISS'] as const;
export const currencies = ['EUR', 'GBP', 'USD', 'CHF', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK'] as const;

export type Platform = 'hmi' | 'app';

export interface ContentPolicy {
  readonly platform: Platform;
  /** Exact hosts a mobile-app CTA may open (https, default port). Never used on the HMI. */
  readonly allowedUrlHosts: readonly string[];
  readonly allowedLocales?: readonly string[];
  readonly allowedFeatureCodes?: readonly string[];
}

// Controls (except LF, counted separately), bidi controls, zero-width and invisible
// characters, soft hyphen, Hangul fillers, variation selectors, the tag block.
const FORBIDDEN_RANGES: readonly (readonly [number, number])[] = [
  [0x00, 0x09], [0x0b, 0x1f], [0x7f, 0x9f], [0xad, 0xad], [0x34f, 0x34f], [0x115f, 0x1160],
  [0x200b, 0x200f], [0x202a, 0x202e], [0x2060, 0x2064], [0x2066, 0x2069], [0x3164, 0x3164],
  [0xfe00, 0xfe0f], [0xfeff, 0xfeff], [0xffa0, 0xffa0], [0xe0000, 0xe007f],
];
const PRIVATE_OR_UNASSIGNED = /^[\p{Co}\p{Cn}]$/u;

function hasForbiddenCharacter(text: string): boolean {
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (FORBIDDEN_RANGES.some(([lo, hi]) => cp >= lo && cp <= hi) || PRIVATE_OR_UNASSIGNED.test(ch)) return true;
  }
  return false;
}

const LINK_OR_MARKUP = [
  /[a-z][a-z0-9+.-]*:\/\//i,
  /\b(?:javascript|data|file|intent|mailto|tel|sms|https?|hxxps?|ftp):/i,
  /\bwww\./i,
  /\b[a-z0-9-]+\.(?:com|net|org|io|info|biz|app|dev|xyz|ly|me|co|uk|de|fr|it|es|nl|eu|example|test)\b/i,
  /[<>`]/,
  /\[[^\]]*\]\([^)]*\)/,
  /\{\{|\$\{/,
];

const segmenter = new Intl.Segmenter('und', { granularity: 'grapheme' });

function graphemes(text: string): number {
  let count = 0;
  for (const _ of segmenter.segment(text)) count++;
  return count;
}

function textField(min: number, maxGraphemes: number, maxBytes: number, maxLineFeeds: number) {
  return z.string().superRefine((text, ctx) => {
    const problems: string[] = [];
    if (text.normalize('NFC') !== text) problems.push('not NFC-normalised');
    if (hasForbiddenCharacter(text)) problems.push('forbidden control, invisible, bidi or unassigned character');
    if ((text.match(/\n/g)?.length ?? 0) > maxLineFeeds) problems.push('too many line feeds');
    if (LINK_OR_MARKUP.some((re) => re.test(text))) problems.push('link or markup');
    if (Buffer.byteLength(text, 'utf8') > maxBytes) problems.push(`more than ${maxBytes} bytes`);
    const n = graphemes(text);
    if (n < min || n > maxGraphemes) problems.push(`length ${n} outside ${min}..${maxGraphemes}`);
    for (const message of problems) ctx.addIssue({ code: 'custom', message });
  });
}

const TARGET_PATH = /^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9._-]*)*$/;

export const offerCardSchema = z.strictObject({
  itemId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'itemId must be a ULID'),
  kind: z.enum(['offerCard', 'trialPrompt']),
  locale: z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/),
  title: textField(1, 60, 240, 0),
  body: textField(1, 280, 1120, 3),
  disclaimer: textField(0, 600, 2400, 3).optional(),
  price: z
    .strictObject({
      currency: z.enum(currencies),
      amountMinor: z.number().int().min(0).max(10_000_000),
      aprBasisPoints: z.number().int().min(0).max(5_000).optional(),
    })
    .optional(),
  assets: z.strictObject({ hero: z.string().max(200).regex(TARGET_PATH).refine((p) => !p.includes('..')) }).optional(),
  cta: z
    .strictObject({
      action: z.enum(ctaActions),
      featureCode: z.string().regex(/^[A-Z0-9_]{2,32}$/).optional(),
      url: z.string().max(2048).optional(),
    })
    .optional(),
});

export type OfferCard = z.infer<typeof offerCardSchema>;

/** An https URL whose host is exactly on the allow-list: no userinfo, IP literal, port, or other scheme. */
export function isAllowedUrl(raw: string, allowedHosts: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return false;
  if (/^\[|^\d+\.\d+\.\d+\.\d+$/.test(url.hostname)) return false;
  return allowedHosts.map((h) => new URL(`https://${h}`).hostname).includes(url.hostname);
}

export type ContentCheck = { ok: true; card: OfferCard } | { ok: false; problems: string[] };

/** Parses an offer card and applies the cross-field rules that depend on the platform. */
export function checkOfferCard(value: unknown, policy: ContentPolicy): ContentCheck {
  const parsed = offerCardSchema.safeParse(value);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) };
  const card = parsed.data;
  const problems: string[] = [];
  if (card.price && !card.disclaimer) problems.push('disclaimer: required when a price is present');
  if (policy.allowedLocales && !policy.allowedLocales.includes(card.locale)) problems.push('locale: not allowed for this tenant');
  if (card.cta?.action === 'REQUEST_TRIAL') {
    if (!card.cta.featureCode) problems.push('cta.featureCode: required for REQUEST_TRIAL');
    else if (policy.allowedFeatureCodes && !policy.allowedFeatureCodes.includes(card.cta.featureCode)) problems.push('cta.featureCode: not allowed');
  } else if (card.cta?.featureCode) problems.push('cta.featureCode: only with REQUEST_TRIAL');
  if (card.cta?.url !== undefined) {
    if (policy.platform !== 'app') problems.push('cta.url: never allowed on the HMI');
    else if (!isAllowedUrl(card.cta.url, policy.allowedUrlHosts)) problems.push('cta.url: not on the allow-list');
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, card };
}
