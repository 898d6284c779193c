import { allMarkets, defineRule } from '../define-rule';
import { createLexicon, matchLexicon } from '../lexicon';

const telematics = createLexicon([
  'your trips', 'your trip', 'your late-night trips', 'your daily trips', 'your weekend trips', 'your long trips', 'your recent trips',
  'your frequent trips', 'your night trips', 'your journeys', 'your recent journeys', 'your route to', 'your routes', 'your commute',
  'your daily commute', 'your average speed', 'your speed', 'your top speed', 'your battery health', 'your battery’s health',
  "your battery's health", 'your charging habits', 'your charging history', 'your charging pattern*', 'you usually charge', 'you usually park',
  'where you park', 'where you usually park', 'based on how you drive', 'how you drive', 'your driving style', 'your driving habits',
  'your driving data', 'your driving behaviour', 'your driving behavior', 'your driving score', 'your braking', 'hard braking', 'harsh braking',
  'we noticed', "we've noticed", 'we have noticed', 'we see you', 'we can see', 'you often drive', 'you drive a lot', 'you frequently drive',
  'your mileage', "you've driven", 'you have driven', 'you drove', "you've covered", 'you have covered', 'you covered', 'your recent drives', 'your drives', 'your location', "you've been driving",
  'according to your car', 'according to your vehicle', 'your car tells us', 'your vehicle tells us', 'your car data', 'your vehicle data',
  'battery health is', 'battery health has', 'battery health dropped', 'state of health is', 'your tyres are', 'your tires are', 'your brake pads are', 'your oil life', 'your fuel consumption',
  'your energy consumption', 'your eco score', 'data from your car', 'data from your vehicle', "your car's data", "your vehicle's data",
  'connected car data', 'ihr akku', 'ihre batterie', 'ihr fahrzeug meldet', 'laut fahrzeugdaten', 'ihre fahrzeugdaten', 'votre batterie',
  'les données de votre véhicule', 'votre véhicule nous indique', 'your cabin', 'your odometer', 'your tyre wear', 'your tire wear', 'miles you drive', 'kilometres you drive',
  'ihre fahrten', 'ihre letzten fahrten', 'ihr fahrstil', 'ihre fahrweise', 'ihr fahrverhalten', 'wir haben bemerkt', 'wir haben festgestellt',
  'wir sehen', 'ihre route', 'ihre strecke', 'ihr ladeverhalten', 'sie fahren oft', 'sie fahren häufig', 'ihr kilometerstand', 'ihre fahrdaten',
  'laut ihrem fahrzeug', 'ihre durchschnittsgeschwindigkeit', 'ihr pendelweg', 'wo sie parken',
  'vos données de conduite', 'votre style de conduite', 'votre conduite', 'nous avons remarqué', 'nous avons constaté', 'vos trajets', 'votre trajet',
  'vos habitudes de conduite', 'votre kilométrage', 'vous roulez souvent', 'vous roulez beaucoup', 'vos recharges', 'votre vitesse moyenne',
  'où vous vous garez', 'selon votre véhicule',
]);
const notTelematics = /^\s*(?:may vary|will vary|varies)/;
const offer = /\d\s?%|\b(?:off|discount\w*|offer\w*|deal\w*|save|savings|price\w*|upgrade\w*|you'?d love|you'?ll love|recommend\w*|ask your dealer about|special|exclusive|buy|purchase|order|trade[- ]in|free|subscribe|subscription|add\b|unlock|angebot\w*|rabatt\w*|preis\w*|empfehl\w*|vorteil\w*|offre\w*|remise\w*|reduction\w*|profitez|prix|promo\w*|bon plan)\b|[$£€]\s?\d|\d\s?€/;

export const priv001 = defineRule({
  id: 'PRIV-001',
  family: 'priv',
  severity: 'critical',
  markets: allMarkets,
  channels: 'all',
  description: 'Telematics-derived personal data used in an offer without telematics-marketing consent.',
  evaluate(ctx) {
    if (ctx.input.consent.telematicsMarketing === true) return null;
    const lex = ctx.text.lex.text;
    const hits = matchLexicon(ctx.text, telematics, { ignoreNegation: true }).filter((h) => !notTelematics.test(lex.slice(h.j, h.j + 15)));
    if (hits.length === 0 || !offer.test(ctx.text.norm.text)) return null;
    return {
      evidence: hits.map((h) => h.span),
      missing: ['consent_telematics_marketing'],
      explanation: 'Uses connected-vehicle data about this customer in an offer, but the recipient has not consented to telematics-based marketing.',
      suggestedFix: 'Remove the reference to the vehicle data, or send only to recipients with telematics-marketing consent.',
      autoFix: { kind: 'remove_evidence_sentences' },
    };
  },
});
