import type { RuleContext } from './define-rule';
import { WORD } from './lexicon';
import { foldText } from './text-view';

/**
 * What kind of advertisement a message is (RULES.md §3.5), for the ENV-* rules.
 */

const genericModelWords = new Set(['e', 'pickup', 'sport', 'tourer', 'city', 'the', 'new', 'neue', 'neu', 'suv', 'van', 'plus', 'edition']);
const salesIntent = /\b(?:neu\w*|new|nouve\w*|neuve?|kaufen|bestell\w*|konfigur\w*|probefahrt\w*|leasen|leasing\w*|finanzier\w*|beim handler|handler|erleben|entdecken|angebot\w*|preis\w*|ist da|premiere|markteinfuhrung|verfugbar|vorbestell\w*|sichern|ab \d|uvp|buy|order|configure|test[- ]drive|lease|from [$£€]|price|offer|launch|available|discover|acheter|achetez|commander|commandez|essai|essayez|configur\w*|decouvr\w*|disponible|des \d|a partir de|prix|offre|loa|lld|location|financement|credit|reservez|concession\w*|jetzt)\b|[$£€]\s?\d|\d\s?€/;
const notNewCarAd = /\b(?:gebraucht\w*|jahreswagen|used|pre-owned|service\w*|werkstatt\w*|inspektion\w*|wartung\w*|entretien|revision|reparatur\w*|repair\w*|maintenance|olwechsel|\w*reifen\w*|tyres?|tires?|pneus?|zubehor\w*|accessor\w*|accessoires?|dachbox\w*|roof ?box\w*|mats?|fussmatten|tapis|ladekabel|wallbox\w*|charger|software|updates?|abo\w*|subscription\w*|abonnement\w*|freischalt\w*|unlock\w*|connect|rappel|recall\w*|ruckruf\w*|over-the-air|ota)\b/;
const usedCar = /\b(?:gebraucht\w*|jahreswagen|used|pre-owned|occasion\w*|d'occasion)\b/;
const carWords = /\b(?:voiture\w*|vehicule\w*|citadine\w*|berline\w*|suv|auto|car|pkw|wagen)\b/;
const motorVehicleWords = /\b(?:utilitaire\w*|moto\w*|scooter\w*|fourgon\w*)\b/;
const withoutUsed = new RegExp(notNewCarAd.source.replace('gebraucht\\w*|jahreswagen|used|pre-owned|', ''));
export const engineData = /\b\d+\s?(?:ps|kw|hp|ch)\b|hubraum|\bccm\b|\b0\s?[-–]\s?100\b/;

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

export function mentionsModel(ctx: RuleContext): boolean {
  return ctx.memo('mentionsModel', () => {
    const t = ctx.text.norm.text;
    const model = foldText(ctx.input.vehicle.model);
    return model
      .split(/\s+/)
      .filter((w) => w.length >= 2 && !genericModelWords.has(w))
      .some((w) => new RegExp(`(?<!${WORD})${escapeRegex(w)}(?!${WORD})`).test(t));
  });
}

const strongIntent = /\b(?:test[- ]drive|probefahrt\w*|essai|bestell\w*|order|konfigur\w*|configur\w*|ist da|is here|est arrivee?|premiere|launch\w*|markteinfuhrung)\b/;

/** A launch / order / test-drive wording, or "the new <model>": a car ad even if it also mentions service or accessories. */
function strongNewCarIntent(ctx: RuleContext): boolean {
  const t = ctx.text.norm.text;
  if (strongIntent.test(t)) return true;
  const words = modelWords(ctx);
  return words.some((w) => new RegExp(`\\b(?:neue[nrs]?|new|all-new|nouvelle|nouveau|neuve?)\\s+(?:\\S+\\s+)?${escapeRegex(w)}(?!${WORD})`).test(t));
}

function modelWords(ctx: RuleContext): string[] {
  return foldText(ctx.input.vehicle.model).split(/\s+/).filter((w) => w.length >= 2 && !genericModelWords.has(w));
}

function ownedVehicleMessage(ctx: RuleContext): boolean {
  const t = ctx.text.norm.text;
  const model = foldText(ctx.input.vehicle.model).split(/\s+/).filter((w) => w.length >= 2 && !genericModelWords.has(w));
  return model.some((w) => new RegExp(`\\b(?:ihr|ihrem|ihren|ihres|your|votre)\\s+(?:\\w+\\s+)?${escapeRegex(w)}`).test(t)) && !/\b(?:ihr neue\w*|your new|votre nouve\w*)\b/.test(t);
}

/** §3.5: promotes buying, leasing, ordering, configuring, test-driving or launching a named new car model. */
export function isNewCarModelAd(ctx: RuleContext): boolean {
  return ctx.memo('newCarAd', () => {
    const t = ctx.text.norm.text;
    if (!mentionsModel(ctx) || ownedVehicleMessage(ctx)) return false;
    if (notNewCarAd.test(t) && !strongNewCarIntent(ctx)) return false;
    return salesIntent.test(t);
  });
}

/** FR: advertisement for the sale or rental (LLD/LOA) of a vehicle, new or used. */
export function isVehicleSaleAd(ctx: RuleContext, includeOtherMotorVehicles: boolean): boolean {
  const t = ctx.text.norm.text;
  const named = mentionsModel(ctx) || carWords.test(t) || (includeOtherMotorVehicles && motorVehicleWords.test(t));
  if (!named || ownedVehicleMessage(ctx)) return false;
  if (withoutUsed.test(t)) return false;
  return salesIntent.test(t) || usedCar.test(t);
}
