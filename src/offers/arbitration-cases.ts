import type { ArbitrationOffer, CustomerCandidatesInput, RefusalCode } from './arbitrate';
import type { ContactPolicyInput } from './contact-policy';

/**
 * Named arbitration cases (STYLE.md §7). Offers are built from `offer(id, overrides)` defaults
 * (not stackable, priority 0, one per customer, no global limit, cost 100 from fund-a). Each case
 * expects, per customer, the granted offer ids in order and the refusal code of every refused one.
 */
export interface ArbitrationCase {
  name: string;
  offers: ArbitrationOffer[];
  customers: CustomerCandidatesInput[];
  budgets?: Record<string, number>;
  usage?: Record<string, number>;
  policy?: ContactPolicyInput;
  expect: Record<string, { granted: string[]; refused?: Record<string, RefusalCode> }>;
  budgetsAfter?: Record<string, number>;
  usageAfter?: Record<string, number>;
}

const offer = (id: string, over: Partial<ArbitrationOffer> = {}): ArbitrationOffer => ({
  id, exclusivityGroup: null, stackable: false, priority: 0, perCustomerLimit: 1, globalLimit: null, costMinor: 100, fundId: 'fund-a', ...over,
});
const wants = (customerId: string, offerIds: string[], history: CustomerCandidatesInput['history'] = []): CustomerCandidatesInput => ({
  customerId, candidates: offerIds.map((offerId) => ({ offerId, channel: 'push' as const })), history,
});
const stack = { stackable: true };
const roomy: ContactPolicyInput = { maxOffersPerDecision: 5 };
const contact = (offerId: string, channel: 'email' | 'sms' | 'push', at: string) => ({ offerId, event: 'received' as const, channel, at });

export const arbitrationCases: { version: number; now: string; defaultBudgets: Record<string, number>; cases: ArbitrationCase[] } = {
  version: 1,
  now: '2026-11-22T12:00:00.000Z',
  defaultBudgets: { 'fund-a': 1_000_000, 'fund-b': 1_000_000 },
  cases: [
    {
      name: 'highest priority wins when offers do not stack',
      offers: [offer('off-a', { priority: 10 }), offer('off-b', { priority: 5 })], customers: [wants('c1', ['off-b', 'off-a'])], policy: roomy,
      expect: { c1: { granted: ['off-a'], refused: { 'off-b': 'not_stackable' } } },
    },
    {
      name: 'stackable offers combine',
      offers: [offer('off-a', stack), offer('off-b', stack)], customers: [wants('c1', ['off-a', 'off-b'])], policy: roomy,
      expect: { c1: { granted: ['off-a', 'off-b'] } },
    },
    {
      name: 'a stackable offer does not join a non-stackable winner',
      offers: [offer('off-a', { priority: 9 }), offer('off-b', { ...stack, priority: 1 })], customers: [wants('c1', ['off-a', 'off-b'])], policy: roomy,
      expect: { c1: { granted: ['off-a'], refused: { 'off-b': 'not_stackable' } } },
    },
    {
      name: 'exclusive group: only the best of the group, others still stack',
      offers: [offer('off-a', { ...stack, exclusivityGroup: 'finance', priority: 10 }), offer('off-b', { ...stack, exclusivityGroup: 'finance', priority: 5 }), offer('off-c', { ...stack, priority: 1 })],
      customers: [wants('c1', ['off-a', 'off-b', 'off-c'])], policy: roomy,
      expect: { c1: { granted: ['off-a', 'off-c'], refused: { 'off-b': 'exclusive_group' } } },
    },
    {
      name: 'exclusive group: the next in line wins when the first is out of budget',
      offers: [offer('off-a', { ...stack, exclusivityGroup: 'finance', priority: 10, fundId: 'fund-empty' }), offer('off-b', { ...stack, exclusivityGroup: 'finance', priority: 5 })],
      customers: [wants('c1', ['off-a', 'off-b'])], budgets: { 'fund-a': 1000, 'fund-empty': 50 }, policy: roomy,
      expect: { c1: { granted: ['off-b'], refused: { 'off-a': 'budget_cap' } } },
    },
    {
      name: 'at most maxOffersPerDecision offers',
      offers: [offer('off-a', stack), offer('off-b', stack), offer('off-c', stack)], customers: [wants('c1', ['off-a', 'off-b', 'off-c'])], policy: { maxOffersPerDecision: 2 },
      expect: { c1: { granted: ['off-a', 'off-b'], refused: { 'off-c': 'max_offers' } } },
    },
    {
      name: 'score breaks a priority tie',
      offers: [offer('off-a'), offer('off-b')],
      customers: [{ customerId: 'c1', candidates: [{ offerId: 'off-a', channel: 'push', score: 0.2 }, { offerId: 'off-b', channel: 'push', score: 0.9 }] }],
      expect: { c1: { granted: ['off-b'], refused: { 'off-a': 'not_stackable' } } },
    },
    {
      name: 'per-customer limit counts earlier redemptions',
      offers: [offer('off-a', { priority: 5 }), offer('off-b')],
      customers: [wants('c1', ['off-a', 'off-b'], [{ offerId: 'off-a', event: 'redeemed', channel: 'email', at: '2026-05-01T00:00:00.000Z' }])],
      expect: { c1: { granted: ['off-b'], refused: { 'off-a': 'per_customer_limit' } } },
    },
    {
      name: 'global limit reached mid-batch',
      offers: [offer('off-a', { globalLimit: 2 })], usage: { 'off-a': 1 },
      customers: [wants('c1', ['off-a']), wants('c2', ['off-a']), wants('c3', ['off-a'])],
      expect: { c1: { granted: ['off-a'] }, c2: { granted: [], refused: { 'off-a': 'global_limit' } }, c3: { granted: [], refused: { 'off-a': 'global_limit' } } },
      usageAfter: { 'off-a': 2 },
    },
    {
      name: 'budget cap reached mid-batch stops granting and the next offer takes over',
      offers: [offer('off-a', { priority: 10 }), offer('off-b', { fundId: 'fund-b', costMinor: 40 })],
      budgets: { 'fund-a': 250, 'fund-b': 1000 },
      customers: [wants('c1', ['off-a', 'off-b']), wants('c2', ['off-a', 'off-b']), wants('c3', ['off-a', 'off-b']), wants('c4', ['off-a'])],
      expect: {
        c1: { granted: ['off-a'], refused: { 'off-b': 'not_stackable' } },
        c2: { granted: ['off-a'], refused: { 'off-b': 'not_stackable' } },
        c3: { granted: ['off-b'], refused: { 'off-a': 'budget_cap' } },
        c4: { granted: [], refused: { 'off-a': 'budget_cap' } },
      },
      budgetsAfter: { 'fund-a': 50, 'fund-b': 960 },
    },
    {
      name: 'a fund without a budget entry grants nothing',
      offers: [offer('off-a', { fundId: 'fund-unknown' })], customers: [wants('c1', ['off-a'])],
      expect: { c1: { granted: [], refused: { 'off-a': 'budget_cap' } } },
    },
    {
      name: 'an offer without a fund is not budget-capped',
      offers: [offer('off-a', { fundId: null })], budgets: {}, customers: [wants('c1', ['off-a'])],
      expect: { c1: { granted: ['off-a'] } },
    },
    {
      name: 'cool-down applies across channels',
      offers: [offer('off-a')], policy: { coolDownHours: 24 },
      customers: [wants('c1', ['off-a'], [contact('off-x', 'email', '2026-11-22T02:00:00.000Z')]), wants('c2', ['off-a'], [contact('off-x', 'email', '2026-11-21T02:00:00.000Z')])],
      expect: { c1: { granted: [], refused: { 'off-a': 'cool_down' } }, c2: { granted: ['off-a'] } },
    },
    {
      name: 'frequency cap counts contacts on every channel',
      offers: [offer('off-a')], policy: { frequencyCaps: [{ days: 7, maxContacts: 3 }] },
      customers: [wants('c1', ['off-a'], [contact('off-x', 'sms', '2026-11-20T10:00:00.000Z'), contact('off-y', 'sms', '2026-11-19T10:00:00.000Z'), contact('off-z', 'email', '2026-11-18T10:00:00.000Z')])],
      expect: { c1: { granted: [], refused: { 'off-a': 'frequency_cap' } } },
    },
    {
      name: 'frequency cap leaves room for exactly one more',
      offers: [offer('off-a', stack), offer('off-b', stack)], policy: { maxOffersPerDecision: 5, frequencyCaps: [{ days: 7, maxContacts: 2 }, { days: 30, maxContacts: 10 }] },
      customers: [wants('c1', ['off-a', 'off-b'], [contact('off-x', 'email', '2026-11-20T10:00:00.000Z')])],
      expect: { c1: { granted: ['off-a'], refused: { 'off-b': 'frequency_cap' } } },
    },
    {
      name: 'contacts outside the rolling window do not count',
      offers: [offer('off-a')], policy: { frequencyCaps: [{ days: 7, maxContacts: 1 }] },
      customers: [wants('c1', ['off-a'], [contact('off-x', 'email', '2026-11-12T10:00:00.000Z')])],
      expect: { c1: { granted: ['off-a'] } },
    },
    {
      name: 'channel cap moves the customer to another channel',
      offers: [offer('off-a', { ...stack, priority: 5 }), offer('off-b', stack)], policy: { maxOffersPerDecision: 5, channelCaps: [{ channel: 'email', days: 30, maxContacts: 1 }] },
      customers: [{
        customerId: 'c1', history: [contact('off-x', 'email', '2026-11-17T10:00:00.000Z')],
        candidates: [{ offerId: 'off-a', channel: 'email' }, { offerId: 'off-b', channel: 'push' }],
      }],
      expect: { c1: { granted: ['off-b'], refused: { 'off-a': 'channel_cap' } } },
    },
    {
      name: 'unknown and duplicate candidates are refused, not dropped',
      offers: [offer('off-a')], customers: [wants('c1', ['off-a', 'off-a', 'off-ghost'])],
      expect: { c1: { granted: ['off-a'], refused: { 'off-a': 'duplicate_candidate', 'off-ghost': 'unknown_offer' } } },
    },
  ],
};
