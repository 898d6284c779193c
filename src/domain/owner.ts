import { z } from 'zod';
import { MarketCode } from './market';
import { NodeId } from './tenant';

/** What a person may consent to (THREATS.md, RULES.md PRIV-*). */
export const consentPurposes = ['telematics_marketing', 'profiling', 'marketing_contact'] as const;
export const ConsentPurpose = z.enum(consentPurposes);
export type ConsentPurpose = z.infer<typeof ConsentPurpose>;

/** Delivery channels (DESIGN.md F10). `any` is used for purposes that are not per channel. */
export const channels = ['hmi', 'push', 'email', 'sms', 'social', 'dealer_crm', 'web'] as const;
export const Channel = z.enum(channels);
export type Channel = z.infer<typeof Channel>;
export const ConsentChannel = z.enum([...channels, 'any']);
export type ConsentChannel = z.infer<typeof ConsentChannel>;

export const OwnerId = z.string().regex(/^own-[a-z0-9-]{1,60}$/);

export const Owner = z.strictObject({
  id: OwnerId,
  market: MarketCode,
  displayName: z.string().min(1).max(200),
  email: z.email().max(254).nullable(),
  phone: z.string().regex(/^\+[1-9]\d{6,14}$/, 'E.164 phone number').nullable(),
  language: z.enum(['en', 'de', 'fr']),
  homeDealerId: NodeId.nullable(),
});
export type Owner = z.infer<typeof Owner>;

/** One consent change, as recorded in the append-only history. */
export const ConsentChange = z.strictObject({
  ownerId: OwnerId,
  purpose: ConsentPurpose,
  channel: ConsentChannel,
  granted: z.boolean(),
  /** Who recorded it: the owner through the app, a dealer user, an import. */
  actor: z.string().min(1).max(200),
  /** How: app, web form, dealer desk, import. */
  source: z.enum(['app', 'web', 'dealer', 'import', 'support']),
  at: z.iso.datetime(),
});
export type ConsentChange = z.infer<typeof ConsentChange>;

export type ConsentState = Record<string, boolean>;
export const consentKey = (purpose: ConsentPurpose, channel: ConsentChannel): string => `${purpose}:${channel}`;
