import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveScenario } from './scenario-io';
import type { Scenario } from './scenario';
import { formatScorecard, runScorecard, type ScorecardProgress, type ScorecardResult } from './scorecard';
import { scorecardSvg } from './scorecard-chart';
import type { ComplianceCheck, Strategy } from './strategy';

export interface EvaluateOptions {
  /** A scenario file path, or the name of a shipped scenario (demo, us-ca, de-fr, uk). */
  scenarioPath: string;
  seed: number;
  months?: number;
  /** Simulated fleet size; defaults to min(scenario vehicles, max(3000, 40 per dealer)): enough owners per dealer for capacity to mean something, small enough to run in seconds. */
  vehicles?: number;
  /** Output directory for scorecard.json, scorecard.txt and scorecard.svg (created). */
  out: string;
  strategies?: Strategy[];
  complianceCheck?: ComplianceCheck;
  onProgress?: (p: ScorecardProgress) => void;
}

export interface EvaluateSummary {
  result: ScorecardResult;
  table: string;
  files: { json: string; text: string; svg: string };
}

export function defaultEvaluateVehicles(scenario: Scenario): number {
  const dealers = scenario.markets.reduce((n, m) => n + m.dealers, 0);
  return Math.min(scenario.vehicles, Math.max(3000, 40 * dealers));
}

/** `forecourt evaluate`: runs the scorecard and writes its table, JSON and SVG plot. */
export async function runEvaluate(opts: EvaluateOptions): Promise<EvaluateSummary> {
  const scenario = resolveScenario(opts.scenarioPath);
  const result = runScorecard({
    scenario, seed: opts.seed, months: opts.months ?? 36, vehicles: opts.vehicles ?? defaultEvaluateVehicles(scenario),
    strategies: opts.strategies, complianceCheck: opts.complianceCheck, onProgress: opts.onProgress,
  });
  const table = formatScorecard(result);
  mkdirSync(opts.out, { recursive: true });
  const files = { json: join(opts.out, 'scorecard.json'), text: join(opts.out, 'scorecard.txt'), svg: join(opts.out, 'scorecard.svg') };
  writeFileSync(files.json, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(files.text, `${table}\n`);
  writeFileSync(files.svg, scorecardSvg(result));
  return { result, table, files };
}
