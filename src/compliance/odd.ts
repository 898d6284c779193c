import type { MarketCode } from '../domain';
import { automationClaims, originalSentences, type ClaimHit } from './automation-claims';
import type { RuleContext } from './define-rule';
import type { FeatureToken } from './feature-token';
import { globalRegex } from './lexicon';
import { foldText, type Span } from './text-view';

/**
 * Operational-design-domain analysis for approved hands-off / eyes-off features
 * (ADAS-005 out-of-ODD claims, ADAS-006 missing limits).
 */

export const motorwayWords = /\b(?:motorways?|highways?|freeways?|interstates?|expressways?|autobahn\w*|autoroutes?|autostrad[ae]|autopistas?|snelweg\w*|controlled-access|schnellstrass\w*|voies? rapides?)\b/;
const mappedWords = /\b(?:pre-?mapped|premapped|approved|compatible|qualified|designated|certified|mapped|hands-?off[- ]zones?|hands-?free[- ]zones?|blue[- ]zones?|freigegeben\w*|zugelassen\w*|kompatibl\w*|kartiert\w*|homologue\w*|cartographi\w*|compatibles|autorise\w*|designe\w*)\b/;
const speedFigure = /(\d+(?:[.,]\d+)?)\s?(km\/h|kmh|km\/std|kph|mph)\b/g;
const daylightWords = /\b(?:daylight|daytime|during the day|by day|in the day|tageslicht|tagsuber|bei tag|de jour|en journee|lumiere du jour|in plein jour)\b/;
const dryWords = /\b(?:dry|trocken\w*|chaussee seche|temps sec|route seche|routes seches)\b/;
const clearWords = /\b(?:clear weather|good weather|fine weather|no rain|gutem wetter|klarer sicht|klarem wetter|beau temps|temps clair|clear (?:skies|conditions))\b/;
const takeoverWords = /\b(?:take over|take back control|take back the wheel|take the wheel|take control|resume (?:control|driving)|regain control|ready to (?:take|intervene|drive|steer)|when (?:prompted|asked|requested|needed)|on request|as soon as it asks|when (?:it|the system|the car) (?:asks|requests|prompts|tells)|ubernehmen|auf aufforderung|ubernahmebereit\w*|ubernahmeaufforderung|zur ubernahme|reprendre|reprenez|a la demande|pret a reprendre|sur demande|sur sollicitation)\b/;
const eyesOnWords = /\b(?:watch(?:ing)? the road|eyes on the road|keep watching|stay attentive|remain attentive|pay attention|stay alert|remain alert|attentive|keep your eyes|eyes on|aufmerksam\w*|(?:blick|augen) (?:\S+ )?(?:auf|bei) (?:die |der )?(?:strasse|verkehr)|(?:regard|yeux) sur la route|restez attenti\w*|vigilan\w*|attenti\w*)\b/;

const roadBeyond = /\b(?:city|cities|town|towns|urban|downtown|city streets?|side streets?|residential|country roads?|rural|back ?roads?|b-roads?|a-roads?|any road|all roads|every road|any street|anywhere|everywhere|door to door|door-to-door|from your (?:driveway|door|home|garage)|to the office|to work|(?:takes?|get|gets|bring|brings) you home|to your door|school run|parking lots?|car parks?|landstrass\w*|stadt\w*|innerorts|innerstadt\w*|uberall|jede strasse|alle strassen|von tur zu tur|bis vor die haustur|nach hause|ins buro|en ville|partout|routes? de campagne|routes? nationales?|routes? departementales?|toutes les routes|porte a porte|de bout en bout|tout le trajet|de votre domicile|(?:the )?(?:entire|whole) (?:journey|trip|commute|drive|way)|(?:die )?(?:ganze|gesamte) (?:strecke|fahrt)|jusqu'?a chez vous|au bureau|centre-ville)\b/g;
const anySpeed = /\b(?:any speed|all speeds|every speed|at full speed|unlimited speed|jeder geschwindigkeit|jedem tempo|allen geschwindigkeiten|toutes (?:les )?vitesses|n'importe quelle vitesse)\b/g;
const nightWords = /\b(?:at night|after dark|night|nights|nighttime|night-time|in the dark|darkness|24\/7|day or night|day and night|round the clock|around the clock|nachts|bei nacht|dunkelheit|tag und nacht|la nuit|de nuit|jour et nuit|nocturne)\b/g;
const allWeather = /\b(?:in all weathers?|all-weather|any weather|every weather|whatever the weather|rain or shine|bei jedem wetter|bei wind und wetter|par tous les temps|quel que soit le temps)\b/g;
const badWeather = /\b(?:in (?:the )?(?:heavy )?rain|in snow|in fog|in the snow|bei regen|bei schnee|bei nebel|sous la pluie|sous la neige|dans le brouillard)\b/g;
const abroad = /\b(?:abroad|worldwide|around the world|across europe|all over europe|in every country|any country|internationally|im ausland|weltweit|in ganz europa|europaweit|a l'etranger|dans toute l'europe|partout en europe|dans le monde entier)\b/g;
const exceptBefore = /(?:\b(?:not|never|no|except|excluding|exclude[sd]?|but not|avoid|nicht|kein\w*|nie|ausser|ausgenommen|sauf|hors|pas|jamais|aucun\w*|ni)\s+(?:\S+\s+){0,3})$/;

const countries: Readonly<Record<string, readonly string[]>> = {
  US: ['usa', 'united states', 'america'],
  UK: ['uk', 'united kingdom', 'britain', 'great britain', 'england', 'scotland', 'wales'],
  DE: ['germany', 'deutschland', 'allemagne'],
  FR: ['france', 'frankreich'],
  OTHER_EU: ['italy', 'italien', 'italie', 'spain', 'spanien', 'espagne', 'austria', 'osterreich', 'autriche', 'netherlands', 'niederlande', 'pays-bas', 'belgium', 'belgien', 'belgique'],
  NON_EU: ['switzerland', 'schweiz', 'suisse', 'canada', 'mexico', 'china', 'japan', 'norway', 'norwegen'],
  EUROPE: ['europe', 'europa'],
};

function foreignCountries(market: MarketCode): string[] {
  const home: Record<MarketCode, string[]> = {
    US: ['US'], 'US-CA': ['US'], UK: ['UK'], DE: ['DE'], FR: ['FR'], EU: ['DE', 'FR', 'OTHER_EU', 'EUROPE'],
  };
  return Object.entries(countries)
    .filter(([k]) => !home[market].includes(k))
    .flatMap(([, names]) => names);
}

/** The token that governs the message's automation claims: an eyes-off approval wins over hands-off. */
export function governingToken(ctx: RuleContext): FeatureToken | null {
  return ctx.features.find((f) => f.capability === 'L3_EYES_OFF') ?? ctx.features.find((f) => f.capability === 'L2_HANDS_OFF') ?? null;
}

/** Claims made for the governing feature (hands-off for L2; any automation claim for L3). */
export function claimsForToken(ctx: RuleContext, token: FeatureToken): ClaimHit[] {
  const c = automationClaims(ctx);
  if (token.capability === 'L2_HANDS_OFF') return [...c.handsOff, ...c.autonomy];
  return [...c.handsOff, ...c.eyesOff, ...c.autonomy, ...c.automated, ...c.noFallback];
}

/** Norm text with the vehicle's model name blanked out (so "e-City" is not a city). */
function maskedNorm(ctx: RuleContext): string {
  return ctx.memo('maskedNorm', () => {
    let t = ctx.text.norm.text;
    const model = foldText(ctx.input.vehicle.model);
    const parts = [model, ...model.split(/\s+/).filter((p) => p.length >= 2)];
    for (const p of parts) {
      if (!p) continue;
      let k = t.indexOf(p);
      while (k >= 0) {
        t = t.slice(0, k) + ' '.repeat(p.length) + t.slice(k + p.length);
        k = t.indexOf(p, k + p.length);
      }
    }
    return t;
  });
}

function spanFromNorm(ctx: RuleContext, i: number, j: number): Span {
  const v = ctx.text.norm;
  const start = v.start[i] ?? 0;
  const end = v.end[j - 1] ?? start;
  return { start, end, text: ctx.text.original.slice(start, end) };
}

/** ADAS-005: out-of-ODD statements inside sentences that carry a claim. */
export function outOfOdd(ctx: RuleContext, token: FeatureToken, claims: readonly ClaimHit[]): Span[] {
  const sents = originalSentences(ctx);
  const normText = maskedNorm(ctx);
  const claimSentences = new Set(claims.map((c) => sents.findIndex((s) => c.span.start >= s.start && c.span.start < s.end)));
  const out: Span[] = [];
  const scan = (re: RegExp, keep: (m: RegExpMatchArray) => boolean = () => true): void => {
    for (const m of normText.matchAll(globalRegex(re))) {
      const i = m.index;
      const j = i + m[0].length;
      const span = spanFromNorm(ctx, i, j);
      const k = sents.findIndex((s) => span.start >= s.start && span.start < s.end);
      if (!claimSentences.has(k)) continue;
      if (exceptBefore.test(normText.slice(Math.max(0, i - 40), i))) continue;
      if (keep(m)) out.push(span);
    }
  };
  if (token.roadClass !== 'any') scan(roadBeyond);
  scan(anySpeed);
  if (token.maxSpeed) {
    const max = token.maxSpeed;
    scan(speedFigure, (m) => {
      const value = Number((m[1] ?? '0').replace(',', '.'));
      const unit = m[2] === 'mph' ? 'mph' : 'kmh';
      const kmh = unit === 'mph' ? value * 1.609344 : value;
      return kmh > max.kmh + 0.5;
    });
  }
  if (token.conditions.includes('daylight')) scan(nightWords);
  scan(allWeather);
  if (token.conditions.includes('dry') || token.conditions.includes('clear_weather')) scan(badWeather);
  scan(abroad);
  const names = foreignCountries(ctx.market);
  if (names.length > 0) scan(new RegExp(`\\b(?:in|across|through|durch|en|au|aux|dans)\\s+(?:\\S+\\s+){0,4}?(?:${names.join('|')})\\b`));
  return out;
}

/** ADAS-006: the limit elements missing for the governing token. */
export function missingLimits(ctx: RuleContext, token: FeatureToken): string[] {
  const t = ctx.text.norm.text;
  const missing: string[] = [];
  const road = token.roadClass === 'any' || (token.roadClass === 'mapped_motorway' ? mappedWords.test(t) : motorwayWords.test(t) || mappedWords.test(t));
  if (!road) missing.push('odd_road');
  if (token.capability === 'L2_HANDS_OFF') {
    if (!eyesOnWords.test(t)) missing.push('eyes_on_statement');
    return missing;
  }
  if (token.maxSpeed) {
    const max = token.maxSpeed;
    const ok = [...t.matchAll(speedFigure)].some((m) => {
      const value = Number((m[1] ?? '0').replace(',', '.'));
      const kmh = m[2] === 'mph' ? value * 1.609344 : value;
      return kmh <= max.kmh + 0.5;
    });
    if (!ok) missing.push('odd_speed');
  }
  const conds = token.conditions.every((c) => (c === 'daylight' ? daylightWords : c === 'dry' ? dryWords : clearWords).test(t));
  if (!conds) missing.push('odd_conditions');
  if (!takeoverWords.test(t)) missing.push('takeover_statement');
  return missing;
}
