import { automationClaims } from '../automation-claims';
import { allMarkets, defineRule } from '../define-rule';

const fixText: Record<string, string> = {
  DE: 'Nur Fahrerassistenz: Hände am Lenkrad und Blick auf die Straße.',
  FR: "Aide à la conduite uniquement : gardez les mains sur le volant et les yeux sur la route.",
};

export const adas007 = defineRule({
  id: 'ADAS-007',
  family: 'adas',
  severity: 'major',
  markets: allMarkets,
  channels: 'all',
  description: 'Steering-assistance feature promoted without a supervision statement.',
  unlessFired: ['ADAS-001', 'ADAS-002', 'ADAS-003', 'ADAS-004', 'ADAS-005', 'ADAS-006'],
  evaluate(ctx) {
    const c = automationClaims(ctx);
    if (c.steering.length === 0 || c.supervision) return null;
    const text = fixText[ctx.market] ?? 'Driver assistance only: keep your hands on the wheel and your eyes on the road.';
    return {
      evidence: c.steering.map((h) => h.span),
      missing: ['supervision_statement'],
      explanation: 'Describes sustained steering assistance without saying that the driver must supervise and stay in control.',
      suggestedFix: `Append '${text}'`,
      autoFix: { kind: 'append', text },
    };
  },
});
