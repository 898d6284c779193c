import { z } from 'zod';
import { Fund, NodeId, Offer, type TenantNode } from '../domain';
import { checkVin } from '../kernel';
import { isWithin } from '../network';
import { evaluateEligibility, isWithinValidity, type CatalogOffer, type EligibilityContext } from '../offers';
import { fundPosition } from './fund-position';
import { appendToLedger, type Ledger, type LedgerEntry } from './ledger';

/** A dealer's request to be reimbursed for one redemption. */
export const DealerClaim = z.strictObject({
  id: z.string().regex(/^clm-[a-z0-9-]{1,60}$/),
  fundId: Fund.shape.id,
  offerId: Offer.shape.id,
  dealerId: NodeId,
  /** Raw as submitted; validity is one of the checks. */
  vin: z.string().max(40),
  redeemedAt: z.iso.datetime(),
  amountMinor: z.int().min(1),
  submittedAt: z.iso.datetime(),
});
export type DealerClaim = z.infer<typeof DealerClaim>;

export const ClaimPolicy = z.strictObject({
  /** Days after the redemption within which a claim must be submitted. */
  claimWindowDays: z.number().min(0).default(90),
  /** Largest amount one claim may ask for; null = only the accrual limits it. */
  maxPerClaimMinor: z.int().min(0).nullable().default(null),
});
export type ClaimPolicy = z.infer<typeof ClaimPolicy>;

export const claimChecks = [
  'vin_valid', 'offer_matches_fund', 'dealer_in_fund_tier', 'redemption_on_ledger', 'eligible_at_redemption',
  'within_validity', 'within_claim_window', 'not_duplicate', 'per_claim_cap', 'fund_cap',
] as const;
export type ClaimCheck = (typeof claimChecks)[number];

export interface ClaimReason {
  code: ClaimCheck;
  passed: boolean;
  detail: string;
}

export interface ClaimDecision {
  claimId: string;
  status: 'settled' | 'rejected';
  reasons: ClaimReason[];
  /** To append to the ledger: claim + settlement, or claim_rejected. */
  entries: LedgerEntry[];
}

export interface ClaimInput {
  claim: DealerClaim;
  fund: Fund;
  offer: CatalogOffer;
  ledger: Ledger;
  nodes: readonly TenantNode[];
  /** The vehicle and customer as they were at the redemption; null when no record exists. */
  contextAtRedemption: EligibilityContext | null;
  policy: ClaimPolicy;
  now: Date;
}

const dayMs = 86_400_000;

/** Checks a claim against the offer ledger and the fund; every check is reported. Pure: returns the entries to append. */
export function adjudicateClaim(input: ClaimInput): ClaimDecision {
  const { claim, fund, offer, ledger, policy } = input;
  const reasons: ClaimReason[] = [];
  const add = (code: ClaimCheck, passed: boolean, detail: string): void => { reasons.push({ code, passed, detail }); };
  const vin = checkVin(claim.vin);
  add('vin_valid', vin.valid, vin.valid ? `${claim.vin} is a valid VIN` : `${claim.vin} fails the ${vin.reason} check`);
  const matches = offer.id === claim.offerId && offer.fundId === fund.id && claim.fundId === fund.id;
  add('offer_matches_fund', matches, matches ? `${offer.id} is funded by ${fund.id}` : `claim names ${claim.offerId} / ${claim.fundId}; offer ${offer.id} is funded by ${offer.fundId ?? 'no fund'}`);
  const inTier = isWithin(input.nodes, claim.dealerId, fund.tierNodeId);
  add('dealer_in_fund_tier', inTier, `${claim.dealerId} ${inTier ? 'is' : 'is not'} under ${fund.tierNodeId}`);
  const accrual = ledger.find((e) => e.type === 'accrual' && e.fundId === fund.id && e.offerId === claim.offerId && e.vin === claim.vin && e.dealerId === claim.dealerId);
  const sameDay = accrual?.type === 'accrual' && accrual.redeemedAt.slice(0, 10) === claim.redeemedAt.slice(0, 10);
  add('redemption_on_ledger', sameDay, !accrual ? `no redemption of ${claim.offerId} for ${claim.vin} by ${claim.dealerId} on the ledger`
    : sameDay ? `redemption ${accrual.id} on the ledger` : `the ledger has the redemption on another day than ${claim.redeemedAt.slice(0, 10)}`);
  const redeemedAt = new Date(claim.redeemedAt);
  const ctx = input.contextAtRedemption;
  if (ctx === null || ctx.vehicle.vin !== claim.vin) {
    add('eligible_at_redemption', false, `no vehicle record for ${claim.vin} at the redemption`);
  } else {
    const eligibility = evaluateEligibility(offer, offer.rules, ctx, redeemedAt);
    const failed = eligibility.reasons.filter((r) => !r.passed).map((r) => `${r.code}: ${r.detail}`);
    add('eligible_at_redemption', eligibility.eligible, eligibility.eligible ? 'eligible when redeemed' : `not eligible when redeemed (${failed.join('; ')})`);
  }
  const valid = isWithinValidity(offer, redeemedAt);
  add('within_validity', valid, `redeemed ${claim.redeemedAt}, offer valid ${offer.validFrom} – ${offer.validTo}`);
  const lag = (Date.parse(claim.submittedAt) - redeemedAt.getTime()) / dayMs;
  const inWindow = lag >= 0 && lag <= policy.claimWindowDays;
  add('within_claim_window', inWindow, `submitted ${lag.toFixed(1)} days after the redemption (window ${policy.claimWindowDays} days)`);
  const earlier = ledger.find((e) => (e.type === 'claim' && e.offerId === claim.offerId && e.vin === claim.vin) || ((e.type === 'claim' || e.type === 'claim_rejected') && e.claimId === claim.id));
  add('not_duplicate', !earlier, earlier && 'claimId' in earlier ? `already claimed as ${earlier.claimId}` : 'first claim for this redemption');
  const caps = [accrual?.type === 'accrual' ? accrual.amountMinor : null, policy.maxPerClaimMinor].filter((c): c is number => c !== null);
  const cap = caps.length > 0 ? Math.min(...caps) : Infinity;
  add('per_claim_cap', claim.amountMinor <= cap, `asks ${claim.amountMinor}, cap ${Number.isFinite(cap) ? cap : 'none'}`);
  const position = fundPosition(ledger, fund.id);
  const room = position.budgetMinor - position.claimedMinor;
  add('fund_cap', claim.amountMinor <= room, `asks ${claim.amountMinor}, ${room} of ${position.budgetMinor} left to claim`);

  const at = input.now.toISOString();
  const base = { fundId: fund.id, at, claimId: claim.id };
  const settled = reasons.every((r) => r.passed);
  const entries: LedgerEntry[] = settled
    ? [
      { ...base, type: 'claim', id: `${claim.id}:claim`, offerId: claim.offerId, vin: claim.vin, dealerId: claim.dealerId, amountMinor: claim.amountMinor },
      { ...base, type: 'settlement', id: `${claim.id}:settlement`, amountMinor: claim.amountMinor },
    ]
    : [{
      ...base, type: 'claim_rejected', id: `${claim.id}:rejected:${ledger.length}`, offerId: claim.offerId, vin: claim.vin, dealerId: claim.dealerId,
      amountMinor: claim.amountMinor, reasons: reasons.filter((r) => !r.passed).map((r) => r.code),
    }];
  return { claimId: claim.id, status: settled ? 'settled' : 'rejected', reasons, entries };
}

/** Adjudicates claims in order, appending each decision to the ledger before the next (so duplicates and fund caps within the batch are caught). */
export function adjudicateClaims(
  claims: readonly { claim: DealerClaim; contextAtRedemption: EligibilityContext | null }[],
  deps: Omit<ClaimInput, 'claim' | 'contextAtRedemption'>,
): { decisions: ClaimDecision[]; ledger: Ledger } {
  let ledger = deps.ledger;
  const decisions = claims.map(({ claim, contextAtRedemption }) => {
    const decision = adjudicateClaim({ ...deps, ledger, claim, contextAtRedemption });
    ledger = appendToLedger(ledger, decision.entries);
    return decision;
  });
  return { decisions, ledger };
}
