import type { MarketCode } from '../domain';
import { qualifyVehicle, type ExclusionReason, type PlanInput } from './plan-release-campaign';

/** An offer of a release campaign that is still live: not yet shown (pending) or shown in the car (delivered). */
export interface LiveOffer {
  readonly vin: string;
  readonly offerId: string;
  readonly campaignId: string;
  readonly market: MarketCode;
  readonly status: 'pending' | 'delivered';
}

/** Suppress a pending offer before it goes out; revoke a card already delivered to the vehicle. */
export interface RetractionInstruction {
  readonly vin: string;
  readonly offerId: string;
  readonly campaignId: string;
  readonly action: 'suppress' | 'revoke';
  readonly reason: ExclusionReason | 'vehicle_unknown';
  readonly detail: string;
}

export interface RetractionPlan {
  readonly instructions: RetractionInstruction[];
  /** Live offers that still hold. */
  readonly kept: number;
}

/**
 * Re-checks every live offer of a campaign against the current releases,
 * approvals and software states: an update that failed or rolled back, a
 * withdrawn approval or a halted rollout turns the offer into a suppression
 * (pending) or a revocation (delivered), so the owner is never promised what
 * the car cannot do. The same qualification as the planner decides.
 */
export function planRetraction(input: Omit<PlanInput, 'vehicles'> & { vehicles: PlanInput['vehicles'][number][]; live: LiveOffer[] }): RetractionPlan {
  const byVin = new Map(input.vehicles.map((v) => [v.vin, v]));
  const instructions: RetractionInstruction[] = [];
  let kept = 0;
  for (const offer of input.live) {
    if (offer.campaignId !== input.template.campaignId) continue;
    const action = offer.status === 'pending' ? 'suppress' : 'revoke';
    const vehicle = byVin.get(offer.vin);
    if (!vehicle) {
      instructions.push({ vin: offer.vin, offerId: offer.offerId, campaignId: offer.campaignId, action, reason: 'vehicle_unknown', detail: 'the vehicle is no longer known' });
      continue;
    }
    const q = qualifyVehicle(input, vehicle);
    if (q.ok) kept++;
    else instructions.push({ vin: offer.vin, offerId: offer.offerId, campaignId: offer.campaignId, action, reason: q.reason, detail: q.detail });
  }
  return { instructions, kept };
}
