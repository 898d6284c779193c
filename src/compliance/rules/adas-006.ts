import { allMarkets, defineRule } from '../define-rule';
import { claimsForToken, governingToken, missingLimits } from '../odd';

export const adas006 = defineRule({
  id: 'ADAS-006',
  family: 'adas',
  severity: 'major',
  markets: allMarkets,
  channels: 'all',
  description: 'Approved hands-off / eyes-off feature advertised without its limits.',
  unlessFired: ['ADAS-001', 'ADAS-002', 'ADAS-003', 'ADAS-004', 'ADAS-005'],
  evaluate(ctx) {
    const token = governingToken(ctx);
    if (!token) return null;
    const claims = claimsForToken(ctx, token);
    if (claims.length === 0) return null;
    const missing = missingLimits(ctx, token);
    if (missing.length === 0) return null;
    const l3 = token.capability === 'L3_EYES_OFF';
    const speed = token.maxSpeed ? ` up to ${token.maxSpeed.value} ${token.maxSpeed.unit === 'kmh' ? 'km/h' : 'mph'}` : '';
    const road = token.roadClass === 'mapped_motorway' ? 'approved, pre-mapped motorways' : token.roadClass === 'motorway' ? 'motorways' : 'approved roads';
    const conds = token.conditions.length ? ` (${token.conditions.join(', ').replace('_', ' ')} only)` : '';
    const text = l3
      ? `On ${road}${speed}${conds}. You must take back control when prompted.`
      : `Only on ${road}; keep your eyes on the road at all times.`;
    return {
      evidence: claims.map((c) => c.span),
      missing,
      explanation: `Advertises the approved feature (${token.raw}) without stating its limits: ${missing.join(', ')}.`,
      suggestedFix: `Append e.g. '${text}'`,
      autoFix: { kind: 'append', text },
    };
  },
});
