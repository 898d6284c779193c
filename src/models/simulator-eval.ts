import { spearman } from '../measurement';
import { grossProfit, ownerRealisedValues, realisedPolicyValue, runLoggedPolicy, runScorecard, uniformLoggingPolicy, type ArmPolicy, type LoggedOwnerMonth, type OwnerValue, type Scenario } from '../simulator';
import { createClvModel, customerLifetimeValue, defaultClvModel, fitClvModel, type ClvModel, type PersonPeriod } from './lifetime-value';
import { drEstimate, fitRewardModel, ipsEstimate, snipsEstimate, type LoggedDecision, type OpeEstimate, type TargetPolicy } from './off-policy-evaluation';
import { approvePolicy, type PolicyGateDecision } from './policy-gate';

/**
 * Issue 6 item 9 on the simulator: (a) share of the oracle's incremental value captured by
 * the platform's policy and by the conversion-only baseline (scorecard); (b) CLV predicted
 * from what is observable at the start vs the gross profit each owner then produced, by
 * decile; (c) the OPE estimate of a new policy from randomised logs vs that policy's
 * realised value when it is actually run on the same simulated market.
 */
export interface SimulatorEvalOptions {
  scenario: Scenario;
  seed: number;
  /** Scorecard and CLV horizon. */
  months: number;
  vehicles?: number;
  /** Months of the OPE run (the randomised window is the middle third). */
  opeMonths?: number;
  onProgress?: (stage: string, done: number, total: number) => void;
}

export interface ScorecardFigure { strategy: string; shareOfOracle: number; incrementalLifetimeValue: number; satisfaction: number }
export interface ClvDecile { decile: number; owners: number; predictedClv: number; realisedValue: number }
export interface ClvFigures { deciles: ClvDecile[]; spearman: number; priorSpearman: number; horizonMonths: number; fittedOnSeed: number; fitted: boolean }
export interface OpeFigure {
  policy: string;
  realisedValue: number;
  loggingRealisedValue: number;
  estimates: Record<'ips' | 'snips' | 'dr', { value: number; interval: readonly [number, number]; relativeError: number }>;
  loggedDecisions: number;
  gate: { approved: boolean; reasons: readonly string[] };
}
export interface SimulatorEvaluation {
  scenario: string; seed: number; months: number; owners: number;
  scorecard: ScorecardFigure[];
  clv: ClvFigures;
  ope: OpeFigure;
}

/**
 * The new policy evaluated off-policy: a plain service reminder when the data shows a
 * service is due (12+ months since the last one, a fault code, a low tyre, worn pads), 10 % off
 * only for owners who ignored a reminder before; nothing otherwise.
 */
export const serviceDuePolicy: ArmPolicy = (f) => {
  const due = (f.monthsSinceService ?? 0) >= 12 || (f.dtcCount ?? 0) > 0 || (f.tyreLow ?? 0) > 0 || (f.padWearPct ?? 0) >= 72;
  if (!due) return { none: 1 };
  return (f.offersIgnored ?? 0) >= 1 ? { 'service-10': 1 } : { 'service-0': 1 };
};

export function toLoggedDecisions(rows: readonly LoggedOwnerMonth[], featureNames: readonly string[]): LoggedDecision[] {
  return rows.filter((r) => r.inWindow).map((r) => ({ context: featureNames.map((f) => r.features[f] ?? 0), action: r.arm, reward: r.grossProfit, propensity: r.propensity }));
}

const rel = (est: number, truth: number): number => (truth === 0 ? NaN : (est - truth) / Math.abs(truth));
const fig = (e: OpeEstimate, truth: number) => ({ value: e.value, interval: e.interval, relativeError: rel(e.value, truth) });

export function evaluateOnSimulator(opts: SimulatorEvalOptions): SimulatorEvaluation {
  const progress = opts.onProgress ?? (() => undefined);
  const { scenario, seed, months, vehicles } = opts;
  const sc = runScorecard({ scenario, seed, months, vehicles, onProgress: (p) => progress(`scorecard ${p.strategy}`, p.done, p.total) });
  const scorecard = sc.rows.map((r) => ({ strategy: r.strategy, shareOfOracle: r.shareOfOracle, incrementalLifetimeValue: r.incrementalLifetimeValue, satisfaction: r.satisfaction }));

  progress('clv', 0, 2);
  const clv = clvFigures(opts, (d) => progress('clv', d, 2));

  const ope = opeOnSimulator(opts);
  return {
    scenario: sc.scenarioId, seed, months, owners: sc.owners, scorecard,
    clv,
    ope,
  };
}

/** OPE of `serviceDuePolicy` from uniformly randomised logs vs the realised value of running it on the same market. */
export function opeOnSimulator(opts: SimulatorEvalOptions): OpeFigure {
  const progress = opts.onProgress ?? (() => undefined);
  const { scenario, seed, vehicles } = opts;
  const opeMonths = opts.opeMonths ?? 9;
  const third = Math.max(1, Math.floor(opeMonths / 3));
  const window = { from: third, to: 2 * third };
  progress('ope logging run', 0, 2);
  const logging = runLoggedPolicy({ scenario, seed, months: opeMonths, vehicles, window, policy: uniformLoggingPolicy });
  progress('ope target run', 1, 2);
  const target = runLoggedPolicy({ scenario, seed, months: opeMonths, vehicles, window, policy: serviceDuePolicy });
  progress('ope target run', 2, 2);
  const featureNames = Object.keys(logging[0]?.features ?? {}).sort();
  const logged = toLoggedDecisions(logging, featureNames);
  const policy: TargetPolicy = (ctx) => serviceDuePolicy(Object.fromEntries(featureNames.map((f, i) => [f, ctx[i] ?? 0])), window.from) as Record<string, number>;
  const rewardModel = fitRewardModel(logged);
  const truth = realisedPolicyValue(target);
  const gate: PolicyGateDecision = approvePolicy(logged, policy, { baselineValue: drEstimate(logged, () => ({ none: 1 }), rewardModel).value, minLift: 0.02 }, rewardModel);
  return {
    policy: 'service-due (reminder when due, 10 % off after an ignored reminder)', realisedValue: truth, loggingRealisedValue: realisedPolicyValue(logging),
    estimates: { ips: fig(ipsEstimate(logged, policy), truth), snips: fig(snipsEstimate(logged, policy), truth), dr: fig(drEstimate(logged, policy, rewardModel), truth) },
    loggedDecisions: logged.length, gate: { approved: gate.approved, reasons: gate.reasons },
  };
}

/** Yearly person-periods from observable histories: churn = left the brand, repurchase = bought a vehicle. */
export function personPeriods(values: readonly OwnerValue[], months: number): PersonPeriod[] {
  const out: PersonPeriod[] = [];
  for (const v of values) {
    let age = v.vehicleAgeYears, discounts = v.priorDiscounts;
    for (let year = 0; year * 12 < months; year++) {
      const from = year * 12, to = Math.min(months, from + 12);
      if (v.lostAtMonth !== null && v.lostAtMonth < from) break;
      const inYear = v.purchasesInHorizon.filter((p) => p.month >= from && p.month < to);
      const car = inYear.find((p) => p.product === 'vehicle');
      out.push({
        customerId: v.ownerId, year, satisfaction: 0.7, priorDiscounts: discounts, vehicleAgeYears: Math.min(40, age),
        churned: v.lostAtMonth !== null && v.lostAtMonth < to, repurchased: car !== undefined, fullPrice: car ? car.discountPct === 0 : null,
      });
      discounts += inYear.filter((p) => p.discountPct > 0).length;
      age = car ? (to - car.month) / 12 : age + 1;
    }
  }
  return out;
}

/**
 * CLV predicted from what is observable at the start vs the gross profit each owner then produced
 * (sending nothing). The hazards are fitted on another seed's market (out of sample), with the
 * economics set to the simulator's margins and the horizon to the realised one (undiscounted).
 */
function clvFigures(opts: SimulatorEvalOptions, step: (done: number) => void): ClvFigures {
  const { scenario, seed, months, vehicles } = opts;
  const trainSeed = seed + 1000;
  const train = ownerRealisedValues({ scenario, seed: trainSeed, months, vehicles });
  step(1);
  const years = Math.max(1, Math.round(months / 12));
  const ownerYears = train.reduce((s, v) => s + (v.lostAtMonth === null ? months : v.lostAtMonth + 1), 0) / 12;
  const serviceGp = train.reduce((s, v) => s + v.purchasesInHorizon.filter((p) => p.product !== 'vehicle').reduce((a, p) => a + grossProfit(p.product as 'service', p.discountPct), 0), 0);
  const economics = {
    horizonYears: years, annualDiscountRate: 0, serviceMarginPerYear: serviceGp / Math.max(1, ownerYears),
    vehicleMargin: grossProfit('vehicle', 0), typicalDiscount: grossProfit('vehicle', 0) - grossProfit('vehicle', 0.03),
  };
  let model: ClvModel;
  let fitted = true;
  try {
    model = fitClvModel(personPeriods(train, months), economics);
  } catch {
    model = createClvModel(defaultClvModel.coefficients, economics);
    fitted = false;
  }
  const values = ownerRealisedValues({ scenario, seed, months, vehicles });
  step(2);
  const customer = (v: OwnerValue) => ({ satisfaction: 0.7, priorDiscounts: v.priorDiscounts, vehicleAgeYears: Math.min(40, v.vehicleAgeYears) });
  const predicted = values.map((v) => customerLifetimeValue(model, customer(v)).value);
  const prior = values.map((v) => customerLifetimeValue(defaultClvModel, customer(v)).value);
  const order = values.map((_, i) => i).sort((a, b) => predicted[a]! - predicted[b]! || (values[a]!.ownerId < values[b]!.ownerId ? -1 : 1));
  const deciles: ClvDecile[] = [];
  for (let d = 0; d < 10; d++) {
    const idx = order.slice(Math.floor((d * order.length) / 10), Math.floor(((d + 1) * order.length) / 10));
    const mean = (f: (i: number) => number): number => idx.reduce((s, i) => s + f(i), 0) / Math.max(1, idx.length);
    deciles.push({ decile: d + 1, owners: idx.length, predictedClv: mean((i) => predicted[i]!), realisedValue: mean((i) => values[i]!.realisedValue) });
  }
  const realised = values.map((v) => v.realisedValue);
  return { deciles, spearman: spearman(predicted, realised), priorSpearman: spearman(prior, realised), horizonMonths: months, fittedOnSeed: trainSeed, fitted };
}

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;

export function simulatorEvalMarkdown(e: SimulatorEvaluation): string {
  const lines = [
    `Scenario ${e.scenario}, seed ${e.seed}, ${e.months} months, ${e.owners} owners.`,
    '',
    '| strategy | share of oracle incr. LTV | incr. LTV | satisfaction |',
    '|---|---:|---:|---:|',
    ...e.scorecard.map((r) => `| ${r.strategy} | ${pct(r.shareOfOracle)} | ${r.incrementalLifetimeValue.toLocaleString('en-US')} | ${r.satisfaction.toFixed(1)} |`),
    '',
    `CLV predicted from what is observable at the start (hazards ${e.clv.fitted ? `fitted on seed ${e.clv.fittedOnSeed}` : 'default priors'}, horizon ${e.clv.horizonMonths} months, undiscounted) vs gross profit realised over ${e.clv.horizonMonths} months, sending nothing. Spearman ${e.clv.spearman.toFixed(3)} (default priors: ${e.clv.priorSpearman.toFixed(3)}):`,
    '',
    '| decile | owners | predicted CLV | realised value |',
    '|---:|---:|---:|---:|',
    ...e.clv.deciles.map((d) => `| ${d.decile} | ${d.owners} | ${d.predictedClv.toFixed(0)} | ${d.realisedValue.toFixed(1)} |`),
    '',
    `OPE of "${e.ope.policy}" from ${e.ope.loggedDecisions} randomised logged decisions (1/3 each arm) vs its realised value when run (gross profit per eligible owner-month):`,
    '',
    '| estimator | estimate | 95 % interval | realised | error |',
    '|---|---:|---:|---:|---:|',
    ...(['ips', 'snips', 'dr'] as const).map((k) => {
      const x = e.ope.estimates[k];
      return `| ${k} | ${x.value.toFixed(2)} | [${x.interval[0].toFixed(2)}, ${x.interval[1].toFixed(2)}] | ${e.ope.realisedValue.toFixed(2)} | ${x.relativeError >= 0 ? '+' : ''}${pct(x.relativeError)} |`;
    }),
    '',
    `Logging policy's own realised value: ${e.ope.loggingRealisedValue.toFixed(2)}. Policy gate: ${e.ope.gate.approved ? 'approved' : 'not approved'} (${e.ope.gate.reasons.join('; ')}).`,
  ];
  return lines.join('\n');
}
