import { allMarkets, defineRule } from '../define-rule';
import { createLexicon, matchLexicon } from '../lexicon';

const timeLimit = createLexicon([
  'limited time', 'limited-time', 'for a limited time', "don't miss out", 'do not miss out', 'last chance', 'final hours', 'final days',
  'last days', 'today only', 'only today', 'ends tonight', 'ends today', 'ends tomorrow', 'ends soon', 'ending soon', 'ends this weekend',
  'this weekend only', 'this weekend', 'this week only', 'this week', 'this month',
  'this month only', 'weekend only', 'while the offer lasts', 'hurry', 'act fast', 'act now', 'for a short time', 'short time only',
  'days left', 'hours left', 'hours only', 'days only', '24 hours', '48 hours', '72 hours', '24-hour', '48-hour', '72-hour', 'flash sale',
  'countdown', 'before it ends', 'before it’s gone', 'offer expires soon', 'tonight only', 'weekend sale', 'weekend event', 'sale ends',
  'offer ends', 'deal ends', 'offer expires', 'valid until', 'angebot endet', 'endet am', 'gültig bis', "l'offre se termine", "valable jusqu'au",
  "valable jusqu'à", 'nur noch heute', 'nur bis',
  ...['mon', 'tues', 'wednes', 'thurs', 'fri', 'satur', 'sun'].flatMap((d) => [`ends ${d}day`, `until ${d}day`, `through ${d}day`, `this ${d}day only`]),
  ...['montag', 'dienstag', 'mittwoch', 'donnerstag', 'freitag', 'samstag', 'sonntag'].flatMap((d) => [`bis ${d}`, `endet ${d}`, `nur am ${d}`]),
  ...['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'].flatMap((d) => [`jusqu'à ${d}`, `jusqu'au ${d}`, `ce ${d} seulement`]),
  'zeitlich begrenzt*', 'nur heute', 'nur am wochenende', 'nur dieses wochenende', 'dieses wochenende', 'letzte gelegenheit', 'letzte chance',
  'diesen monat', 'diese woche', 'bald vorbei', 'endet bald', 'endet heute', 'nur für kurze zeit', 'kurze zeit', 'befristet*',
  'nicht verpassen', 'schnell sein', 'nur für wenige tage',
  'offre limitée', 'pour une durée limitée', 'durée limitée', 'ce week-end seulement', 'ce week-end', 'ce mois-ci', 'cette semaine',
  'dépêchez-vous', 'derniers jours', 'dernière chance', "aujourd'hui seulement", "seulement aujourd'hui", 'se termine bientôt',
  'ne manquez pas', 'temps limité', 'heures seulement', 'jours seulement',
]);
const notTimeLimit = /^\s*(?:stock|edition|series|auflage|serie|exemplaires|units|stuck)/;
const months = '(?:jan(?:uary|uar|vier)?|feb(?:ruary|ruar)?|fevrier|mar(?:ch|s)?|marz|apr(?:il)?|avril|may|mai|jun(?:e|i)?|juin|jul(?:y|i)?|juillet|aug(?:ust)?|aout|sep(?:t(?:ember)?)?|septembre|oct(?:ober)?|oktober|octobre|nov(?:ember)?|novembre|dec(?:ember)?|dezember|decembre)';
const explicitDate = new RegExp(
  String.raw`\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{1,2}\.\d{1,2}\.(?!\d)|\b(?!24\/7)\d{1,2}\/\d{1,2}\b|\b\d{1,2}(?:st|nd|rd|th|er|\.)?\s${months}\b|\b${months}\.?\s\d{1,2}(?:st|nd|rd|th)?\b|\b\d{4}-\d{2}-\d{2}\b`,
);

export const price004 = defineRule({
  id: 'PRICE-004',
  family: 'price',
  severity: 'major',
  markets: allMarkets,
  channels: 'all',
  description: 'Time-limited offer without an explicit end date.',
  evaluate(ctx) {
    const lex = ctx.text.lex.text;
    const hits = matchLexicon(ctx.text, timeLimit, { ignoreNegation: true }).filter((h) => !notTimeLimit.test(lex.slice(h.j, h.j + 15)));
    if (hits.length === 0) return null;
    if (explicitDate.test(ctx.text.norm.text)) return null;
    return {
      evidence: hits.map((h) => h.span),
      missing: ['end_date'],
      explanation: 'Limits the offer to a period without an explicit calendar end date; relative windows depend on when the message is read.',
      suggestedFix: "State the end date, e.g. 'offer valid until Sunday 7 June 2026'.",
    };
  },
});
