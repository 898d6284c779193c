import { defineRule } from '../define-rule';
import { find, spans } from '../patterns';

const mpgFigure = /\b\d{1,3}(?:\.\d)?\s?(?:-\s?)?mpg(?:e)?\b/g;
const general = /\b(?:easy on (?:gas|fuel)|thrift\w*|sips? (?:fuel|gas)|fuel[- ]?(?:efficient|efficiency|economy|sipper|sipping|saver|saving)|great (?:gas )?mileage|gas mileage|save (?:on )?gas|saves gas|fewer (?:trips|stops) (?:to|at) the (?:pump|gas station)|miserly|stingy with (?:gas|fuel)|frugal|economical|(?:great|best|high|excellent|impressive|class-leading|outstanding) (?:mpg|fuel economy|gas mileage|mileage))\b/g;
const modeAfter = /^\s?(?:city|highway|hwy|combined|comb\b|cty)/;
const modeBefore = /(?:city|highway|hwy|combined|comb)\s?(?:\/\s?\w+\s?)?$/;

export const env002 = defineRule({
  id: 'ENV-002',
  family: 'env',
  severity: 'major',
  markets: ['US', 'US-CA'],
  channels: 'all',
  description: 'US fuel-economy claim without the EPA estimate and matching driving mode.',
  evaluate(ctx) {
    const t = ctx.text.norm.text;
    const figures = find(ctx, mpgFigure);
    const claims = find(ctx, general);
    if (figures.length === 0 && claims.length === 0) return null;
    const missing: string[] = [];
    if (!(/\bepa\b/.test(t) && /estimat\w*|\best\b/.test(t))) missing.push('epa_estimate_label');
    const figureModes = figures.every((h) => modeAfter.test(t.slice(h.j, h.j + 12)) || modeBefore.test(t.slice(Math.max(0, h.i - 14), h.i)));
    const generalOk = claims.length === 0 || /combined|\bcomb\b/.test(t) || (/\bcity\b/.test(t) && /highway|hwy/.test(t));
    if (!figureModes || !generalOk) missing.push('driving_mode_match');
    if (missing.length === 0) return null;
    return {
      evidence: spans([...figures, ...claims]),
      missing,
      explanation: `Makes a fuel-economy claim without ${missing.join(' and ')}.`,
      suggestedFix: "State the EPA estimate with its mode, e.g. 'EPA-estimated 45 MPG combined. Actual mileage will vary.'",
    };
  },
});
