import { z } from 'zod';
import { Channel } from '../domain';
import type { PriorOfferEvent } from './conditions';

const Cap = z.strictObject({ days: z.number().positive().max(3660), maxContacts: z.int().min(0) });

/** How often one customer may be contacted, counted across all channels. */
export const ContactPolicy = z.strictObject({
  /** At most maxContacts contacts (any channel) in any rolling window of `days` ending now. */
  frequencyCaps: z.array(Cap).default([]),
  /** Additional caps for single channels. */
  channelCaps: z.array(Cap.extend({ channel: Channel })).default([]),
  /** Minimum hours since the last contact on any channel before a new one. */
  coolDownHours: z.number().min(0).default(0),
  /** Most offers granted to one customer in one decision. */
  maxOffersPerDecision: z.int().min(1).default(1),
});
export type ContactPolicy = z.infer<typeof ContactPolicy>;
export type ContactPolicyInput = z.input<typeof ContactPolicy>;

export interface ContactAllowance {
  /** Hours left in the cool-down, 0 when none applies. */
  coolDownLeftHours: number;
  /** Contacts still allowed across all channels (Infinity when uncapped). */
  remaining: number;
  /** The cap that binds `remaining`, as text. */
  binding: string | null;
}

const contactsWithin = (history: readonly PriorOfferEvent[], now: Date, days: number, channel?: Channel): number => {
  const from = now.getTime() - days * 86_400_000;
  return history.filter((e) => e.event === 'received' && (channel === undefined || e.channel === channel))
    .filter((e) => { const t = Date.parse(e.at); return t > from && t <= now.getTime(); }).length;
};

/** What the policy still allows for a customer with this contact history (only `received` events count as contacts). */
export function contactAllowance(policy: ContactPolicy, history: readonly PriorOfferEvent[], now: Date): ContactAllowance {
  const contacts = history.filter((e) => e.event === 'received' && Date.parse(e.at) <= now.getTime()).map((e) => Date.parse(e.at));
  const last = contacts.length > 0 ? Math.max(...contacts) : null;
  const since = last === null ? Infinity : (now.getTime() - last) / 3_600_000;
  let remaining = Infinity;
  let binding: string | null = null;
  for (const cap of policy.frequencyCaps) {
    const left = cap.maxContacts - contactsWithin(history, now, cap.days);
    if (left < remaining) {
      remaining = Math.max(0, left);
      binding = `${cap.maxContacts} contacts per ${cap.days} days across all channels`;
    }
  }
  return { coolDownLeftHours: Math.max(0, policy.coolDownHours - since), remaining, binding };
}

/** Contacts still allowed on one channel by the channel caps (Infinity when uncapped). */
export function channelAllowance(policy: ContactPolicy, history: readonly PriorOfferEvent[], channel: Channel, now: Date): number {
  let remaining = Infinity;
  for (const cap of policy.channelCaps) {
    if (cap.channel === channel) remaining = Math.min(remaining, Math.max(0, cap.maxContacts - contactsWithin(history, now, cap.days, channel)));
  }
  return remaining;
}
