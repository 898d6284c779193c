import { allMarkets, defineRule } from '../define-rule';
import { createLexicon, matchLexicon } from '../lexicon';

const freeLexicon = createLexicon([
  'free', 'for free', 'at no charge', 'free of charge', 'complimentary', 'on us', 'gift', 'kostenlos*', 'gratis', 'umsonst', 'geschenkt',
  'gratuit*', 'offert*', 'cadeau*', 'sin coste', 'gratuito',
]);
const notFreeBefore = /(?:[\p{L}]-\s?|feel\s|\bhands|worry|care|stress|trouble|hassle|carefree|toll|duty|emission|emissions|fuel|tax|sugar|maintenance|smoke|lead|barrier|frost)\s*$/u;
const notFreeAfter = /^\s*(?:to\b|-\s?\p{L}|up\b|time\b|flowing|way|will|ing)/u;
const footnoteMark = /^[\s]*[*†‡¹²³⁴⁵⁶⁷⁸⁹]/u;
const trial = /\b(?:free|gratis|kostenlos|gratuit\w*|offert\w*|complimentary)\s(?:for|pendant|fur|durant)\s(?:\d+|one|two|three|six|a|un|une|deux|trois|six|einen|eine|zwei|drei|sechs)\s(?:days?|weeks?|months?|years?|jours?|semaines?|mois|ans?|tage?n?|wochen?|monate?n?|jahre?n?)|\b(?:\d+|one|two|three|six|un|une|deux|trois|six|einen|eine|zwei|drei|sechs)[- ](?:days?|weeks?|months?|years?|jours?|semaines?|mois|ans?|tage?n?|wochen?|monate?n?|jahre?n?)\s(?:free|gratis|kostenlos\w*|gratuit\w*|offert\w*|on us)\b|\bfree trial\b|\btrial\b|\bkostenlos testen\b|\bgratis testen\b|\btesten sie kostenlos\b|\bessai gratuit\b|\bessayez gratuitement\b|\btry (?:it )?(?:for )?free\b|\bprobeabo\b|\bprobemonat\w*/;
const postPrice = /\b(?:then|thereafter|after that|afterwards|puis|ensuite|danach|anschliessend|dann)\b[^.!?]{0,30}(?:[$£€]\s?\d|\d\s?(?:€|eur))/;
const renewal = /cancel\w*|renew\w*|no commitment|sans engagement|resiliable|resiliation|kundbar|kundigung|verlanger\w*|opt out|stop anytime|ohne vertragsbindung|sans abonnement/;
const vague = /\b(?:with (?:any )?qualifying purchase|qualifying (?:purchase|vehicle)|conditions apply|terms apply|t&cs? apply|t&c apply|restrictions apply|see dealer(?: for details)?|when you finance|with finance|eligible purchases?|selected (?:models|vehicles)|participating (?:dealers|retailers)|es gelten bedingungen|bedingungen gelten|unter bestimmten (?:voraussetzungen|bedingungen)|voir conditions|sous conditions|offre soumise a conditions|conditions en concession|voir en concession)\b/;

export const price001 = defineRule({
  id: 'PRICE-001',
  family: 'price',
  severity: 'major',
  markets: allMarkets,
  channels: 'all',
  description: '"Free" claim whose conditions are hidden (footnote), incomplete (trial terms) or vague.',
  evaluate(ctx) {
    const lex = ctx.text.lex.text;
    const original = ctx.text.original;
    const hits = matchLexicon(ctx.text, freeLexicon, { ignoreNegation: true }).filter(
      (h) => !notFreeBefore.test(lex.slice(Math.max(0, h.i - 12), h.i)) && !notFreeAfter.test(lex.slice(h.j, h.j + 12)),
    );
    if (hits.length === 0) return null;
    const t = ctx.text.norm.text;
    const missing = new Set<string>();
    for (const h of hits) {
      // a marker on the free term or later in the same sentence ("free servicing for 3 years*")
      const clause = /^[^.!?\n]*/.exec(original.slice(h.span.end))?.[0] ?? '';
      const at = clause.search(/[*†‡¹²³⁴⁵⁶⁷⁸⁹]/u);
      const m = at >= 0 ? footnoteMark.exec(clause.slice(at)) : null;
      if (m) {
        const mark = m[0].trim();
        const rest = original.slice(h.span.end + at + m[0].length);
        const footnote = rest.indexOf(mark);
        if (footnote < 0 || !/\p{L}{3,}/u.test(rest.slice(footnote + 1, footnote + 40))) missing.add('free_conditions');
      }
    }
    if (trial.test(t) && !(postPrice.test(t) && renewal.test(t))) missing.add('post_trial_terms');
    if (vague.test(t)) missing.add('free_conditions');
    if (missing.size === 0) return null;
    return {
      evidence: hits.map((h) => h.span),
      missing: [...missing].sort(),
      explanation: missing.has('post_trial_terms')
        ? 'A free trial or free period is offered without the price afterwards and how renewal or cancellation works.'
        : 'A "free" item depends on conditions that are hidden behind a footnote or described only vaguely.',
      suggestedFix: "State the conditions in the message, e.g. 'free with purchase of a new 2026 Meridian Tourer by 30 June 2026', and for trials the price afterwards and how to cancel.",
    };
  },
});
