import type { ConsentPurpose } from '../domain';
import { createRng } from '../kernel';
import { hillstromBase, splitHalf, summarise, type MetricSummary } from './hillstrom-eval';
import type { LoggedRow } from './models-store';
import { evaluateUplift, trainUplift, upliftDataFromRows, type TrainedUplift } from './train-uplift';
import { subsetUplift, type ProgressCallback, type UpliftData } from './uplift-data';
import { fitUplift, type UpliftMethod } from './uplift-learners';

/**
 * Training data from the platform's own logs: exposures that have an observed outcome, in
 * campaigns where more than one arm was given (randomised or bandit logs; a campaign that
 * sent nothing to anyone teaches no uplift). Outcome: converted (0/1).
 */
export function upliftDataFromLogs(rows: readonly LoggedRow[]): { data: UpliftData; arms: string[]; window: { from: string; to: string }; campaigns: string[] } {
  const armsByCampaign = new Map<string, Set<string>>();
  for (const r of rows) armsByCampaign.set(r.campaignId, (armsByCampaign.get(r.campaignId) ?? new Set()).add(r.arm));
  const campaigns = [...armsByCampaign].filter(([, a]) => a.size > 1 && a.has('none')).map(([c]) => c).sort();
  const use = rows.filter((r) => r.outcome !== null && campaigns.includes(r.campaignId));
  if (use.length === 0) throw new RangeError('no logged exposures with outcomes in a campaign with a control arm; seed or import logs first');
  const arms = [...new Set(use.map((r) => r.arm))].filter((a) => a !== 'none').sort();
  const featureNames = [...new Set(use.flatMap((r) => Object.keys(r.features)))].sort();
  const data = upliftDataFromRows(use.map((r) => ({ features: r.features, arm: r.arm, outcome: r.outcome!.converted ? 1 : 0 })), featureNames, arms);
  const times = use.map((r) => r.exposedAt).sort();
  return { data, arms, window: { from: times[0]!, to: times[times.length - 1]! }, campaigns };
}

export interface TrainFromLogsOptions {
  name?: string;
  method: UpliftMethod;
  base: 'gbt' | 'logistic';
  seed?: number;
  consent?: ConsentPurpose[];
}

export function trainFromLogs(rows: readonly LoggedRow[], o: TrainFromLogsOptions, onProgress?: ProgressCallback): TrainedUplift & { arms: string[] } {
  const { data, arms, window, campaigns } = upliftDataFromLogs(rows);
  const trained = trainUplift(data, {
    name: o.name ?? 'service-offer-uplift', method: o.method, base: o.base, outcome: 'binary', seed: o.seed ?? 1, trainingWindow: window,
    dataSource: `model_exposures+model_outcomes campaigns ${campaigns.join(',')} arms ${arms.join(',')}`,
    // Usage features come from telemetry read with telematics-marketing consent; contact needs marketing consent.
    consent: o.consent ?? ['telematics_marketing', 'marketing_contact'],
  }, onProgress);
  return { ...trained, arms };
}

export interface LogsEvalRow {
  readonly arm: string;
  readonly method: UpliftMethod;
  readonly base: 'gbt' | 'logistic';
  readonly splits: number;
  readonly qiniAuc: MetricSummary;
  readonly upliftAt10: MetricSummary;
  readonly upliftAt30: MetricSummary;
}

/** Repeated random 50/50 splits of the stored logs: fit on one half, score each arm vs control on the other. */
export function evaluateLogs(rows: readonly LoggedRow[], o: { splits: number; methods: readonly UpliftMethod[]; base: 'gbt' | 'logistic'; seed?: number }, onProgress?: ProgressCallback): LogsEvalRow[] {
  const { data, arms } = upliftDataFromLogs(rows);
  const out: LogsEvalRow[] = [];
  const total = o.methods.length * o.splits;
  let done = 0;
  for (const method of o.methods) {
    const perArm = arms.map(() => ({ q: [] as number[], u10: [] as number[], u30: [] as number[] }));
    for (let s = 0; s < o.splits; s++) {
      const { train, test } = splitHalf(data.y.length, createRng(`logs-split-${o.seed ?? 1}-${s}`));
      const model = fitUplift(method, subsetUplift(data, train), { base: hillstromBase[o.base], outcome: 'binary' }, createRng(`logs-fit-${o.seed ?? 1}-${method}-${s}`));
      const testData = subsetUplift(data, test);
      arms.forEach((_, k) => {
        const m = evaluateUplift(model, testData, k + 1);
        perArm[k]!.q.push(m.qiniAuc); perArm[k]!.u10.push(m.upliftAt10); perArm[k]!.u30.push(m.upliftAt30);
      });
      onProgress?.({ stage: `evaluate ${method}`, done: ++done, total });
    }
    arms.forEach((arm, k) => out.push({ arm, method, base: o.base, splits: o.splits, qiniAuc: summarise(perArm[k]!.q), upliftAt10: summarise(perArm[k]!.u10), upliftAt30: summarise(perArm[k]!.u30) }));
  }
  return out;
}

const ms = (m: MetricSummary): string => `${m.mean.toFixed(4)} ± ${m.sd.toFixed(4)}`;

export function logsEvalMarkdown(rows: readonly LogsEvalRow[]): string {
  return [
    '| arm vs none | method | base | splits | Qini AUC | uplift@10% | uplift@30% |',
    '|---|---|---|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.arm} | ${r.method} | ${r.base} | ${r.splits} | ${ms(r.qiniAuc)} | ${ms(r.upliftAt10)} | ${ms(r.upliftAt30)} |`),
  ].join('\n');
}
