import type { Scenario } from './scenario';
import { createWorldSetup, runStrategy, type StrategyMetrics } from './scorecard-world';
import type { ComplianceCheck, Strategy } from './strategy';
import { conversionOnlyStrategy, noActionStrategy } from './strategies/conversion-only';
import { platformStrategy } from './strategies/platform-strategy';

export interface ScorecardRow extends Omit<StrategyMetrics, 'monthlyGrossProfit'> {
  /** Gross profit over the horizon minus that of sending nothing. */
  incrementalGrossProfit: number;
  incrementalLifetimeValue: number;
  /** Incremental lifetime value as a share of the oracle's (1 = as good as knowing the truth). */
  shareOfOracle: number;
  monthlyGrossProfit: number[];
}

export interface ScorecardResult {
  scenarioId: string;
  seed: number;
  months: number;
  owners: number;
  vehicles: number;
  rows: ScorecardRow[];
}

export interface ScorecardProgress {
  strategy: string;
  month: number;
  months: number;
  done: number;
  total: number;
}

export interface ScorecardOptions {
  scenario: Scenario;
  seed: number;
  months?: number;
  vehicles?: number;
  /** Strategies to compare; the no-action counterfactual and the oracle always run too. */
  strategies?: Strategy[];
  complianceCheck?: ComplianceCheck;
  onProgress?: (p: ScorecardProgress) => void;
}

export const defaultStrategies = (): Strategy[] => [conversionOnlyStrategy(), platformStrategy()];

/** Runs every strategy over the horizon against the hidden truth and scores them. */
export function runScorecard(opts: ScorecardOptions): ScorecardResult {
  const months = opts.months ?? 36;
  const setup = createWorldSetup(opts.scenario, opts.seed, months, opts.vehicles);
  const runs: (Strategy | 'oracle')[] = [noActionStrategy(), ...(opts.strategies ?? defaultStrategies()), 'oracle'];
  const total = runs.length * months;
  const metrics = runs.map((s, i) => runStrategy(setup, s, {
    complianceCheck: opts.complianceCheck,
    onMonth: (month) => opts.onProgress?.({ strategy: s === 'oracle' ? 'oracle' : s.name, month: month + 1, months, done: i * months + month + 1, total }),
  }));
  const base = metrics[0];
  const oracle = metrics[metrics.length - 1];
  if (!base || !oracle) throw new RangeError('no strategies ran');
  const oracleGain = oracle.lifetimeValue - base.lifetimeValue;
  const rows = metrics.map((m) => {
    const incrementalLifetimeValue = m.lifetimeValue - base.lifetimeValue;
    return {
      ...m,
      incrementalGrossProfit: m.grossProfit - base.grossProfit,
      incrementalLifetimeValue,
      shareOfOracle: oracleGain > 0 ? Math.round((1000 * incrementalLifetimeValue) / oracleGain) / 1000 : 0,
    };
  });
  return { scenarioId: opts.scenario.id, seed: opts.seed, months, owners: setup.sims.filter((s) => s.owner).length, vehicles: setup.sims.length, rows };
}

const columns: readonly [string, (r: ScorecardRow) => string][] = [
  ['strategy', (r) => r.strategy],
  ['incr. GP', (r) => r.incrementalGrossProfit.toLocaleString('en-US')],
  ['incr. LTV', (r) => r.incrementalLifetimeValue.toLocaleString('en-US')],
  ['share of oracle', (r) => `${(100 * r.shareOfOracle).toFixed(1)} %`],
  ['satisfaction', (r) => r.satisfaction.toFixed(1)],
  ['discount dep.', (r) => `${(100 * r.discountDependency).toFixed(1)} %`],
  ['over-capacity', (r) => String(r.overCapacityEvents)],
  ['uncertified', (r) => String(r.uncertifiedVisits)],
  ['sent', (r) => String(r.messagesSent)],
  ['blocked', (r) => String(r.messagesBlocked)],
  ['no consent', (r) => String(r.contactsWithoutConsent)],
  ['privacy ε', (r) => r.privacyBudget.toFixed(1)],
  ['regrets', (r) => String(r.regrets)],
];

/** A fixed-width text table, one row per strategy. */
export function formatScorecard(result: ScorecardResult): string {
  const cells = result.rows.map((r) => columns.map(([, f]) => f(r)));
  const widths = columns.map(([h], i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (xs: readonly string[]): string => xs.map((x, i) => (i === 0 ? x.padEnd(widths[i] ?? 0) : x.padStart(widths[i] ?? 0))).join('  ');
  return [
    `Scorecard: scenario ${result.scenarioId}, seed ${result.seed}, ${result.months} months, ${result.owners} owners (${result.vehicles} vehicles)`,
    line(columns.map(([h]) => h)),
    line(widths.map((w) => '-'.repeat(w))),
    ...cells.map(line),
    'incr. = versus sending nothing; LTV = gross profit over the horizon plus the hidden truth\'s expected future value.',
  ].join('\n');
}
