/**
 * Offers made to a dealer's customers and what came of them, from the delivery tables:
 * outbox rows (queued, sending, sent, dead), messages the compliance gate blocked (review
 * items), redemption codes (redeemed at a dealer) and dealer-CRM messages (leads).
 */
export interface OutboxFact { ownerId: string; offerId: string; channel: string; status: string; createdAt: string }
export interface BlockedFact { ownerId: string; offerId: string; channel: string; createdAt: string }
export interface CodeFact { ownerId: string; offerId: string; redeemedAt: string | null }

export type OfferResult = 'redeemed' | 'lead' | 'awaiting_response' | 'blocked';

export interface OfferMade {
  offerId: string;
  offerName: string | null;
  firstAt: string;
  channels: { channel: string; status: string }[];
  result: OfferResult;
  redeemedAt: string | null;
}

export interface OfferTotals {
  /** Customer × offer pairs with at least one message in the outbox. */
  offersMade: number;
  /** Pairs whose every message was blocked by the compliance gate. */
  blocked: number;
  redeemed: number;
  leads: number;
  /** Distinct customers with an offer made, and those who redeemed one. */
  customersOffered: number;
  customersRedeemed: number;
  /** redeemed / offersMade, or null without offers. */
  conversion: number | null;
}

const key = (ownerId: string, offerId: string) => `${ownerId}\u0000${offerId}`;

/** Per customer, the offers made with their channels and result (oldest first). */
export function offersByCustomer(facts: { outbox: readonly OutboxFact[]; blocked: readonly BlockedFact[]; codes: readonly CodeFact[]; offerNames: ReadonlyMap<string, string> }): Map<string, OfferMade[]> {
  const pairs = new Map<string, { ownerId: string; offerId: string; firstAt: string; channels: { channel: string; status: string }[]; sent: boolean; lead: boolean }>();
  const pair = (ownerId: string, offerId: string, at: string) => {
    const k = key(ownerId, offerId);
    let p = pairs.get(k);
    if (!p) { p = { ownerId, offerId, firstAt: at, channels: [], sent: false, lead: false }; pairs.set(k, p); }
    if (at < p.firstAt) p.firstAt = at;
    return p;
  };
  for (const o of facts.outbox) {
    const p = pair(o.ownerId, o.offerId, o.createdAt);
    p.channels.push({ channel: o.channel, status: o.status });
    p.sent = true;
    if (o.channel === 'dealer_crm') p.lead = true;
  }
  for (const b of facts.blocked) pair(b.ownerId, b.offerId, b.createdAt).channels.push({ channel: b.channel, status: 'blocked' });
  const redeemed = new Map(facts.codes.filter((c) => c.redeemedAt !== null).map((c) => [key(c.ownerId, c.offerId), c.redeemedAt!]));
  const out = new Map<string, OfferMade[]>();
  for (const [k, p] of [...pairs.entries()].sort(([, a], [, b]) => (a.firstAt < b.firstAt ? -1 : a.firstAt > b.firstAt ? 1 : 0))) {
    const redeemedAt = redeemed.get(k) ?? null;
    const result: OfferResult = redeemedAt ? 'redeemed' : p.lead ? 'lead' : p.sent ? 'awaiting_response' : 'blocked';
    const list = out.get(p.ownerId) ?? [];
    list.push({ offerId: p.offerId, offerName: facts.offerNames.get(p.offerId) ?? null, firstAt: p.firstAt, channels: p.channels, result, redeemedAt });
    out.set(p.ownerId, list);
  }
  return out;
}

/** Totals over customers' offers (a dealer's, or one customer's). */
export function offerTotals(byCustomer: ReadonlyMap<string, readonly OfferMade[]>): OfferTotals {
  let offersMade = 0, blocked = 0, redeemed = 0, leads = 0, customersOffered = 0, customersRedeemed = 0;
  for (const offers of byCustomer.values()) {
    const made = offers.filter((o) => o.result !== 'blocked');
    offersMade += made.length;
    blocked += offers.length - made.length;
    redeemed += offers.filter((o) => o.result === 'redeemed').length;
    leads += offers.filter((o) => o.channels.some((c) => c.channel === 'dealer_crm' && c.status !== 'blocked')).length;
    if (made.length > 0) customersOffered++;
    if (made.some((o) => o.result === 'redeemed')) customersRedeemed++;
  }
  return { offersMade, blocked, redeemed, leads, customersOffered, customersRedeemed, conversion: offersMade > 0 ? redeemed / offersMade : null };
}
