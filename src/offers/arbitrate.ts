import { z } from 'zod';
import { Channel } from '../domain';
import type { CatalogOffer } from './catalog-offer';
import { PriorOfferEvent } from './conditions';
import { channelAllowance, contactAllowance, type ContactPolicy } from './contact-policy';

export type ArbitrationOffer = Pick<CatalogOffer, 'id' | 'exclusivityGroup' | 'stackable' | 'priority' | 'perCustomerLimit' | 'globalLimit' | 'costMinor' | 'fundId'>;

/** Offers a customer is already eligible for, with the channel each would go on. */
export const CustomerCandidates = z.strictObject({
  customerId: z.string().min(1),
  candidates: z.array(z.strictObject({ offerId: z.string().min(1), channel: Channel, score: z.number().default(0) })),
  /** Earlier contacts (`received`, any channel) and redemptions of this customer. */
  history: z.array(PriorOfferEvent).default([]),
});
export type CustomerCandidates = z.infer<typeof CustomerCandidates>;
export type CustomerCandidatesInput = z.input<typeof CustomerCandidates>;

export const refusalCodes = [
  'unknown_offer', 'duplicate_candidate', 'cool_down', 'per_customer_limit', 'global_limit',
  'exclusive_group', 'not_stackable', 'max_offers', 'frequency_cap', 'channel_cap', 'budget_cap',
] as const;
export type RefusalCode = (typeof refusalCodes)[number];

export interface Grant {
  offerId: string;
  channel: Channel;
}

export interface Refusal extends Grant {
  code: RefusalCode;
  detail: string;
}

export interface CustomerDecision {
  customerId: string;
  granted: Grant[];
  refused: Refusal[];
}

export interface ArbitrationInput {
  offers: readonly ArbitrationOffer[];
  /** Processed in this order; budgets and global limits are consumed as grants are made. */
  customers: readonly CustomerCandidates[];
  /** Remaining budget per fund id, in minor units. An offer whose fund has no entry is refused. */
  budgets: Readonly<Record<string, number>>;
  /** Grants and redemptions so far per offer id, counted against globalLimit. */
  usage: Readonly<Record<string, number>>;
  policy: ContactPolicy;
  now: Date;
}

export interface ArbitrationResult {
  decisions: CustomerDecision[];
  /** Budgets and usage after this batch. */
  budgets: Record<string, number>;
  usage: Record<string, number>;
}

interface BatchState {
  budgets: Record<string, number>;
  usage: Record<string, number>;
}

type Candidate = CustomerCandidates['candidates'][number];

function refusalFor(offer: ArbitrationOffer, c: Candidate, customer: CustomerCandidates, granted: readonly ArbitrationOffer[], grants: readonly Grant[], left: { contacts: number; binding: string | null }, input: ArbitrationInput, state: BatchState): [RefusalCode, string] | null {
  const redeemed = customer.history.filter((e) => e.offerId === offer.id && e.event === 'redeemed').length;
  if (offer.perCustomerLimit !== null && redeemed >= offer.perCustomerLimit) return ['per_customer_limit', `redeemed ${redeemed}× already (limit ${offer.perCustomerLimit})`];
  const used = state.usage[offer.id] ?? 0;
  if (offer.globalLimit !== null && used >= offer.globalLimit) return ['global_limit', `${used} of ${offer.globalLimit} uses taken`];
  const rival = offer.exclusivityGroup === null ? undefined : granted.find((g) => g.exclusivityGroup === offer.exclusivityGroup);
  if (rival) return ['exclusive_group', `group ${offer.exclusivityGroup} already won by ${rival.id}`];
  const blocker = granted.find((g) => !g.stackable || !offer.stackable);
  if (blocker) return ['not_stackable', offer.stackable ? `${blocker.id} does not stack` : `${offer.id} does not stack with ${blocker.id}`];
  if (granted.length >= input.policy.maxOffersPerDecision) return ['max_offers', `at most ${input.policy.maxOffersPerDecision} offer(s) per decision`];
  if (left.contacts <= 0) return ['frequency_cap', `cap reached: ${left.binding ?? 'frequency cap'}`];
  const onChannel = channelAllowance(input.policy, customer.history, c.channel, input.now) - grants.filter((g) => g.channel === c.channel).length;
  if (onChannel <= 0) return ['channel_cap', `channel cap reached on ${c.channel}`];
  if (offer.fundId !== null) {
    const budget = state.budgets[offer.fundId];
    if (budget === undefined) return ['budget_cap', `no budget given for ${offer.fundId}`];
    if (budget < offer.costMinor) return ['budget_cap', `${offer.fundId} has ${budget} left, ${offer.costMinor} needed`];
  }
  return null;
}

function decideCustomer(customer: CustomerCandidates, offers: ReadonlyMap<string, ArbitrationOffer>, input: ArbitrationInput, state: BatchState): CustomerDecision {
  const decision: CustomerDecision = { customerId: customer.customerId, granted: [], refused: [] };
  const ordered = [...customer.candidates].sort((a, b) => {
    const pa = offers.get(a.offerId)?.priority ?? 0;
    const pb = offers.get(b.offerId)?.priority ?? 0;
    return pb - pa || b.score - a.score || a.offerId.localeCompare(b.offerId);
  });
  const allowance = contactAllowance(input.policy, customer.history, input.now);
  const left = { contacts: allowance.remaining, binding: allowance.binding };
  const granted: ArbitrationOffer[] = [];
  const seen = new Set<string>();
  for (const c of ordered) {
    const offer = offers.get(c.offerId);
    const refuse = (code: RefusalCode, detail: string): void => { decision.refused.push({ offerId: c.offerId, channel: c.channel, code, detail }); };
    if (!offer) { refuse('unknown_offer', `no offer ${c.offerId} in the batch`); continue; }
    if (seen.has(c.offerId)) { refuse('duplicate_candidate', `${c.offerId} was already considered for this customer`); continue; }
    seen.add(c.offerId);
    if (allowance.coolDownLeftHours > 0) { refuse('cool_down', `last contact too recent: ${allowance.coolDownLeftHours.toFixed(1)} h of cool-down left`); continue; }
    const refusal = refusalFor(offer, c, customer, granted, decision.granted, left, input, state);
    if (refusal) { refuse(refusal[0], refusal[1]); continue; }
    granted.push(offer);
    decision.granted.push({ offerId: offer.id, channel: c.channel });
    left.contacts -= 1;
    state.usage[offer.id] = (state.usage[offer.id] ?? 0) + 1;
    if (offer.fundId !== null) state.budgets[offer.fundId] = (state.budgets[offer.fundId] ?? 0) - offer.costMinor;
  }
  return decision;
}

/**
 * Decides, customer by customer in the given order, which eligible offers are granted: highest
 * priority first (then score, then id); exclusivity groups and stacking; per-customer and global
 * limits; budget caps consumed as the batch proceeds; cool-down and frequency caps across all
 * channels. Each refused candidate carries the first rule that stopped it. Inputs are not mutated.
 */
export function arbitrate(input: ArbitrationInput): ArbitrationResult {
  const offers = new Map(input.offers.map((o) => [o.id, o] as const));
  const state: BatchState = { budgets: { ...input.budgets }, usage: { ...input.usage } };
  const decisions = input.customers.map((customer) => decideCustomer(customer, offers, input, state));
  return { decisions, budgets: state.budgets, usage: state.usage };
}
