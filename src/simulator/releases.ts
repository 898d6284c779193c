import { z } from 'zod';
import semver from 'semver';
import { createRng, hashString } from '../kernel';
import { MarketCode, SemVer, type Vehicle } from '../domain';
import type { Scenario } from './scenario';
import { featureCodes, featureRequirements } from './features';
import { releaseIntervalMonths, trainMinorAt } from './fleet';

const DAY = 86_400_000;

/** An over-the-air software release as the OEM's release system would announce it. */
export const SimRelease = z.strictObject({
  id: z.string().regex(/^rel-[a-z0-9-]{1,60}$/),
  modelId: z.string(),
  version: SemVer,
  /** Versions it installs over, as a semver range. */
  fromRange: z.string(),
  hardwareVariantIds: z.array(z.string()).min(1),
  features: z.array(z.enum(featureCodes)),
  publishedAt: z.iso.datetime(),
  approvals: z.array(z.strictObject({ market: MarketCode, status: z.enum(['pending', 'approved', 'rejected']), at: z.iso.datetime().nullable() })),
  /** Staged rollout: share of the eligible fleet reached by each wave. */
  waves: z.array(z.strictObject({ startsAt: z.iso.datetime(), share: z.number().min(0).max(1) })).min(1),
  outcome: z.enum(['completed', 'failed', 'rolled_back', 'in_progress']),
  /** When a failure halted it or a rollback started. */
  endedAt: z.iso.datetime().nullable(),
});
export type SimRelease = z.infer<typeof SimRelease>;

/**
 * The OTA releases of every model over `months` from the scenario start: one minor release
 * per train interval, features enabled progressively, approvals per market with delays (and a
 * deliberately late one), staged waves, and some rollouts that fail or roll back.
 */
export function generateReleases(scenario: Scenario, seed: number, months: number): SimRelease[] {
  const rng = createRng(`${seed}/releases/${scenario.id}`);
  const start = Date.parse(scenario.startsAt);
  const markets = scenario.markets.filter((m) => m.vehicleShare > 0).map((m) => m.code);
  const out: SimRelease[] = [];
  let lateGiven = false;
  scenario.models.forEach((model) => {
    const first = trainMinorAt(model, start) + 1;
    const last = trainMinorAt(model, start + months * 30.44 * DAY);
    for (let minor = first; minor <= last; minor++) {
      const published = start + (minor - first) * releaseIntervalMonths * 30.44 * DAY + rng.int(20) * DAY;
      const hw = model.hardware.filter(() => rng.next() < 0.85);
      const hardware = (hw.length > 0 ? hw : model.hardware).map((h) => h.id);
      const minAdas = Math.min(...model.hardware.filter((h) => hardware.includes(h.id)).map((h) => h.adasLevel));
      const features = featureCodes.filter((f) => featureRequirements[f].powertrains.includes(model.powertrain) && featureRequirements[f].minAdasLevel <= Math.max(minAdas, 1) && rng.next() < 0.3);
      const roll = rng.next();
      const outcome = roll < 0.1 ? 'failed' : roll < 0.2 ? 'rolled_back' : published + 90 * DAY > start + months * 30.44 * DAY ? 'in_progress' : 'completed';
      const approvals = markets.map((market) => {
        let delay = rng.int(45);
        if (!lateGiven && market !== 'US' && rng.next() < 0.25) {
          delay = 150 + rng.int(60);
          lateGiven = true;
        }
        const rejected = rng.next() < 0.03;
        return { market, status: rejected ? 'rejected' as const : 'approved' as const, at: new Date(published + delay * DAY).toISOString() };
      });
      const waves = [0.01, 0.1, 0.5, 1].map((share, w) => ({ startsAt: new Date(published + w * 7 * DAY).toISOString(), share }));
      out.push({
        id: `rel-${model.id}-${model.softwareMajor}-${minor}`,
        modelId: model.id,
        version: `${model.softwareMajor}.${minor}.0`,
        fromRange: `>=${model.softwareMajor}.${Math.max(0, minor - 4)}.0 <${model.softwareMajor}.${minor}.0`,
        hardwareVariantIds: hardware.map((h) => `${model.id}-${h}`),
        features,
        publishedAt: new Date(published).toISOString(),
        approvals,
        waves: outcome === 'failed' ? waves.slice(0, 2) : waves,
        outcome,
        endedAt: outcome === 'failed' || outcome === 'rolled_back' ? new Date(published + (8 + rng.int(20)) * DAY).toISOString() : null,
      });
    }
  });
  return out.sort((a, b) => (a.publishedAt < b.publishedAt ? -1 : a.publishedAt > b.publishedAt ? 1 : a.id < b.id ? -1 : 1));
}

export type RolloutStatus = 'not_eligible' | 'awaiting_approval' | 'awaiting_wave' | 'installed' | 'failed' | 'rolled_back';

/** Where a vehicle stands in one release at `ms`: eligibility, market approval, its wave, the outcome. */
export function rolloutStatus(release: SimRelease, vehicle: Pick<Vehicle, 'vin' | 'modelId' | 'hardwareVariantId' | 'market' | 'softwareVersion'>, ms: number): RolloutStatus {
  if (release.modelId !== vehicle.modelId || !release.hardwareVariantIds.includes(vehicle.hardwareVariantId)) return 'not_eligible';
  if (!semver.satisfies(vehicle.softwareVersion, release.fromRange)) return 'not_eligible';
  const approval = release.approvals.find((a) => a.market === vehicle.market);
  if (!approval || approval.status !== 'approved' || approval.at === null || Date.parse(approval.at) > ms) return 'awaiting_approval';
  // A vehicle's place in the staged rollout is fixed by its VIN.
  const position = (hashString(`${release.id}/${vehicle.vin}`) % 10_000) / 10_000;
  const wave = release.waves.find((w) => position < w.share);
  if (!wave) return release.outcome === 'failed' ? 'failed' : 'awaiting_wave';
  const reachedAt = Math.max(Date.parse(wave.startsAt), Date.parse(approval.at));
  if (reachedAt > ms) return 'awaiting_wave';
  const ended = release.endedAt === null ? Infinity : Date.parse(release.endedAt);
  if (release.outcome === 'rolled_back' && ms >= ended) return 'rolled_back';
  if (release.outcome === 'failed' && reachedAt >= ended) return 'failed';
  return 'installed';
}

/** The software version a vehicle runs at `ms`, applying each release it received (rollbacks restore the previous one). */
export function softwareVersionAt(releases: readonly SimRelease[], vehicle: Pick<Vehicle, 'vin' | 'modelId' | 'hardwareVariantId' | 'market' | 'softwareVersion'>, ms: number): string {
  let current = { ...vehicle };
  for (const r of releases) {
    if (Date.parse(r.publishedAt) > ms) break;
    if (rolloutStatus(r, current, ms) === 'installed') current = { ...current, softwareVersion: r.version };
  }
  return current.softwareVersion;
}
