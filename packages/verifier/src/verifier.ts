import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Updater, type TargetFile } from 'tuf-js';
import { z } from 'zod';
import { fail, VerificationFailure, type AttackClass } from './attack-class.js';
import { copyMetadata, promoteMetadata, readCacheFile, removeDir, writeFileAtomic } from './cache-store.js';
import { checkOfferCard, type ContentPolicy, type OfferCard } from './content-schema.js';
import { checkImage, defaultImageLimits, type ImageLimits, type ImageType } from './image-check.js';
import { defaultLimits, type VerifierLimits } from './limits.js';
import { checkRepository, type CheckedRepository } from './repository-check.js';
import { memoisedSource, type RepositorySource } from './repository-source.js';
import { parseStrictJson } from './strict-json.js';
import { sourceFetcher, TUF_BASE_URL } from './tuf-fetcher.js';
import { gateForVehicleState } from './vehicle-gate.js';

export interface VerifierOptions {
  /** Holds root.json (provisioned) and every metadata file verified since. */
  readonly cacheDir: string;
  readonly source: RepositorySource;
  readonly policy: ContentPolicy;
  readonly limits?: Partial<VerifierLimits>;
  readonly imageLimits?: Partial<ImageLimits>;
}

export interface VerifyRequest {
  /** The vehicle's pseudonymous id (`pv_…`), never the VIN. */
  readonly vehicleId: string;
  /** Reported by the head unit: `{ gear, speedKph }`. */
  readonly vehicleState: unknown;
  /** Trusted time (OEM time service / attested), not the head unit's free-running clock. */
  readonly now: Date;
  /** The vehicle's NSC/dealer association and hardware id, as the OEM SDK reports them. */
  readonly vehicleContext?: VehicleContext;
  /** The nonce of this vehicle's last signed promo report; the placement must echo it (SC-21). */
  readonly reportNonce?: string;
}

export interface VehicleContext {
  readonly nsc: string;
  readonly dealer?: string;
  readonly hardwareId: string;
}

/** An item scoped to an NSC/dealer or to hardware ids is only for vehicles that match. */
function scopeProblem(custom: { scope?: { nsc: string; dealer?: string }; hardware?: string[] }, context: VehicleContext | undefined): string | undefined {
  if (!custom.scope && !custom.hardware) return undefined;
  if (!context) return 'item is scoped but the vehicle context is unknown';
  if (custom.scope && custom.scope.nsc !== context.nsc) return `item is for NSC ${custom.scope.nsc}`;
  if (custom.scope?.dealer !== undefined && custom.scope.dealer !== context.dealer) return `item is for dealer ${custom.scope.dealer}`;
  if (custom.hardware && !custom.hardware.includes(context.hardwareId)) return `item is not approved for hardware ${context.hardwareId}`;
  return undefined;
}

export interface VerifiedOffer {
  readonly path: string;
  readonly slot: string;
  readonly itemId: string;
  readonly revision: number;
  readonly card: OfferCard;
  readonly hero?: { readonly mediaType: ImageType; readonly width: number; readonly height: number; readonly bytes: Uint8Array };
}

export type VerifyResult =
  | { readonly ok: true; readonly offers: readonly VerifiedOffer[]; readonly show: true }
  | { readonly ok: true; readonly offers: readonly VerifiedOffer[]; readonly show: false; readonly reason: 'not_parked' | 'vehicle_state_invalid' }
  | { readonly ok: false; readonly attackClass: AttackClass; readonly detail: string };

export interface Verifier {
  verify(request: VerifyRequest): Promise<VerifyResult>;
}

const NOT_BEFORE_TOLERANCE_MS = 5 * 60_000;
const PSEUDONYM = /^pv_[0-9a-f]{40}$/;

const customSchema = z.object({
  itemId: z.string().min(1).max(64),
  revision: z.number().int().min(1),
  notBefore: z.iso.datetime(),
  notAfter: z.iso.datetime(),
  scope: z.object({ nsc: z.string(), dealer: z.string().optional() }).optional(),
  hardware: z.array(z.string()).optional(),
});
const placementSchema = z.strictObject({
  vehicle: z.string(),
  reportNonce: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/).optional(),
  show: z.array(z.strictObject({
    path: z.string().max(200),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    revision: z.number().int().min(1),
    slot: z.string().regex(/^[a-z0-9-]{1,32}$/),
  })),
});
const stateSchema = z.strictObject({ trustedTime: z.number(), revisions: z.record(z.string(), z.number().int()) });
type VerifierState = z.infer<typeof stateSchema>;

const parseJson = parseStrictJson;

/** Maps a tuf-js rejection that our own pass did not already classify. */
function classifyTufError(error: unknown): VerificationFailure {
  if (error instanceof VerificationFailure) return error;
  const text = error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);
  const rules: [RegExp, AttackClass][] = [
    [/Expired/i, 'expired'],
    [/BadVersion|EqualVersion|less than/i, 'rollback'],
    [/LengthOrHashMismatch|does not match/i, 'mix_and_match'],
    [/Unsigned|signed by/i, 'forged_signature'],
    [/DownloadLengthMismatch|Max length/i, 'oversized'],
  ];
  const match = rules.find(([re]) => re.test(text));
  return new VerificationFailure(match?.[1] ?? 'tuf_rejected', `tuf-js: ${text}`);
}

/**
 * tuf-js 5.0.1 fixes its reference time to `new Date()` when the Updater is
 * built and offers no hook; we set the trusted time on its store and refuse to
 * run if that field ever changes shape (pinned version, tested).
 */
function setTufReferenceTime(updater: Updater, now: Date): void {
  const store = (updater as unknown as { trustedSet?: { referenceTime?: unknown } }).trustedSet;
  if (!store || !(store.referenceTime instanceof Date)) throw new Error('tuf-js internals changed: cannot set trusted time');
  store.referenceTime = now;
}

export function createVerifier(options: VerifierOptions): Verifier {
  const limits = { ...defaultLimits, ...options.limits };
  const imageLimits = { ...defaultImageLimits, ...options.imageLimits };

  const readState = async (): Promise<VerifierState> => {
    const bytes = await readCacheFile(options.cacheDir, 'state.json');
    const parsed = bytes ? stateSchema.safeParse(parseJson(bytes, 'state.json')) : undefined;
    return parsed?.success ? parsed.data : { trustedTime: 0, revisions: {} };
  };

  const run = async (request: VerifyRequest, work: string): Promise<VerifyResult> => {
    const now = request.now;
    if (!(now instanceof Date) || !Number.isFinite(now.getTime())) fail('untrusted_time', 'now is not a valid time');
    if (!PSEUDONYM.test(request.vehicleId)) fail('schema_violation', 'vehicleId must be a pseudonymous id (pv_…)');
    const state = await readState();
    if (now.getTime() < state.trustedTime) fail('untrusted_time', `trusted time moved backwards (${now.toISOString()})`);
    const root = await readCacheFile(options.cacheDir, 'root.json');
    if (!root) fail('unavailable', 'no provisioned root.json in the cache');
    const source = memoisedSource(options.source);

    const checked: CheckedRepository = await checkRepository({
      source, now, limits,
      cached: { root, timestamp: await readCacheFile(options.cacheDir, 'timestamp.json'), snapshot: await readCacheFile(options.cacheDir, 'snapshot.json') },
    });

    // Second opinion: the maintained TUF client over the very same bytes.
    await copyMetadata(options.cacheDir, work);
    let updater: Updater;
    try {
      updater = new Updater({
        metadataDir: work, metadataBaseUrl: TUF_BASE_URL, fetcher: sourceFetcher(source),
        config: {
          maxRootRotations: limits.maxRootRotations, maxDelegations: limits.maxDelegations, rootMaxLength: limits.rootMaxBytes,
          timestampMaxLength: limits.timestampMaxBytes, snapshotMaxLength: limits.snapshotMaxBytes, targetsMaxLength: limits.targetsMaxBytes,
        },
      });
      setTufReferenceTime(updater, now);
      await updater.refresh();
    } catch (error) {
      throw classifyTufError(error);
    }

    const findTarget = async (path: string): Promise<TargetFile> => {
      const ours = await checked.findTarget(path);
      const theirs = await updater.getTargetInfo(path).catch((error: unknown) => {
        throw classifyTufError(error);
      });
      if (!theirs) fail('unknown_target', `tuf-js finds no target ${path}`);
      if (theirs.hashes.sha256 !== ours.hashes.sha256 || theirs.length !== ours.length) fail('mix_and_match', `${path}: clients disagree`);
      if (!/^[0-9a-f]{64}$/.test(ours.hashes.sha256 ?? '')) fail('hash_mismatch', `${path} is not pinned by sha256`);
      return ours;
    };

    const download = async (target: TargetFile, maxBytes: number): Promise<Uint8Array> => {
      if (target.length > maxBytes) fail('oversized', `${target.path} declares ${target.length} bytes (limit ${maxBytes})`);
      const sha256 = target.hashes.sha256;
      if (!sha256 || !/^[0-9a-f]{64}$/.test(sha256)) fail('hash_mismatch', `${target.path} is not pinned by sha256`);
      const slash = target.path.lastIndexOf('/');
      const url = `targets/${target.path.slice(0, slash + 1)}${sha256}.${target.path.slice(slash + 1)}`;
      const bytes = await source.read(url, target.length);
      if (!bytes) fail('unavailable', `no ${url}`);
      try {
        await target.verify(Readable.from([Buffer.from(bytes)]));
      } catch (error) {
        fail('hash_mismatch', `${target.path}: ${(error as Error).message}`);
      }
      return bytes;
    };

    const placementTarget = await findTarget(`placements/${request.vehicleId}.json`);
    const placement = placementSchema.safeParse(parseJson(await download(placementTarget, limits.placementMaxBytes), 'placement'));
    if (!placement.success) fail('schema_violation', `placement: ${placement.error.issues[0]?.message ?? 'invalid'}`);
    if (placement.data.vehicle !== request.vehicleId) fail('wrong_vehicle', 'placement is for another vehicle');
    if (request.reportNonce !== undefined && placement.data.reportNonce !== request.reportNonce) {
      fail('rollback', 'placement does not echo the nonce of the last report (stale or replayed)');
    }
    if (placement.data.show.length > limits.maxPlacementEntries) fail('oversized', `placement lists ${placement.data.show.length} entries`);

    const revisions = { ...state.revisions };
    const offers: VerifiedOffer[] = [];
    for (const entry of placement.data.show) {
      const target = await findTarget(entry.path);
      const custom = customSchema.safeParse(target.custom);
      if (!custom.success) fail('schema_violation', `${entry.path}: manifest custom fields invalid`);
      if (target.hashes.sha256 !== entry.sha256 || custom.data.revision !== entry.revision) fail('mix_and_match', `${entry.path}: placement and manifest disagree`);
      const seen = revisions[custom.data.itemId];
      if (seen !== undefined && custom.data.revision < seen) fail('rollback', `${custom.data.itemId}: revision ${custom.data.revision} after ${seen}`);
      revisions[custom.data.itemId] = custom.data.revision;
      const outOfScope = scopeProblem(custom.data, request.vehicleContext);
      if (outOfScope) fail('scope_mismatch', `${entry.path}: ${outOfScope}`);
      const t = now.getTime();
      if (t < Date.parse(custom.data.notBefore) - NOT_BEFORE_TOLERANCE_MS || t > Date.parse(custom.data.notAfter)) continue;

      const checkedCard = checkOfferCard(parseJson(await download(target, limits.itemMaxBytes), entry.path), options.policy);
      if (!checkedCard.ok) fail('schema_violation', `${entry.path}: ${checkedCard.problems.join('; ')}`);
      const card = checkedCard.card;
      if (card.itemId !== custom.data.itemId) fail('mix_and_match', `${entry.path}: item id differs from the manifest`);
      let hero: VerifiedOffer['hero'];
      if (card.assets?.hero) {
        const asset = await findTarget(card.assets.hero);
        const bytes = await download(asset, imageLimits.maxBytes);
        const declared = typeof asset.custom.mediaType === 'string' ? asset.custom.mediaType : '';
        const image = checkImage(bytes, declared, imageLimits);
        if (!image.ok) fail(image.oversized ? 'oversized' : 'schema_violation', `${card.assets.hero}: ${image.problem}`);
        hero = { mediaType: image.type, width: image.width, height: image.height, bytes };
      }
      offers.push({ path: entry.path, slot: entry.slot, itemId: card.itemId, revision: custom.data.revision, card, ...(hero ? { hero } : {}) });
    }

    await promoteMetadata(work, options.cacheDir);
    const nextState: VerifierState = { trustedTime: Math.max(state.trustedTime, now.getTime()), revisions };
    await writeFileAtomic(options.cacheDir, 'state.json', Buffer.from(JSON.stringify(nextState)));

    const gate = gateForVehicleState(request.vehicleState);
    return gate.show ? { ok: true, offers, show: true } : { ok: true, offers, show: false, reason: gate.reason };
  };

  return {
    async verify(request) {
      const work = await mkdtemp(join(tmpdir(), 'forecourt-tuf-'));
      try {
        return await run(request, work);
      } catch (error) {
        if (error instanceof VerificationFailure) return { ok: false, attackClass: error.attackClass, detail: error.message };
        throw error;
      } finally {
        await removeDir(work);
      }
    },
  };
}
