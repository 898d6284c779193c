import { proportionLift } from '../measurement';

/** A stored assignment of a vehicle to a release campaign. */
export interface AssignmentRow {
  readonly vin: string;
  readonly campaignId: string;
  readonly market: string;
  readonly arm: 'treatment' | 'holdout';
  readonly status: 'pending' | 'delivered' | 'suppressed' | 'revoked' | 'held_out';
  readonly assignedAt: string;
  readonly deliveredAt: string | null;
}

/** An owner's response: accepted the offer, or converted (bought/activated the feature, in either arm). */
export interface ResponseRow {
  readonly vin: string;
  readonly campaignId: string;
  readonly kind: 'accepted' | 'converted';
  readonly at: string;
}

export interface ReleaseView {
  readonly feature: string;
  readonly market: string;
  readonly campaignIds: string[];
  readonly rolloutShare: number;
  readonly eligibleVehicles: number;
  readonly offersMade: number;
  readonly offersPending: number;
  readonly offersRetracted: number;
  readonly holdoutVehicles: number;
  readonly takeUp: { readonly accepted: number; readonly converted: number; readonly rate: number | null };
  /** Intent to treat: conversion of every treated assignment against the holdout. */
  readonly uplift: null | { readonly treatedRate: number; readonly holdoutRate: number; readonly difference: number; readonly lower: number; readonly upper: number; readonly confidence: number; readonly method: 'newcombe' };
  readonly stage: 'none' | 'early' | 'wide';
  readonly notes: string[];
  /** Cumulative counts per day of assignment, so early waves can be read as they come. */
  readonly timeline: { readonly day: string; readonly treated: number; readonly treatedConverted: number; readonly holdout: number; readonly holdoutConverted: number }[];
}

/** Early means small: fewer than this many assignments, or under half of the fleet reached. */
export const earlyThreshold = { assignments: 200, rolloutShare: 0.5 } as const;

export function buildReleaseView(input: {
  feature: string;
  market: string;
  rolloutShare: number;
  assignments: AssignmentRow[];
  responses: ResponseRow[];
  confidence?: number;
}): ReleaseView {
  const confidence = input.confidence ?? 0.95;
  const rows = input.assignments.filter((a) => a.market === input.market);
  const key = (r: { vin: string; campaignId: string }) => `${r.campaignId}\u0000${r.vin}`;
  const assigned = new Map(rows.map((r) => [key(r), r]));
  const firstResponse = new Map<string, string>();
  const accepted = new Set<string>();
  for (const r of input.responses) {
    if (!assigned.has(key(r))) continue;
    if (r.kind === 'accepted') accepted.add(key(r));
    else if (!firstResponse.has(key(r)) || r.at < firstResponse.get(key(r))!) firstResponse.set(key(r), r.at);
  }
  const treated = rows.filter((r) => r.arm === 'treatment');
  const held = rows.filter((r) => r.arm === 'holdout');
  const converted = (rs: AssignmentRow[]) => rs.filter((r) => firstResponse.has(key(r))).length;
  const offersMade = treated.filter((r) => r.deliveredAt !== null).length;
  const tc = converted(treated), hc = converted(held);
  const notes: string[] = [];
  let uplift: ReleaseView['uplift'] = null;
  if (treated.length > 0 && held.length > 0) {
    const l = proportionLift({ treatedSuccesses: tc, treatedTotal: treated.length, controlSuccesses: hc, controlTotal: held.length }, confidence);
    uplift = { treatedRate: l.treatedRate, holdoutRate: l.controlRate, difference: l.difference, lower: l.newcombe.lower, upper: l.newcombe.upper, confidence, method: 'newcombe' };
  } else {
    notes.push('no uplift yet: needs at least one treated and one held-out vehicle');
  }
  const stage = rows.length === 0 ? 'none' : rows.length < earlyThreshold.assignments || input.rolloutShare < earlyThreshold.rolloutShare ? 'early' : 'wide';
  if (stage === 'early') notes.push(`early results: ${rows.length} assignment(s) at ${(input.rolloutShare * 100).toFixed(1)}% rollout; the interval is wide and will narrow as waves grow`);
  const days = [...new Set(rows.map((r) => r.assignedAt.slice(0, 10)))].sort();
  const timeline = days.map((day) => {
    const upTo = (rs: AssignmentRow[]) => rs.filter((r) => r.assignedAt.slice(0, 10) <= day);
    const convBy = (rs: AssignmentRow[]) => rs.filter((r) => (firstResponse.get(key(r)) ?? '9999').slice(0, 10) <= day).length;
    return { day, treated: upTo(treated).length, treatedConverted: convBy(upTo(treated)), holdout: upTo(held).length, holdoutConverted: convBy(upTo(held)) };
  });
  return {
    feature: input.feature,
    market: input.market,
    campaignIds: [...new Set(rows.map((r) => r.campaignId))].sort(),
    rolloutShare: input.rolloutShare,
    eligibleVehicles: rows.filter((r) => r.status === 'pending' || r.status === 'delivered' || r.status === 'held_out').length,
    offersMade,
    offersPending: treated.filter((r) => r.status === 'pending').length,
    offersRetracted: treated.filter((r) => r.status === 'suppressed' || r.status === 'revoked').length,
    holdoutVehicles: held.length,
    takeUp: { accepted: treated.filter((r) => accepted.has(key(r))).length, converted: tc, rate: offersMade > 0 ? treated.filter((r) => r.deliveredAt !== null && firstResponse.has(key(r))).length / offersMade : null },
    uplift,
    stage,
    notes,
    timeline,
  };
}
