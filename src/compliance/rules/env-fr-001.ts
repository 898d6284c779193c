import { isVehicleSaleAd } from '../ad-kind';
import { defineRule } from '../define-rule';

export const envFr001 = defineRule({
  id: 'ENV-FR-001',
  family: 'env',
  severity: 'major',
  markets: ['FR'],
  channels: ['hmi_card', 'push', 'email', 'social_ad', 'web_banner'],
  description: 'CO₂ class (with g/km) missing in a French passenger-car advertisement.',
  evaluate(ctx) {
    const t = ctx.text.norm.text;
    if (!isVehicleSaleAd(ctx, false)) return null;
    if (/classe\s?(?:co2|d'emissions?(?: de co2)?|energie)?\s?:?\s?[a-g]\b/.test(t) && /\d+(?:[.,]\d+)?\s?g\s?\/\s?km/.test(t)) return null;
    return {
      evidence: [{ start: 0, end: ctx.text.original.length, text: ctx.text.original }],
      missing: ['co2_class'],
      explanation: 'French passenger-car advertising must show the CO₂ class (A–G) with the g/km value.',
      suggestedFix: "Add e.g. 'Classe CO₂ : A (0 g/km)' with the model's official values.",
    };
  },
});
