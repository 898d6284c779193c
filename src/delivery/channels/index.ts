import type { Channel } from '../../domain';
import type { ChannelDefinition } from '../channel';
import { dealerCrmChannel } from './dealer-crm-channel-io';
import { emailChannel } from './email-channel-io';
import { createHmiChannel, type HmiDeps } from './hmi-channel';
import { pushChannel } from './push-channel-io';
import { smsChannel } from './sms-channel-io';
import { socialChannel } from './social-channel-io';
import { webBannerChannel } from './web-banner-channel-io';

/** The registered channels whose configuration is plain data (one line each). */
export const defaultChannels: readonly ChannelDefinition<never>[] = [
  pushChannel, emailChannel, smsChannel, socialChannel, dealerCrmChannel, webBannerChannel,
] as unknown as readonly ChannelDefinition<never>[];

/** All channels, with the in-vehicle channel built from its runtime dependencies. */
export function channelRegistry(hmi?: HmiDeps): ReadonlyMap<Channel, ChannelDefinition<unknown>> {
  const all = [...defaultChannels, ...(hmi ? [createHmiChannel(hmi)] : [])] as unknown as ChannelDefinition<unknown>[];
  return new Map(all.map((c) => [c.code, c]));
}

export { adfLead } from './adf-lead';
export { audienceCsv, audienceRow, normaliseEmail, normalisePhone, type AudienceFormat, type AudienceMember } from './social-audience';
export { createHmiChannel, itemIdFor, offerCard, type HmiDeps } from './hmi-channel';
export { bannerFeedEntry } from './web-banner-channel-io';
export { HttpProviderParams } from './http-provider-io';
export { dealerCrmChannel, emailChannel, pushChannel, smsChannel, socialChannel, webBannerChannel };
