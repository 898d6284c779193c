import { automationClaims, hasCapability } from '../automation-claims';
import { allMarkets, defineRule } from '../define-rule';

export const adas001 = defineRule({
  id: 'ADAS-001',
  family: 'adas',
  severity: 'critical',
  markets: allMarkets,
  channels: 'all',
  description: 'Autonomy claim without approved automated driving (no L3_EYES_OFF / L4_DRIVERLESS token).',
  evaluate(ctx) {
    if (hasCapability(ctx, 'L3_EYES_OFF', 'L4_DRIVERLESS')) return null;
    const c = automationClaims(ctx);
    const hits = [...c.autonomy, ...c.noFallback];
    if (hits.length === 0) return null;
    return {
      evidence: hits.map((h) => h.span),
      explanation: 'Presents the vehicle or a feature as autonomous / doing the whole driving task, but no automated-driving approval is registered for this vehicle in this market. Qualifiers or disclaimers do not cure it.',
      suggestedFix: "Name and describe the feature as driver assistance (e.g. 'Highway Assist helps with steering and speed') and add a supervision statement.",
      autoFix: { kind: 'remove_evidence_sentences' },
    };
  },
});
