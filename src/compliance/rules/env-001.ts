import { allMarkets, defineRule } from '../define-rule';
import { originalSentences } from '../automation-claims';
import { find } from '../patterns';

const distance = /\b\d{1,4}(?:[.,]\d{1,3})?\s?(?:-\s?)?(?:miles?|mi\b|km\b|kilomet(?:re|er)s?\b|kilometres?\b)(?!\s?\/\s?h|\s?per hour|\s?\/\s?(?:year|yr|an|jahr)|\s(?:per|a|pro|par) (?:year|an|jahr))/g;
const rangeWords = /\brange\b|reichweite|\bautonomie\b|autonomia|on a (?:single |full )?charge|per charge|between charges|from a (?:full |single )?charge|pro (?:akku)?ladung|mit einer (?:akku)?ladung|par charge|en une charge|electric(?:ally)? driving|rein elektrisch|en mode electrique|all-electric|zero-emission driving|electric miles|(?:miles|km) of range|\bcharg\w*|\bbattery\b|\bbatterie\b|\bakku\b|\brecharge\w*/;
const evContext = /\bev\b|electric|elektr\w*|electrique|battery|batterie|akku|charge|plug-in|phev|kwh/;
const upTo = /(?:up to|bis zu|jusqu'?a|as much as|hasta|fino a)\s$/;
const chargingTime = /\b\d+\s?(?:min|mins|minutes|minuten)\b/;

export const env001 = defineRule({
  id: 'ENV-001',
  family: 'env',
  severity: 'major',
  markets: allMarkets,
  channels: 'all',
  description: 'Electric range figure without its official test basis (EPA / WLTP, UK variance qualifier).',
  evaluate(ctx) {
    const t = ctx.text.norm.text;
    const sents = originalSentences(ctx);
    const hits = find(ctx, distance).filter((h) => {
      const s = sents.find((x) => h.span.start >= x.start && h.span.start < x.end)?.norm ?? '';
      if (chargingTime.test(s) || /\/\s?$/.test(t.slice(Math.max(0, h.i - 2), h.i))) return false;
      return rangeWords.test(s) || (upTo.test(t.slice(Math.max(0, h.i - 12), h.i)) && evContext.test(t));
    });
    if (hits.length === 0) return null;
    const missing: string[] = [];
    const us = ctx.market === 'US' || ctx.market === 'US-CA';
    if (us) {
      if (!/\bepa\b/.test(t)) missing.push('epa_estimate_label');
    } else {
      if (!/\bwltp\b/.test(t)) missing.push('wltp_label');
      if (ctx.market === 'UK' && !/\bvar(?:y|ies|iable|iation)\b|\bdepend\w*|real[- ]world|may differ|will differ|conditions/.test(t)) missing.push('range_variance_qualifier');
    }
    if (missing.length === 0) return null;
    return {
      evidence: hits.map((h) => h.span),
      missing,
      explanation: `Gives an electric range figure without ${missing.join(' and ')}.`,
      suggestedFix: us
        ? "Identify the figure as the EPA estimate, e.g. 'EPA-estimated 250-mile range'."
        : ctx.market === 'UK'
          ? "Say 'official WLTP combined range from a full charge; real-world range varies with conditions'."
          : "Identify the figure as the WLTP (combined) value.",
    };
  },
});
