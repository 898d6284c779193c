import { automationClaims, hasCapability } from '../automation-claims';
import { allMarkets, defineRule } from '../define-rule';

export const adas003 = defineRule({
  id: 'ADAS-003',
  family: 'adas',
  severity: 'critical',
  markets: allMarkets,
  channels: 'all',
  description: 'Eyes-off / secondary-activity claim without a level-3 approval.',
  evaluate(ctx) {
    if (hasCapability(ctx, 'L3_EYES_OFF', 'L4_DRIVERLESS')) return null;
    const hits = automationClaims(ctx).eyesOff;
    if (hits.length === 0) return null;
    return {
      evidence: hits.map((h) => h.span),
      explanation: 'Suggests the driver may look away or do other activities while the vehicle moves, but no eyes-off (level 3) approval is registered.',
      suggestedFix: 'Remove the activity claim; state that the driver must keep watching the road.',
      autoFix: { kind: 'remove_evidence_sentences' },
    };
  },
});
