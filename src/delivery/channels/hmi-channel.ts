import { createHash } from 'node:crypto';
import { z } from 'zod';
import { systemClock, type Clock } from '../../kernel';
import { ChannelError, defineChannel, type DeliveryMessage } from '../channel';
import { createHmiRepository, directLedgerAccess, memoryPlacementLedger, type HmiRepository, type PlacementLedger } from '../hmi-repository';
import type { PublishedRepository, RepositoryBuilder } from '../signing';

/** The repository parts, when the channel builds its own `HmiRepository` (tests, one-off tools). */
export interface HmiBuilderDeps {
  /** The signing repository builder (offline keys sign approved content; the placement key is online). */
  readonly builder: RepositoryBuilder;
  /** Writes the published repository where vehicles fetch it (CDN, object store, a folder). */
  readonly publish: (repo: PublishedRepository, signal: AbortSignal) => Promise<void>;
  /** Key of the keyed VIN pseudonym (≥ 32 bytes); never leaves the placement service. */
  readonly pseudonymKey: Uint8Array;
  /** Where placements are kept (default: in memory, lost with the process). */
  readonly ledger?: PlacementLedger;
  readonly clock?: Clock;
}

export type HmiDeps = (HmiBuilderDeps | { readonly repository: HmiRepository }) & {
  /** True when the vehicle's last reported state is moving (or unknown state counts as moving). */
  readonly vehicleMoving: (vin: string) => Promise<boolean>;
};

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A deterministic ULID-shaped id (26 Crockford characters, first ≤ 7) from a seed string. */
export function itemIdFor(seed: string): string {
  const bytes = createHash('sha256').update(seed).digest();
  let out = CROCKFORD[bytes[0]! & 0x07]!;
  for (let i = 1; i < 26; i++) out += CROCKFORD[bytes[i]! & 0x1f]!;
  return out;
}

const locales: Record<DeliveryMessage['language'], Record<string, string>> = {
  en: { US: 'en-US', 'US-CA': 'en-US', UK: 'en-GB', DE: 'en-GB', FR: 'en-GB', EU: 'en-GB' },
  de: { DE: 'de-DE', EU: 'de-DE', US: 'de-DE', 'US-CA': 'de-DE', UK: 'de-DE', FR: 'de-DE' },
  fr: { FR: 'fr-FR', EU: 'fr-FR', US: 'fr-FR', 'US-CA': 'fr-FR', UK: 'fr-FR', DE: 'fr-FR' },
};

/** The display-only offer card v1 the verifier accepts (THREATS.md §2.6): plain text, a fixed action. */
export function offerCard(m: DeliveryMessage): Record<string, unknown> {
  const itemId = itemIdFor(`${m.offer.offerId}\u0000${m.language}\u0000${m.copy.title}\u0000${m.copy.body}\u0000${m.copy.disclaimer}`);
  return {
    itemId,
    kind: 'offerCard',
    locale: locales[m.language][m.market] ?? 'en-US',
    title: m.copy.title,
    body: m.copy.body,
    ...(m.copy.disclaimer ? { disclaimer: m.copy.disclaimer } : {}),
    cta: { action: 'CONTACT_DEALER' },
  };
}

/**
 * In-vehicle HMI card: the card is a TUF target under `oem/`, and the vehicle's pseudonymous
 * placement lists it (kept in the repository's placement ledger, so a later process continues
 * it and a revocation can remove the card). Never for a vehicle whose last reported state is moving.
 */
export function createHmiChannel(deps: HmiDeps) {
  const repository = 'repository' in deps ? deps.repository : createHmiRepository({
    builder: deps.builder, publish: (repo, signal) => deps.publish(repo, signal ?? new AbortController().signal), pseudonymKey: deps.pseudonymKey, withLedger: directLedgerAccess(deps.ledger ?? memoryPlacementLedger()), clock: deps.clock ?? systemClock,
  });
  return defineChannel({
    code: 'hmi',
    description: 'In-vehicle HMI card: signed TUF target + per-vehicle placement (parked vehicles only)',
    params: z.strictObject({ slot: z.string().regex(/^[a-z0-9-]{1,32}$/).default('home-card-1'), validDays: z.int().min(1).max(60).default(14) }),
    async send(m, params, call) {
      const vin = m.recipient.vin;
      if (!vin) throw new ChannelError('hmi', 'no_address', 'no vehicle to place the card in');
      if (await deps.vehicleMoving(vin)) throw new ChannelError('hmi', 'rejected', 'vehicle is moving: HMI cards are scheduled only for parked vehicles', true);
      const segments = (t: string) => [...new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(t)].length;
      if (segments(m.copy.title) > 60 || segments(m.copy.body) > 280 || segments(m.copy.disclaimer) > 600) {
        throw new ChannelError('hmi', 'rejected', 'copy exceeds the offer card limits (title 60, body 280, disclaimer 600)', false);
      }
      const card = offerCard(m);
      const bytes = Buffer.from(JSON.stringify(card));
      const sha = createHash('sha256').update(bytes).digest('hex');
      const path = `oem/${m.offer.offerId}/${m.language}-${sha.slice(0, 16)}.json`;
      const { pseudonym } = await repository.place({
        vin, path, bytes, sha256: sha, slot: params.slot, offerId: m.offer.offerId, campaignId: m.offer.campaignId,
        custom: { itemId: String(card.itemId), revision: 1, notBefore: m.offer.validFrom, notAfter: m.offer.validTo },
      }, call.signal);
      return { providerMessageId: `hmi:${pseudonym}:${sha.slice(0, 16)}` };
    },
  });
}
