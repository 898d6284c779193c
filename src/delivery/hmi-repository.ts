import type { Clock } from '../kernel';
import { vehiclePseudonym, type OfferCustom, type PlacementEntry, type PublishedRepository, type RepositoryBuilder } from './signing';

/**
 * The in-vehicle repository as delivery uses it: which signed cards each vehicle's placement
 * lists, kept in a ledger (the database in production, `hmi-placement-store.ts`) next to the
 * TUF builder, so a card can be placed, a placement continued by a new process, and one card
 * revoked from one vehicle. Mutations run one at a time (`withLedger` adds a lock across
 * processes); each changes the ledger and the builder together and publishes. When a publish
 * fails, the builder is put back to the ledger's state and the repository stays `dirty` until a
 * later publish (`flush`) succeeds, so the folder vehicles read converges on the ledger.
 */
export interface PlacedCard {
  readonly path: string;
  readonly sha256: string;
  readonly revision: number;
  readonly slot: string;
  readonly offerId: string;
  readonly campaignId: string | null;
  readonly placedAt: string;
}

/** Where placements are kept, per vehicle pseudonym, in display order. */
export interface PlacementLedger {
  list(pseudonym: string): Promise<PlacedCard[]>;
  /** Replaces a vehicle's whole placement (an empty list removes it). */
  replace(pseudonym: string, cards: readonly PlacedCard[]): Promise<void>;
  /** Vehicles whose placement lists `path`. */
  holders(path: string): Promise<string[]>;
  all(): Promise<Map<string, PlacedCard[]>>;
}

export function memoryPlacementLedger(): PlacementLedger {
  const rows = new Map<string, PlacedCard[]>();
  return {
    async list(pv) { return [...(rows.get(pv) ?? [])]; },
    async replace(pv, cards) {
      if (cards.length === 0) rows.delete(pv);
      else rows.set(pv, [...cards]);
    },
    async holders(path) { return [...rows].filter(([, cards]) => cards.some((c) => c.path === path)).map(([pv]) => pv); },
    async all() { return new Map([...rows].map(([pv, cards]) => [pv, [...cards]])); },
  };
}

export interface CardToPlace {
  readonly vin: string;
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly custom: OfferCustom;
  readonly sha256: string;
  readonly slot: string;
  readonly offerId: string;
  readonly campaignId: string | null;
}

/** Remove the cards of `offerId` (optionally only those placed for `campaignId`) from a vehicle. */
export interface RevokeRequest {
  readonly vin: string;
  readonly offerId: string;
  readonly campaignId?: string;
}

export interface RevokeOutcome {
  readonly vin: string;
  readonly offerId: string;
  /** Paths removed from the vehicle's placement (empty: it listed no such card). */
  readonly removed: string[];
}

export interface RevokeResult {
  readonly outcomes: RevokeOutcome[];
  /** Offer targets dropped because no vehicle lists them any more. */
  readonly droppedTargets: string[];
  /** Versions of the repository published by this call; null when nothing changed. */
  readonly versions: Readonly<Record<string, number>> | null;
}

export interface HmiRepositoryDeps {
  readonly builder: RepositoryBuilder;
  /** Writes the published repository where vehicles fetch it (CDN, object store, a folder). */
  readonly publish: (repo: PublishedRepository, signal?: AbortSignal) => Promise<void>;
  /**
   * Runs one mutation with the ledger. The database ledger runs it in a transaction under an
   * advisory lock, so two processes never publish at once and a failed publish rolls the
   * ledger back with it.
   */
  readonly withLedger: <T>(fn: (ledger: PlacementLedger) => Promise<T>) => Promise<T>;
  /**
   * When another process may publish to the same folder: given the timestamp version this
   * repository last wrote, a builder resumed from the folder if someone else published since
   * (null otherwise). The ledger's placements are then loaded into it.
   */
  readonly refresh?: (lastTimestamp: number | null) => Promise<RepositoryBuilder | null>;
  /** The timestamp version the folder had when `builder` was resumed from it. */
  readonly publishedTimestamp?: number | null;
  /** Key of the keyed VIN pseudonym (≥ 32 bytes); never leaves the placement service. */
  readonly pseudonymKey: Uint8Array;
  readonly clock: Clock;
  /** Cards per vehicle placement (the verifier accepts at most 20). */
  readonly maxPerVehicle?: number;
}

const entryOf = (c: PlacedCard): PlacementEntry => ({ path: c.path, sha256: c.sha256, revision: c.revision, slot: c.slot });
const sameEntries = (a: readonly PlacementEntry[], b: readonly PlacementEntry[]) => JSON.stringify(a) === JSON.stringify(b);

/** `withLedger` for a ledger without transactions (memory, tests): a failed mutation is undone from a copy. */
export function directLedgerAccess(ledger: PlacementLedger): HmiRepositoryDeps['withLedger'] {
  return async (fn) => {
    const saved = await ledger.all();
    try {
      return await fn(ledger);
    } catch (error) {
      for (const pv of (await ledger.all()).keys()) if (!saved.has(pv)) await ledger.replace(pv, []);
      for (const [pv, cards] of saved) await ledger.replace(pv, cards);
      throw error;
    }
  };
}

export function createHmiRepository(deps: HmiRepositoryDeps) {
  const max = deps.maxPerVehicle ?? 20;
  let builder = deps.builder;
  let lastTimestamp = deps.publishedTimestamp ?? null;
  let chain: Promise<unknown> = Promise.resolve();
  let dirty = false;

  /** The builder lists a vehicle's ledger cards whose target it holds. */
  function setPlacement(pv: string, cards: readonly PlacedCard[]): void {
    builder.setPlacement(pv, cards.filter((c) => builder.hasTarget(c.path)).map(entryOf));
  }

  async function restoreFrom(ledger: PlacementLedger): Promise<{ vehicles: number; differing: number }> {
    const all = await ledger.all();
    let differing = 0;
    for (const [pv, cards] of all) {
      const before = builder.placementOf(pv);
      setPlacement(pv, cards);
      if (!sameEntries(before, builder.placementOf(pv))) differing++;
    }
    if (differing > 0) dirty = true;
    return { vehicles: all.size, differing };
  }

  /** One mutation at a time in this process; `withLedger` serialises across processes. */
  function exclusive<T>(fn: (ledger: PlacementLedger) => Promise<T>): Promise<T> {
    const run = () => deps.withLedger(async (ledger) => {
      if (deps.refresh) {
        const fresh = await deps.refresh(lastTimestamp);
        if (fresh) {
          builder = fresh;
          await restoreFrom(ledger);
        }
      }
      return fn(ledger);
    });
    const next = chain.then(run, run);
    chain = next.catch(() => undefined);
    return next;
  }

  async function publishNow(signal?: AbortSignal): Promise<Record<string, number>> {
    dirty = true;
    const repo = await builder.publish();
    await deps.publish(repo, signal);
    dirty = false;
    lastTimestamp = repo.versions.timestamp ?? lastTimestamp;
    return { ...repo.versions };
  }

  /**
   * Applies a change to the builder, publishes, and on failure puts the builder back (the
   * ledger is rolled back by `withLedger`'s transaction, or was not written yet).
   */
  async function publishOrUndo(undo: () => void, signal?: AbortSignal): Promise<Record<string, number>> {
    try {
      return await publishNow(signal);
    } catch (error) {
      undo();
      throw error;
    }
  }

  const pseudonymOf = (vin: string) => vehiclePseudonym(vin, deps.pseudonymKey);

  return {
    pseudonymOf,

    /** True when the builder holds a change that no successful publish has carried out yet. */
    get dirty() {
      return dirty;
    },

    /**
     * Loads every vehicle's placement from the ledger into the builder (after the builder
     * resumed from the published folder); marks the repository dirty when they differ.
     */
    restore(): Promise<{ vehicles: number; differing: number }> {
      return exclusive((ledger) => restoreFrom(ledger));
    },

    cardsOf(vin: string): Promise<PlacedCard[]> {
      return exclusive((ledger) => ledger.list(pseudonymOf(vin)));
    },

    /** Adds a signed card to a vehicle's placement (replacing a card at the same path) and publishes. */
    place(card: CardToPlace, signal?: AbortSignal): Promise<{ pseudonym: string; versions: Record<string, number> }> {
      return exclusive(async (ledger) => {
        const pv = pseudonymOf(card.vin);
        const before = await ledger.list(pv);
        const hadTarget = builder.targetOf(card.path);
        builder.putOffer(card.path, card.bytes, card.custom);
        const cards = before.filter((c) => c.path !== card.path);
        cards.push({ path: card.path, sha256: card.sha256, revision: card.custom.revision, slot: card.slot, offerId: card.offerId, campaignId: card.campaignId, placedAt: deps.clock().toISOString() });
        const kept = cards.slice(-max);
        await ledger.replace(pv, kept);
        // Cards pushed out of a full placement: their targets go when no vehicle lists them.
        const dropped = new Map<string, { bytes: Uint8Array; custom: Record<string, unknown> }>();
        for (const old of cards.slice(0, cards.length - kept.length)) {
          const target = builder.targetOf(old.path);
          if (target && (await ledger.holders(old.path)).length === 0) {
            builder.removeOffer(old.path);
            dropped.set(old.path, target);
          }
        }
        setPlacement(pv, kept);
        const versions = await publishOrUndo(() => {
          if (hadTarget) builder.restoreTarget(card.path, hadTarget);
          else builder.removeOffer(card.path);
          for (const [path, target] of dropped) builder.restoreTarget(path, target);
          setPlacement(pv, before);
        }, signal);
        return { pseudonym: pv, versions };
      });
    },

    /**
     * Removes the requested cards from the vehicles' placements, drops offer targets no vehicle
     * lists any more, and publishes one new signed version (or, when nothing was left to remove,
     * a change an earlier failed publish left behind).
     */
    revoke(requests: readonly RevokeRequest[], signal?: AbortSignal): Promise<RevokeResult> {
      return exclusive(async (ledger) => {
        const outcomes: RevokeOutcome[] = [];
        const before = new Map<string, PlacedCard[]>();
        const removedPaths = new Set<string>();
        for (const r of requests) {
          const pv = pseudonymOf(r.vin);
          const cards = await ledger.list(pv);
          const hit = (c: PlacedCard) => c.offerId === r.offerId && (r.campaignId === undefined || c.campaignId === r.campaignId);
          const removed = cards.filter(hit);
          outcomes.push({ vin: r.vin, offerId: r.offerId, removed: removed.map((c) => c.path) });
          if (removed.length === 0) continue;
          if (!before.has(pv)) before.set(pv, cards);
          const remaining = cards.filter((c) => !hit(c));
          await ledger.replace(pv, remaining);
          setPlacement(pv, remaining);
          for (const c of removed) removedPaths.add(c.path);
        }
        const dropped = new Map<string, { bytes: Uint8Array; custom: Record<string, unknown> }>();
        for (const path of removedPaths) {
          const target = builder.targetOf(path);
          if (target && (await ledger.holders(path)).length === 0) {
            builder.removeOffer(path);
            dropped.set(path, target);
          }
        }
        const changed = before.size > 0;
        const versions = changed || dirty
          ? await publishOrUndo(() => {
            for (const [path, target] of dropped) builder.restoreTarget(path, target);
            for (const [pv, cards] of before) setPlacement(pv, cards);
          }, signal)
          : null;
        return { outcomes, droppedTargets: [...dropped.keys()], versions };
      });
    },

    /**
     * Re-signs and publishes the repository as it stands, so its online metadata (timestamp,
     * snapshot, placement bins: 24 h) does not expire in the cars when no card changes for a day
     * (the verifier would report `freeze`). Run it at least daily: `forecourt outbox refresh-hmi`.
     */
    refresh(signal?: AbortSignal): Promise<Record<string, number>> {
      return exclusive(async () => publishNow(signal));
    },

    /** Publishes a change an earlier failed publish left behind; null when there is none. */
    flush(signal?: AbortSignal): Promise<Record<string, number> | null> {
      return exclusive(async () => (dirty ? publishNow(signal) : null));
    },
  };
}

export type HmiRepository = ReturnType<typeof createHmiRepository>;
