import { engineData, isNewCarModelAd } from '../ad-kind';
import { defineRule } from '../define-rule';
import { find } from '../patterns';

export const envDe001 = defineRule({
  id: 'ENV-DE-001',
  family: 'env',
  severity: 'major',
  markets: ['DE'],
  channels: 'all',
  description: 'Pkw-EnVKV: combined energy consumption, CO₂ emissions and CO₂ class missing in new-car advertising.',
  evaluate(ctx) {
    const t = ctx.text.norm.text;
    const engine = find(ctx, engineData);
    if (!isNewCarModelAd(ctx) && engine.length === 0) return null;
    const missing: string[] = [];
    if (!/\d+(?:[.,]\d+)?\s?(?:l|kwh|kg)\s?\/\s?100\s?km/.test(t)) missing.push('energy_consumption_combined');
    if (!/\d+(?:[.,]\d+)?\s?g\s?\/\s?km/.test(t)) missing.push('co2_combined');
    if (!/co2[- ]?(?:effizienz)?klassen?\s?:?\s?[a-g]\b|\bklassen?\s?:?\s?[a-g]\b/.test(t)) missing.push('co2_class');
    if (missing.length === 0) return null;
    const evidence = engine.length > 0 ? engine.map((h) => h.span) : [{ start: 0, end: ctx.text.original.length, text: ctx.text.original }];
    return {
      evidence,
      missing,
      explanation: `New-car advertising in Germany must state the official combined energy consumption, CO₂ emissions and CO₂ class; missing: ${missing.join(', ')}.`,
      suggestedFix: "Append e.g. 'Stromverbrauch kombiniert: 14,9 kWh/100 km; CO₂-Emissionen kombiniert: 0 g/km; CO₂-Klasse: A.' (official values for the model)",
    };
  },
});
