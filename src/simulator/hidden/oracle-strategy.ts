import { consentKey, type Channel } from '../../domain';
import type { DealerView, OfferDecision, Strategy, StrategyContext } from '../strategy';
import { channelCost, grossProfit, needsBay, offerKindFor, productCompetency, productEconomics, type Product } from '../economics';
import type { FeatureCode } from '../features';
import type { OwnerTraits } from './owner-traits';
import { baseProbability, featureUse, putOff, treatedProbability, type OwnerTruthState } from './response-model';

/** What the oracle may peek at: the hidden truth of an owner. */
export interface OraclePeek {
  traits: OwnerTraits;
  state: OwnerTruthState;
  needs: ReadonlySet<Product>;
  ageYears: number;
}

/** Value of one point of satisfaction (0..1 scale) in future gross profit, used to price long-term effects. */
const satisfactionValue = 2000;

/**
 * Upper bound: reads the hidden truth and picks, per owner, the offer with the highest true
 * expected incremental value net of long-term effects, on consented channels, at certified
 * dealers with room.
 */
export function oracleStrategy(peek: (ownerId: string) => OraclePeek | undefined): Strategy {
  return {
    name: 'oracle',
    description: 'reads the hidden truth: true uplift, long-term effects, capacity (upper bound)',
    decide(ctx: StrategyContext) {
      const planned = new Map<string, number>();
      const out: OfferDecision[] = [];
      for (const o of ctx.owners) {
        const t = o.active ? peek(o.ownerId) : undefined;
        if (!t) continue;
        const channels = (['hmi', 'email', 'push', 'sms'] as Channel[]).filter((ch) => o.reachable.includes(ch) && o.consents[consentKey('marketing_contact', ch)] === true);
        if (channels.length === 0) continue;
        const features = ctx.availableFeatures(o.modelId, o.market, o.adasLevel).filter((f) => !o.ownedFeatures.includes(f));
        const candidates: Product[] = [...t.needs, ...features];
        let best: { value: number; d: OfferDecision } | null = null;
        for (const product of candidates) {
          const trialOptions = features.includes(product as FeatureCode) ? [true, false] : [false];
          for (const trial of trialOptions) for (const discountPct of [0, 0.1, 0.2]) for (const channel of channels) {
            const kind = offerKindFor(product, trial);
            if (!ctx.complianceCheck({ ownerId: o.ownerId, market: o.market, channel, kind, product, discountPct }).allowed) continue;
            const pb = baseProbability(t.traits, t.state, product, t.needs, t.ageYears);
            const pt = treatedProbability(t.traits, t.state, product, discountPct, channel, t.needs, t.ageYears, trial);
            let value = pt * grossProfit(product, discountPct) - pb * grossProfit(product, 0) - channelCost[channel];
            if (discountPct > 0) value -= pt * 0.25 * t.traits.priceSensitivity * Math.min(1.5, discountPct / 0.15) * 300;
            if (features.includes(product as FeatureCode) && featureUse(t.traits, product as FeatureCode) < 0.3) value -= pt * 0.14 * satisfactionValue;
            if (t.needs.has(product)) value += (pt - pb) * 0.01 * 12 * productEconomics.service.price;
            value -= putOff(t.traits, t.state, channel) * 0.03 * satisfactionValue;
            if (!best || value > best.value) best = { value, d: { ownerId: o.ownerId, product, discountPct, channel, dealerId: null, trial } };
          }
        }
        if (!best || best.value <= 0) continue;
        if (needsBay(best.d.product)) {
          const dealer = pickDealer(ctx.dealers, o.market, o.homeDealerId, best.d.product, planned);
          if (!dealer) continue;
          best.d.dealerId = dealer.id;
          planned.set(dealer.id, (planned.get(dealer.id) ?? 0) + 1);
        }
        out.push(best.d);
      }
      return out;
    },
  };
}

function pickDealer(dealers: readonly DealerView[], market: string, homeId: string | null, product: Product, planned: ReadonlyMap<string, number>): DealerView | null {
  const need = productCompetency[product];
  const ok = (d: DealerView): boolean => d.market === market && (need === undefined || d.competencies.includes(need)) && d.bookedLastMonth + (planned.get(d.id) ?? 0) < 0.85 * d.capacityPerMonth;
  const home = dealers.find((d) => d.id === homeId);
  if (home && ok(home)) return home;
  return dealers.filter(ok).sort((a, b) => (a.bookedLastMonth + (planned.get(a.id) ?? 0)) / a.capacityPerMonth - (b.bookedLastMonth + (planned.get(b.id) ?? 0)) / b.capacityPerMonth)[0] ?? null;
}
