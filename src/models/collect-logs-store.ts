import { z } from 'zod';
import { ForecourtError } from '../kernel';
import type { Db, TenantScope } from '../store';
import { discountKinds } from './lifetime-value';
import { modelsStore, type Exposure, type Outcome } from './models-store';

/**
 * Training data from the platform's own logs (issue #6 item 1): what was actually sent, what
 * was held out, and what followed, written into `model_exposures` / `model_outcomes` where
 * `forecourt models train` reads them.
 *
 * - A sent outbox message is an exposure `ob-<outbox id>`: arm = the offer, its channel and
 *   campaign, and the propensity and decision id of the decision-log row that chose it (the
 *   owner's latest decision of that campaign before the send; propensity 1 without one).
 * - A held-out decision-log row is an exposure `hd-<decision id>` with arm `none`.
 * - An exposure's outcome is written once: converted when the owner redeemed the offer (any
 *   offer, for a holdout) within the response window; not converted once the window has
 *   closed without one. Until then it has no outcome (training skips it).
 *
 * Features are what is observable for treated and held-out owners alike, as of the exposure:
 * vehicle age, odometer, discounts redeemed and messages sent before it. (Telemetry need scores
 * are not logged here: they need telematics-marketing consent, which holdouts may not have given.)
 * Gross profit is the offer's price minus its cost when the terms carry a price, minus the cost
 * otherwise, 0 for an organic (holdout) conversion: there is no sales-margin feed. `repurchased`
 * is false for the same reason. Idempotent: ids are deterministic and outcomes are written once.
 */
export const CollectOptions = z.strictObject({
  /** Days after the exposure in which a redemption counts as its response. */
  windowDays: z.int().min(1).max(365).default(30),
});
export type CollectOptions = z.input<typeof CollectOptions>;

export interface CollectReport {
  exposures: number;
  holdouts: number;
  outcomes: number;
  converted: number;
  /** Collected exposures still inside their response window without a conversion. */
  awaiting: number;
}

const DAY = 86_400_000;
const iso = (v: unknown): string => (v instanceof Date ? v : new Date(String(v))).toISOString();
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** Observable features of an owner as of a moment (SQL columns; $1 = the discount kinds), the same for treated and held-out owners. */
function featureColumns(owner: string, at: string): string {
  return `
      (SELECT coalesce(max(v.model_year), 0) FROM vehicles v WHERE v.owner_id = ${owner}) AS model_year,
      (SELECT coalesce(max(v.odometer_km), 0) FROM vehicles v WHERE v.owner_id = ${owner}) AS odometer_km,
      (SELECT count(*) FROM delivery_redemption_codes r JOIN offers f ON f.id = r.offer_id
        WHERE r.owner_id = ${owner} AND r.redeemed_at < ${at} AND f.kind = ANY($1::text[])) AS prior_discounts,
      (SELECT count(*) FROM delivery_outbox p WHERE p.owner_id = ${owner} AND p.status = 'sent' AND p.sent_at < ${at}) AS prior_messages`;
}

function observableFeatures(r: Record<string, unknown>, at: string): Record<string, number> {
  return {
    vehicleAgeYears: num(r.model_year) > 0 ? Math.max(0, new Date(at).getUTCFullYear() - num(r.model_year)) : 0,
    odometer10kKm: num(r.odometer_km) / 10_000,
    priorDiscounts: num(r.prior_discounts),
    priorMessages: num(r.prior_messages),
  };
}

export async function collectLogs(db: Db, now: Date, raw: CollectOptions = {}): Promise<CollectReport> {
  const { windowDays } = CollectOptions.parse(raw);
  const models = modelsStore(db);
  const discount = [...discountKinds];

  const featureSql = featureColumns;
  const features = observableFeatures;

  const { rows: sent } = await db.query<Record<string, unknown>>(
    `SELECT o.id, o.owner_id, o.channel, o.campaign_id, o.offer_id, o.sent_at, d.decision_id, d.propensity, ${featureSql('o.owner_id', 'o.sent_at')}
       FROM delivery_outbox o
       LEFT JOIN LATERAL (SELECT decision_id, propensity FROM model_decisions d
                           WHERE d.owner_id = o.owner_id AND d.campaign_id = o.campaign_id AND d.decided_at <= o.sent_at AND NOT d.holdout
                           ORDER BY d.decided_at DESC LIMIT 1) d ON true
      WHERE o.status = 'sent' AND o.sent_at IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM model_exposures e WHERE e.exposure_id = 'ob-' || o.id)
      ORDER BY o.sent_at, o.id`, [discount]);
  const treated: Exposure[] = sent.map((r) => {
    const at = iso(r.sent_at);
    return {
      exposureId: `ob-${String(r.id)}`, campaignId: String(r.campaign_id), ownerId: String(r.owner_id), arm: String(r.offer_id), channel: String(r.channel),
      exposedAt: at, propensity: r.propensity === null || r.propensity === undefined ? 1 : Number(r.propensity), holdout: false,
      features: features(r, at), decisionId: r.decision_id === null || r.decision_id === undefined ? null : String(r.decision_id),
    };
  });

  const { rows: held } = await db.query<Record<string, unknown>>(
    `SELECT d.decision_id, d.owner_id, d.campaign_id, d.decided_at, d.propensity, ${featureSql('d.owner_id', 'd.decided_at')}
       FROM model_decisions d
      WHERE d.holdout AND d.campaign_id IS NOT NULL AND d.decided_at <= $2
        AND NOT EXISTS (SELECT 1 FROM model_exposures e WHERE e.exposure_id = 'hd-' || d.decision_id)
      ORDER BY d.decided_at, d.decision_id`, [discount, now.toISOString()]);
  const holdouts: Exposure[] = held.map((r) => {
    const at = iso(r.decided_at);
    return {
      exposureId: `hd-${String(r.decision_id)}`, campaignId: String(r.campaign_id), ownerId: String(r.owner_id), arm: 'none', channel: null,
      exposedAt: at, propensity: Number(r.propensity), holdout: true, features: features(r, at), decisionId: String(r.decision_id),
    };
  });
  await models.addExposures([...treated, ...holdouts]);

  // Outcomes of collected exposures that have none yet.
  const { rows: open } = await db.query<Record<string, unknown>>(
    `SELECT e.exposure_id, e.arm, e.exposed_at,
            (SELECT min(r.redeemed_at) FROM delivery_redemption_codes r
              WHERE r.owner_id = e.owner_id AND r.redeemed_at >= e.exposed_at AND r.redeemed_at < e.exposed_at + ($1::int * interval '1 day')
                AND r.redeemed_at <= $2 AND (e.arm = 'none' OR r.offer_id = e.arm)) AS redeemed_at,
            f.terms AS terms, f.cost_minor AS cost_minor,
            EXISTS (SELECT 1 FROM owners w WHERE w.id = e.owner_id) AS active
       FROM model_exposures e
       LEFT JOIN offers f ON f.id = e.arm
      WHERE (e.exposure_id LIKE 'ob-%' OR e.exposure_id LIKE 'hd-%' OR e.exposure_id LIKE 'dx-%')
        AND NOT EXISTS (SELECT 1 FROM model_outcomes m WHERE m.exposure_id = e.exposure_id)
      ORDER BY e.exposed_at, e.exposure_id`, [windowDays, now.toISOString()]);
  const outcomes: Outcome[] = [];
  let awaiting = 0;
  for (const r of open) {
    const exposedAt = new Date(iso(r.exposed_at));
    const windowEnd = new Date(exposedAt.getTime() + windowDays * DAY);
    const converted = r.redeemed_at !== null && r.redeemed_at !== undefined;
    if (!converted && windowEnd > now) { awaiting++; continue; }
    const terms = (typeof r.terms === 'string' ? JSON.parse(r.terms) : r.terms ?? {}) as Record<string, unknown>;
    const price = typeof terms.priceMinor === 'number' ? terms.priceMinor : 0;
    const grossProfit = !converted || r.arm === 'none' ? 0 : (price - num(r.cost_minor)) / 100;
    outcomes.push({
      exposureId: String(r.exposure_id), observedAt: converted ? iso(r.redeemed_at) : windowEnd.toISOString(),
      converted, grossProfit, active: r.active === true, repurchased: false,
    });
  }
  await models.addOutcomes(outcomes);
  return { exposures: treated.length, holdouts: holdouts.length, outcomes: outcomes.length, converted: outcomes.filter((o) => o.converted).length, awaiting };
}

export const DecisionExposureReport = z.strictObject({
  decisionId: z.string().min(1).max(200),
  ownerId: z.string().regex(/^own-[a-z0-9-]{1,60}$/),
  /** When the caller showed the decision (default: now). */
  shownAt: z.iso.datetime().optional(),
});
export type DecisionExposureReport = z.input<typeof DecisionExposureReport>;

/**
 * The caller (the OEM app, the car, a dealer screen) reports that it showed a logged decision:
 * the exposure `dx-<decision id>` with the decision's offer, channel, campaign and propensity, so
 * the channel bandit learns from it once `collectLogs` writes its outcome. The decision must be
 * the owner's and in the caller's scope (else NOT_FOUND, like a missing one); a decision that
 * sent nothing (holdout, no offer) cannot be shown (CONFLICT). Reporting twice changes nothing.
 */
export async function recordDecisionExposure(db: Db, scope: TenantScope, raw: DecisionExposureReport, now: Date): Promise<{ exposureId: string; created: boolean }> {
  const report = DecisionExposureReport.parse(raw);
  const models = modelsStore(db);
  const [decision] = await models.decisionsInScope(scope, { ownerId: report.ownerId, decisionId: report.decisionId, limit: 1 });
  if (!decision) throw new ForecourtError('NOT_FOUND');
  const [offer, channel] = decision.action.split('|');
  if (decision.holdout || decision.action === 'none' || !offer || !channel) {
    throw new ForecourtError('CONFLICT', `decision ${decision.decisionId} sent nothing (${decision.holdout ? 'held out' : decision.action}): it cannot have been shown`);
  }
  const at = report.shownAt ?? now.toISOString();
  const { rows } = await db.query<Record<string, unknown>>(`SELECT ${featureColumns('$2::text', '$3::timestamptz')}`, [[...discountKinds], decision.ownerId, at]);
  const exposureId = `dx-${decision.decisionId}`;
  const { rows: existing } = await db.query('SELECT 1 FROM model_exposures WHERE exposure_id = $1', [exposureId]);
  if (existing.length > 0) return { exposureId, created: false };
  await models.addExposures([{
    exposureId, campaignId: decision.campaignId ?? 'decisions', ownerId: decision.ownerId, arm: offer, channel, exposedAt: new Date(at).toISOString(),
    propensity: decision.propensity, holdout: false, features: observableFeatures(rows[0] ?? {}, at), decisionId: decision.decisionId,
  }]);
  return { exposureId, created: true };
}
