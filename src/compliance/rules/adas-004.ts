import { automationClaims, hasCapability } from '../automation-claims';
import { allMarkets, defineRule } from '../define-rule';

export const adas004 = defineRule({
  id: 'ADAS-004',
  family: 'adas',
  severity: 'critical',
  markets: allMarkets,
  channels: 'all',
  description: 'No-fallback claim (sleep / passenger / no driver needed) below level 4.',
  evaluate(ctx) {
    if (hasCapability(ctx, 'L4_DRIVERLESS')) return null;
    const hits = automationClaims(ctx).noFallback;
    if (hits.length === 0) return null;
    return {
      evidence: hits.map((h) => h.span),
      explanation: 'Suggests the driver may sleep, leave the seat, ride as a passenger or never take over; even level 3 requires a fallback-ready user.',
      suggestedFix: 'Remove the claim; for level 3 state that the driver must stay ready to take over when prompted.',
      autoFix: { kind: 'remove_evidence_sentences' },
    };
  },
});
