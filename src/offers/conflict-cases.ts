import type { Dealer, TenantNode } from '../domain';
import type { ConflictOffer, ConflictPolicyInput, SuppressionCode } from './resolve-channel-conflict';

/**
 * Named channel-conflict cases (STYLE.md §7) over one small network: the NSC's cash rebate,
 * the home dealer's own offer and a rival dealer's conquest bonus.
 */
export interface ConflictCase {
  name: string;
  customer: { id: string; postalCode: string | null; homeDealerId: string | null };
  offers: string[];
  policy?: ConflictPolicyInput;
  /** Override the customer value (amountMinor) of offers by id. */
  amounts?: Record<string, number>;
  expect: {
    conflict: boolean;
    kinds: ('tier' | 'dealer')[];
    winner: string | null;
    kept: string[];
    suppressed: Record<string, SuppressionCode>;
    coFunding?: { nodeId: string; sharePct: number; amountMinor: number }[];
  };
}

export const conflictNetwork: { nodes: TenantNode[]; dealers: Pick<Dealer, 'id' | 'territory'>[]; offers: ConflictOffer[] } = {
  nodes: [
    { id: 'oem', kind: 'oem', parentId: null, name: 'OEM', market: null },
    { id: 'nsc-uk', kind: 'nsc', parentId: 'oem', name: 'NSC UK', market: 'UK' },
    { id: 'dlr-home', kind: 'dealer', parentId: 'nsc-uk', name: 'Home Motors', market: 'UK' },
    { id: 'dlr-rival', kind: 'dealer', parentId: 'nsc-uk', name: 'Rival Cars', market: 'UK' },
  ],
  dealers: [{ id: 'dlr-home', territory: ['SW1'] }, { id: 'dlr-rival', territory: ['SE1'] }],
  offers: [
    { id: 'off-nsc-cash', kind: 'cash_rebate', terms: { amountMinor: 1000 }, ownerNodeId: 'nsc-uk', priority: 0, costMinor: 1000 },
    { id: 'off-home-deal', kind: 'dealer_funded', terms: { amountMinor: 800, dealerId: 'dlr-home' }, ownerNodeId: 'dlr-home', priority: 0, costMinor: 800 },
    { id: 'off-rival-conquest', kind: 'conquest_bonus', terms: { amountMinor: 1500 }, ownerNodeId: 'dlr-rival', priority: 0, costMinor: 1500 },
  ],
};

const all = ['off-nsc-cash', 'off-home-deal', 'off-rival-conquest'];
const homeCustomer = { id: 'own-anna', postalCode: 'SW1A 1AA', homeDealerId: 'dlr-home' };
const walkIn = (postalCode: string | null) => ({ id: 'own-bob', postalCode, homeDealerId: null });

export const conflictCases: { version: number; cases: ConflictCase[] } = {
  version: 1,
  cases: [
    {
      name: 'OEM, home dealer and rival conquest: the primary dealer keeps the customer and the better offer wins',
      customer: homeCustomer, offers: all,
      expect: { conflict: true, kinds: ['tier', 'dealer'], winner: 'off-nsc-cash', kept: ['off-nsc-cash'], suppressed: { 'off-rival-conquest': 'not_primary_dealer', 'off-home-deal': 'better_offer_for_customer' } },
    },
    {
      name: 'no primary dealer: the territory owner keeps the customer',
      customer: walkIn('SE1 7PB'), offers: all,
      expect: { conflict: true, kinds: ['tier', 'dealer'], winner: 'off-rival-conquest', kept: ['off-rival-conquest'], suppressed: { 'off-home-deal': 'outside_territory', 'off-nsc-cash': 'better_offer_for_customer' } },
    },
    {
      name: 'no primary dealer and no competing territory owner: best for the customer decides',
      customer: walkIn('N1 9GU'), offers: all,
      expect: { conflict: true, kinds: ['tier', 'dealer'], winner: 'off-rival-conquest', kept: ['off-rival-conquest'], suppressed: { 'off-home-deal': 'better_offer_for_customer', 'off-nsc-cash': 'better_offer_for_customer' } },
    },
    {
      name: 'unknown location: best for the customer decides',
      customer: walkIn(null), offers: ['off-home-deal', 'off-rival-conquest'],
      expect: { conflict: true, kinds: ['dealer'], winner: 'off-rival-conquest', kept: ['off-rival-conquest'], suppressed: { 'off-home-deal': 'better_offer_for_customer' } },
    },
    {
      name: 'co-funding: the dealer offer wins and the NSC pays its share',
      customer: homeCustomer, offers: all, amounts: { 'off-home-deal': 1200 }, policy: { coFunding: { upstreamSharePct: 60 } },
      expect: {
        conflict: true, kinds: ['tier', 'dealer'], winner: 'off-home-deal', kept: ['off-home-deal'],
        suppressed: { 'off-rival-conquest': 'not_primary_dealer', 'off-nsc-cash': 'better_offer_for_customer' },
        coFunding: [{ nodeId: 'nsc-uk', sharePct: 60, amountMinor: 720 }, { nodeId: 'dlr-home', sharePct: 40, amountMinor: 480 }],
      },
    },
    {
      name: 'co-funding: the OEM offer wins and the entitled dealer pays its share',
      customer: homeCustomer, offers: all, policy: { coFunding: { upstreamSharePct: 75 } },
      expect: {
        conflict: true, kinds: ['tier', 'dealer'], winner: 'off-nsc-cash', kept: ['off-nsc-cash'],
        suppressed: { 'off-rival-conquest': 'not_primary_dealer', 'off-home-deal': 'better_offer_for_customer' },
        coFunding: [{ nodeId: 'nsc-uk', sharePct: 75, amountMinor: 750 }, { nodeId: 'dlr-home', sharePct: 25, amountMinor: 250 }],
      },
    },
    {
      name: 'co-funding needs an entitled dealer offer: none when only the rival competed',
      customer: homeCustomer, offers: ['off-nsc-cash', 'off-rival-conquest'], policy: { coFunding: { upstreamSharePct: 50 } },
      expect: { conflict: true, kinds: ['tier'], winner: 'off-nsc-cash', kept: ['off-nsc-cash'], suppressed: { 'off-rival-conquest': 'not_primary_dealer' } },
    },
    {
      name: 'policy without best-for-customer keeps both tiers, ranked',
      customer: homeCustomer, offers: all, policy: { order: ['primary_dealer'] },
      expect: { conflict: true, kinds: ['tier', 'dealer'], winner: 'off-nsc-cash', kept: ['off-nsc-cash', 'off-home-deal'], suppressed: { 'off-rival-conquest': 'not_primary_dealer' } },
    },
    {
      name: 'equal value: the upstream offer wins the tie',
      customer: homeCustomer, offers: ['off-nsc-cash', 'off-home-deal'], amounts: { 'off-home-deal': 1000 },
      expect: { conflict: true, kinds: ['tier'], winner: 'off-nsc-cash', kept: ['off-nsc-cash'], suppressed: { 'off-home-deal': 'better_offer_for_customer' } },
    },
    {
      name: 'one offer: no conflict',
      customer: homeCustomer, offers: ['off-rival-conquest'],
      expect: { conflict: false, kinds: [], winner: 'off-rival-conquest', kept: ['off-rival-conquest'], suppressed: {} },
    },
  ],
};
