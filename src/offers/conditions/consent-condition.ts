import { z } from 'zod';
import { ConsentChannel, ConsentPurpose, consentKey } from '../../domain';
import { defineCondition } from './define-condition';

/**
 * Consent for a purpose on a channel. An explicit per-channel entry wins; otherwise the
 * purpose's `any` entry applies; nothing recorded means no consent. A withdrawal is an entry set to false.
 */
export const consentCondition = defineCondition({
  code: 'consent',
  description: 'The customer consents to the purpose on the channel (or on the channel the offer is sent on)',
  params: z.strictObject({ purpose: ConsentPurpose, channel: z.union([ConsentChannel, z.literal('offer_channel')]).default('offer_channel') }),
  evaluate: ({ purpose, channel }, { ctx }) => {
    const resolved = channel === 'offer_channel' ? ctx.channel : channel;
    if (resolved === null) return { passed: false, detail: `no channel chosen to check ${purpose} consent on` };
    const explicit = ctx.consent[consentKey(purpose, resolved)];
    const general = ctx.consent[consentKey(purpose, 'any')];
    const value = explicit ?? general;
    if (value === undefined) return { passed: false, detail: `no ${purpose} consent recorded for ${resolved}` };
    const source = explicit !== undefined ? resolved : 'any channel';
    return { passed: value, detail: `${purpose} consent ${value ? 'granted' : 'withdrawn'} for ${source}` };
  },
});
