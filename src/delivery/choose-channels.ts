import { channels as allChannels, type Channel, type ConsentState } from '../domain';
import { consentFor } from './delivery-gate';

/**
 * Channel choice for one owner (pure): the owner's preference order (else the default order),
 * restricted to the requested channels, to channels with marketing-contact consent, and to
 * channels that can reach the owner. Every channel not chosen gets a reason.
 */
export const defaultChannelOrder: readonly Channel[] = ['hmi', 'push', 'email', 'sms', 'web', 'social', 'dealer_crm'];

export interface Reach {
  readonly email: boolean;
  readonly phone: boolean;
  readonly vehicle: boolean;
  /** The vehicle's last reported state is moving (or no state was ever reported). */
  readonly vehicleMoving: boolean;
  readonly dealer: boolean;
}

export type SkipReason = 'not_requested' | 'no_consent' | 'no_email' | 'no_phone' | 'no_vehicle' | 'vehicle_moving' | 'no_dealer' | 'channel_limit';

export interface ChannelChoice {
  readonly chosen: Channel[];
  readonly skipped: { channel: Channel; reason: SkipReason }[];
}

function unreachable(channel: Channel, reach: Reach): SkipReason | null {
  switch (channel) {
    case 'email': return reach.email ? null : 'no_email';
    case 'sms': return reach.phone ? null : 'no_phone';
    case 'hmi': return !reach.vehicle ? 'no_vehicle' : reach.vehicleMoving ? 'vehicle_moving' : null;
    case 'social': return reach.email || reach.phone ? null : 'no_email';
    case 'dealer_crm': return !reach.dealer ? 'no_dealer' : reach.email || reach.phone ? null : 'no_email';
    case 'web': return reach.dealer ? null : 'no_dealer';
    case 'push': return null;
  }
}

export function chooseChannels(input: { preferences: readonly Channel[] | null; consent: ConsentState; reach: Reach; requested?: readonly Channel[]; max: number }): ChannelChoice {
  const order = [...(input.preferences ?? defaultChannelOrder)];
  for (const c of allChannels) if (!order.includes(c)) order.push(c);
  const chosen: Channel[] = [];
  const skipped: { channel: Channel; reason: SkipReason }[] = [];
  for (const channel of order) {
    if (input.requested && !input.requested.includes(channel)) skipped.push({ channel, reason: 'not_requested' });
    else if (!consentFor(input.consent, 'marketing_contact', channel)) skipped.push({ channel, reason: 'no_consent' });
    else {
      const why = unreachable(channel, input.reach);
      if (why) skipped.push({ channel, reason: why });
      else if (chosen.length >= input.max) skipped.push({ channel, reason: 'channel_limit' });
      else chosen.push(channel);
    }
  }
  return { chosen, skipped };
}
