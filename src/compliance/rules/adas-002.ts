import { automationClaims, hasCapability } from '../automation-claims';
import { allMarkets, defineRule } from '../define-rule';

export const adas002 = defineRule({
  id: 'ADAS-002',
  family: 'adas',
  severity: 'critical',
  markets: allMarkets,
  channels: 'all',
  description: 'Hands-off claim without a hands-off approval.',
  evaluate(ctx) {
    if (hasCapability(ctx, 'L2_HANDS_OFF', 'L3_EYES_OFF', 'L4_DRIVERLESS')) return null;
    const hits = automationClaims(ctx).handsOff;
    if (hits.length === 0) return null;
    return {
      evidence: hits.map((h) => h.span),
      explanation: 'Says the driver may take the hands off the wheel, but no hands-off use is approved for this vehicle in this market.',
      suggestedFix: 'State that the driver must keep the hands on the wheel, or remove the claim.',
      autoFix: { kind: 'remove_evidence_sentences' },
    };
  },
});
