import { allMarkets, defineRule } from '../define-rule';
import { claimsForToken, governingToken, outOfOdd } from '../odd';

export const adas005 = defineRule({
  id: 'ADAS-005',
  family: 'adas',
  severity: 'critical',
  markets: allMarkets,
  channels: 'all',
  description: 'Hands-off / eyes-off / automated-driving claim outside the approved operational design domain.',
  evaluate(ctx) {
    const token = governingToken(ctx);
    if (!token) return null;
    const claims = claimsForToken(ctx, token);
    if (claims.length === 0) return null;
    const beyond = outOfOdd(ctx, token, claims);
    if (beyond.length === 0) return null;
    return {
      evidence: beyond,
      explanation: `Claims use beyond the approved domain of ${token.raw} (road class, speed, conditions or geography).`,
      suggestedFix: 'Restate the claim with the approved road class, speed and conditions.',
      autoFix: { kind: 'remove_evidence_sentences' },
    };
  },
});
