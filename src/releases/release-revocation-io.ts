import { openHmiRepository, outboxStore, type HmiRepository, type HmiRepositoryLocation } from '../delivery';
import type { Clock } from '../kernel';
import { globalScope, type Db } from '../store';
import { releaseDispatchStore } from './release-dispatch-store';

/**
 * Executes the card side of retractions against the in-vehicle TUF repository: for every
 * retraction whose card is pending (a revoked delivered offer, or a suppressed one whose message
 * had been queued), the cards of the campaign's offer are removed from the vehicle's placement
 * (the vehicle the message went to, and the assignment's vehicle), offer targets no vehicle
 * lists any more are dropped, one new signed version is published, and each retraction is
 * marked `revoked` or `no_card`, once.
 */
export interface RevocationReport {
  readonly considered: number;
  readonly revoked: number;
  readonly noCard: number;
  readonly droppedTargets: string[];
  /** Versions published (null: nothing to publish). */
  readonly versions: Readonly<Record<string, number>> | null;
  readonly items: { campaignId: string; vin: string; offerId: string; status: 'revoked' | 'no_card'; removed: string[] }[];
}

export async function executeCardRevocations(db: Db, repository: HmiRepository, now: Date): Promise<RevocationReport> {
  const store = releaseDispatchStore(db);
  const outbox = outboxStore(db);
  const pending = await store.pendingCardRevocations();
  const holders = new Map<number, string[]>();
  for (const p of pending) {
    const row = p.outboxId ? await outbox.get(globalScope, p.outboxId) : undefined;
    const messageVin = (row?.stored.message as { recipient?: { vin?: unknown } } | undefined)?.recipient?.vin;
    holders.set(p.id, [...new Set([p.vin, ...(typeof messageVin === 'string' ? [messageVin] : [])])]);
  }
  const requests = pending.flatMap((p) => holders.get(p.id)!.map((vin) => ({ vin, offerId: p.offerId })));
  const result = pending.length > 0 ? await repository.revoke(requests) : { outcomes: [], droppedTargets: [], versions: null };
  const flushed = result.versions ?? (await repository.flush());
  const items: RevocationReport['items'] = [];
  for (const p of pending) {
    const vins = holders.get(p.id)!;
    const removed = [...new Set(result.outcomes.filter((o) => o.offerId === p.offerId && vins.includes(o.vin)).flatMap((o) => o.removed))];
    const status = removed.length > 0 ? 'revoked' as const : 'no_card' as const;
    const detail = status === 'revoked'
      ? `removed ${removed.join(', ')}; published snapshot ${flushed?.snapshot ?? '?'}`
      : 'the vehicle’s placement lists no card of this offer';
    if (await store.markCard(p.id, status, detail, now)) items.push({ campaignId: p.campaignId, vin: p.vin, offerId: p.offerId, status, removed });
  }
  return {
    considered: pending.length, revoked: items.filter((i) => i.status === 'revoked').length, noCard: items.filter((i) => i.status === 'no_card').length,
    droppedTargets: result.droppedTargets, versions: flushed, items,
  };
}

/** Opens the repository of a folder once, on first use, and hands the same one out afterwards. */
export function hmiRepositoryAt(where: HmiRepositoryLocation): (db: Db, clock: Clock) => Promise<HmiRepository> {
  let opened: Promise<HmiRepository> | undefined;
  return (db, clock) => {
    opened ??= openHmiRepository(db, where, clock).then((o) => o.repository);
    opened.catch(() => { opened = undefined; });
    return opened;
  };
}
