import { z } from 'zod';
import type { Dealer, TenantNode } from '../domain';
import { territoryOwner } from '../network';
import type { CatalogOffer } from './catalog-offer';
import { customerValueMinor } from './offer-terms';

export const conflictSteps = ['primary_dealer', 'territory', 'best_for_customer'] as const;

/**
 * How competing offers for one customer are resolved (README "Channel conflicts").
 * Steps run in `order`; co-funding, when set, splits the winner's cost between the
 * upstream tier and the entitled dealer whenever both had an offer for the customer.
 */
export const ConflictPolicy = z.strictObject({
  order: z.array(z.enum(conflictSteps)).default([...conflictSteps]),
  coFunding: z.strictObject({ upstreamSharePct: z.number().min(0).max(100) }).nullable().default(null),
});
export type ConflictPolicy = z.infer<typeof ConflictPolicy>;
export type ConflictPolicyInput = z.input<typeof ConflictPolicy>;

export type ConflictOffer = Pick<CatalogOffer, 'id' | 'kind' | 'terms' | 'ownerNodeId' | 'priority' | 'costMinor'>;

export interface ConflictInput {
  customer: { id: string; postalCode: string | null; homeDealerId: string | null };
  offers: readonly ConflictOffer[];
  nodes: readonly TenantNode[];
  dealers: readonly Pick<Dealer, 'id' | 'territory'>[];
  policy: ConflictPolicy;
}

export type SuppressionCode = 'not_primary_dealer' | 'outside_territory' | 'better_offer_for_customer';

export interface ConflictResolution {
  customerId: string;
  conflict: boolean;
  /** `tier`: an upstream (OEM/NSC/distributor) and a dealer offer; `dealer`: offers from two or more dealers. */
  kinds: ('tier' | 'dealer')[];
  winner: string | null;
  kept: string[];
  suppressed: { offerId: string; code: SuppressionCode; detail: string }[];
  coFunding: { nodeId: string; sharePct: number; amountMinor: number }[] | null;
  explanation: string[];
}

export function resolveChannelConflict(input: ConflictInput): ConflictResolution {
  const kindOf = new Map(input.nodes.map((n) => [n.id, n.kind] as const));
  const isDealer = (o: ConflictOffer): boolean => kindOf.get(o.ownerNodeId) === 'dealer';
  const value = (o: ConflictOffer): number => customerValueMinor(o);
  const rank = (a: ConflictOffer, b: ConflictOffer): number =>
    value(b) - value(a) || b.priority - a.priority || Number(isDealer(a)) - Number(isDealer(b)) || a.id.localeCompare(b.id);
  const dealerOwners = new Set(input.offers.filter(isDealer).map((o) => o.ownerNodeId));
  const kinds: ConflictResolution['kinds'] = [];
  if (dealerOwners.size > 0 && input.offers.some((o) => !isDealer(o))) kinds.push('tier');
  if (dealerOwners.size > 1) kinds.push('dealer');
  const result: ConflictResolution = { customerId: input.customer.id, conflict: input.offers.length > 1, kinds, winner: null, kept: [], suppressed: [], coFunding: null, explanation: [] };
  let remaining = [...input.offers];
  const suppress = (offers: ConflictOffer[], code: SuppressionCode, detail: (o: ConflictOffer) => string): void => {
    for (const o of offers) result.suppressed.push({ offerId: o.id, code, detail: detail(o) });
    remaining = remaining.filter((o) => !offers.includes(o));
  };
  if (!result.conflict) result.explanation.push(input.offers.length === 1 ? 'one offer only: no conflict' : 'no offers');
  for (const step of result.conflict ? input.policy.order : []) {
    const dealerOffers = remaining.filter(isDealer);
    if (step === 'primary_dealer') {
      const home = input.customer.homeDealerId;
      if (home === null) { result.explanation.push('primary dealer: the customer has none'); continue; }
      const others = dealerOffers.filter((o) => o.ownerNodeId !== home);
      suppress(others, 'not_primary_dealer', (o) => `${o.ownerNodeId} is not the customer's primary dealer ${home}`);
      result.explanation.push(others.length > 0 ? `primary dealer: ${home} keeps the customer; ${others.length} offer(s) from other dealers suppressed` : `primary dealer: no other dealer competes with ${home}`);
    } else if (step === 'territory') {
      const owners = new Set(dealerOffers.map((o) => o.ownerNodeId));
      if (owners.size < 2) { result.explanation.push('territory: fewer than two dealers left, nothing to decide'); continue; }
      const owner = input.customer.postalCode === null ? null : territoryOwner(input.dealers, input.customer.postalCode);
      if (owner === null || !owners.has(owner.id)) { result.explanation.push('territory: no competing dealer owns the customer\'s postal area'); continue; }
      suppress(dealerOffers.filter((o) => o.ownerNodeId !== owner.id), 'outside_territory', (o) => `customer lives in ${owner.id}'s territory, not ${o.ownerNodeId}'s`);
      result.explanation.push(`territory: ${input.customer.postalCode ?? ''} belongs to ${owner.id}`);
    } else {
      const sorted = [...remaining].sort(rank);
      const best = sorted[0];
      if (!best || sorted.length < 2) { result.explanation.push('best for the customer: one offer left'); continue; }
      suppress(sorted.slice(1), 'better_offer_for_customer', (o) => `${best.id} is worth ${value(best)} to the customer, ${o.id} ${value(o)}`);
      result.explanation.push(`best for the customer: ${best.id} (worth ${value(best)}) wins`);
    }
  }
  const kept = [...remaining].sort(rank);
  result.kept = kept.map((o) => o.id);
  result.winner = kept[0]?.id ?? null;
  const winner = kept[0];
  if (input.policy.coFunding && winner && kinds.includes('tier')) {
    const notDealerBlocked = (o: ConflictOffer): boolean => !result.suppressed.some((s) => s.offerId === o.id && s.code !== 'better_offer_for_customer');
    const upstream = isDealer(winner) ? input.offers.filter((o) => !isDealer(o)).sort(rank)[0] : winner;
    const dealer = isDealer(winner) ? winner : input.offers.filter((o) => isDealer(o) && notDealerBlocked(o)).sort(rank)[0];
    if (upstream && dealer) {
      const pct = input.policy.coFunding.upstreamSharePct;
      const upstreamMinor = Math.round((winner.costMinor * pct) / 100);
      result.coFunding = [
        { nodeId: upstream.ownerNodeId, sharePct: pct, amountMinor: upstreamMinor },
        { nodeId: dealer.ownerNodeId, sharePct: 100 - pct, amountMinor: winner.costMinor - upstreamMinor },
      ];
      result.explanation.push(`co-funding: ${upstream.ownerNodeId} pays ${pct}% and ${dealer.ownerNodeId} ${100 - pct}% of ${winner.id}`);
    }
  }
  return result;
}
