import type { Strategy } from '../strategy';

/**
 * Baseline: discount whoever is most likely to buy. Propensity from purchase history only;
 * blind to telemetry, dealer capacity, consent and compliance. Always 20 % off a service.
 */
export function conversionOnlyStrategy(share = 0.15, discountPct = 0.2): Strategy {
  return {
    name: 'conversion-only',
    description: `top ${Math.round(share * 100)} % by purchase propensity, ${Math.round(discountPct * 100)} % off, SMS, home dealer`,
    decide(ctx) {
      const scored = ctx.owners
        .filter((o) => o.active)
        .map((o) => {
          const recent = o.purchases.filter((p) => ctx.month - p.month <= 12).length;
          const redeemed = o.offers.filter((f) => f.redeemed).length;
          return { o, score: recent + 2 * redeemed + (o.monthsSinceService !== null && o.monthsSinceService < 6 ? 1 : 0) + ctx.rng.next() * 0.5 };
        })
        .sort((a, b) => b.score - a.score || (a.o.ownerId < b.o.ownerId ? -1 : 1));
      return scored.slice(0, Math.round(scored.length * share)).map(({ o }) => ({
        ownerId: o.ownerId,
        product: 'service' as const,
        discountPct,
        channel: o.reachable.includes('sms') ? 'sms' as const : 'email' as const,
        dealerId: o.homeDealerId,
        trial: false,
      }));
    },
  };
}

export function noActionStrategy(): Strategy {
  return { name: 'no-action', description: 'sends nothing (the counterfactual for incrementality)', decide: () => [] };
}
