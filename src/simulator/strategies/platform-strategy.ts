import type { Channel, Competency } from '../../domain';
import { consentKey } from '../../domain';
import { distanceKm } from '../weighted';
import { grossProfit, needsBay, offerKindFor, productCompetency, type Product } from '../economics';
import type { FeatureCode } from '../features';
import type { DealerView, ObservedOwner, OfferDecision, Strategy, StrategyContext, UsageFeatures } from '../strategy';

/**
 * The platform's own policy as it exists today, on observable data only: needs read from
 * telemetry-derived features (with consent), contact only on consented channels that pass
 * compliance, dealers chosen for capacity and certification, and discounts only where an
 * owner has shown that a plain reminder does not move them.
 */
export function platformStrategy(opts: { contactGapMonths?: number } = {}): Strategy {
  const gap = opts.contactGapMonths ?? 2;
  return {
    name: 'platform',
    description: 'need-based targeting from telemetry, consent and compliance aware, capacity-aware dealer choice, discounts sized to incrementality',
    decide(ctx) {
      const planned = new Map<string, number>();
      const out: OfferDecision[] = [];
      for (const o of ctx.owners) {
        if (!o.active || o.offers.some((f) => ctx.month - f.month < gap)) continue;
        const channels = consentedChannels(o);
        if (channels.length === 0) continue;
        const usage = o.consents[consentKey('telematics_marketing', 'any')] ? ctx.usage(o.ownerId) : null;
        const candidate = pickNeed(o, usage, ctx);
        if (!candidate) continue;
        let dealerId: string | null = null;
        if (needsBay(candidate.product)) {
          const d = chooseDealer(o, candidate.product, ctx.dealers, planned);
          if (!d) continue;
          dealerId = d.id;
          planned.set(d.id, (planned.get(d.id) ?? 0) + 1);
        }
        const discountPct = sizeDiscount(o, candidate.product);
        const kind = offerKindFor(candidate.product, candidate.trial);
        const channel = channels.find((ch) => ctx.complianceCheck({ ownerId: o.ownerId, market: o.market, channel: ch, kind, product: candidate.product, discountPct }).allowed);
        if (!channel) continue;
        out.push({ ownerId: o.ownerId, product: candidate.product, discountPct, channel, dealerId, trial: candidate.trial });
      }
      return out;
    },
  };
}

/** In-vehicle first, then e-mail and push; SMS last because it is the most intrusive. */
const channelOrder: readonly Channel[] = ['hmi', 'email', 'push', 'sms'];

function consentedChannels(o: ObservedOwner): Channel[] {
  return channelOrder.filter((ch) => o.reachable.includes(ch) && o.consents[consentKey('marketing_contact', ch)] === true);
}

/** The most valuable need the data shows, or null: dealer needs first, then a feature that fits the driving. */
function pickNeed(o: ObservedOwner, u: UsageFeatures | null, ctx: StrategyContext): { product: Product; trial: boolean } | null {
  const recentlyOffered = (p: Product): boolean => o.offers.some((f) => f.product === p && ctx.month - f.month < 6);
  const needs: Product[] = [];
  if (u) {
    if (u.minTyreKpa < 205) needs.push('tyres');
    if (u.padWearPct >= 72) needs.push('brakes');
    if (u.dtcCount > 0) needs.push('service');
    if (u.sohPct !== null && u.sohPct < 86) needs.push('battery_check');
  }
  if (o.monthsSinceService !== null && o.monthsSinceService >= 11) needs.push('service');
  const need = needs.find((p) => !recentlyOffered(p) || p === 'tyres');
  if (need) return { product: need, trial: false };
  if (!u) return null;
  const available = ctx.availableFeatures(o.modelId, o.market, o.adasLevel).filter((f) => !o.ownedFeatures.includes(f) && !recentlyOffered(f));
  const fit: [FeatureCode, number][] = [
    ['trailer_assist', u.towingTrips >= 2 ? 1 : 0],
    ['adas_plus', u.highwayShare >= 0.45 && u.cruiseMinutes >= 60 ? 0.9 : 0],
    ['fast_charge_plus', u.fastChargeSessions >= 2 ? 0.85 : 0],
    ['night_vision', u.nightDrivingShare >= 0.3 ? 0.8 : 0],
    ['navigation_plus', u.kmLastMonth >= 1800 ? 0.6 : 0],
  ];
  const best = fit.filter(([f, s]) => s > 0 && available.includes(f)).sort((a, b) => b[1] - a[1] || grossProfit(b[0], 0) - grossProfit(a[0], 0))[0];
  return best ? { product: best[0], trial: true } : null;
}

/** No discount on a first reminder; 10 % only for owners who ignored a plain reminder before. */
function sizeDiscount(o: ObservedOwner, product: Product): number {
  if (product === 'vehicle') return 0.03;
  const ignoredPlain = o.offers.filter((f) => f.discountPct === 0 && !f.redeemed && f.product === product).length;
  const boughtOnlyOnDiscount = o.purchases.length > 0 && o.purchases.every((p) => p.discountPct > 0);
  return ignoredPlain >= 1 && !boughtOnlyOnDiscount ? 0.1 : 0;
}

/** Home dealer if certified and not full; otherwise the nearest certified dealer with room. */
function chooseDealer(o: ObservedOwner, product: Product, dealers: readonly DealerView[], planned: ReadonlyMap<string, number>): DealerView | null {
  const need: Competency | undefined = productCompetency[product];
  const ok = (d: DealerView): boolean =>
    d.market === o.market && (need === undefined || d.competencies.includes(need)) && d.bookedLastMonth + (planned.get(d.id) ?? 0) < 0.9 * d.capacityPerMonth;
  const home = dealers.find((d) => d.id === o.homeDealerId);
  if (home && ok(home)) return home;
  const from = home ?? dealers.find((d) => d.market === o.market);
  if (!from) return null;
  return dealers.filter(ok).sort((a, b) => distanceKm(from.lat, from.lon, a.lat, a.lon) - distanceKm(from.lat, from.lon, b.lat, b.lon))[0] ?? null;
}
