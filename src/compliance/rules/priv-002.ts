import { allMarkets, defineRule } from '../define-rule';

export const priv002 = defineRule({
  id: 'PRIV-002',
  family: 'priv',
  severity: 'critical',
  markets: allMarkets,
  channels: ['sms', 'email'],
  description: 'Marketing by SMS (all markets) or e-mail (UK/EU/DE/FR) without channel-marketing consent.',
  evaluate(ctx) {
    const gated = ctx.input.channel === 'sms' || (ctx.input.channel === 'email' && ctx.market !== 'US' && ctx.market !== 'US-CA');
    if (!gated || ctx.input.consent.channelMarketing === true) return null;
    return {
      evidence: [],
      missing: ['consent_channel_marketing'],
      explanation: `The recipient has not consented to marketing by ${ctx.input.channel} (${ctx.market}).`,
      suggestedFix: 'Do not send on this channel; use a channel the recipient has opted in to.',
    };
  },
});
