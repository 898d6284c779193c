import type { HillstromEvalRow, MetricSummary } from './hillstrom-eval';

/**
 * Published scikit-uplift figures on Hillstrom (quoted in ../shared/data/hillstrom/README.md).
 * Only the Womens-vs-none visit uplift@30% shares our setup (one arm vs no e-mail, 50/50 split);
 * the @10% figures come from a 70/30 split with the other arm coded as control.
 */
export const publishedHillstrom = [
  { contrast: 'womens', outcome: 'visit', metric: 'upliftAt30', value: 0.0661, setup: 'Womens vs No E-Mail, 50/50 split (random_state=42), ClassTransformation(XGB depth 2), overall' },
  { contrast: 'womens', outcome: 'visit', metric: 'upliftAt10', value: 0.0314, setup: 'Womens vs rest (Mens coded 0), 70/30 stratified, ClassTransformation(CatBoost), overall' },
  { contrast: 'mens', outcome: 'visit', metric: 'upliftAt10', value: 0.0654, setup: 'Mens vs rest (Womens coded 0), 70/30 stratified, ClassTransformation(CatBoost), overall' },
] as const;

const fmt = (m: MetricSummary): string => (Number.isNaN(m.mean) ? 'n/a' : `${m.mean.toFixed(4)} ± ${m.sd.toFixed(4)}`);

function published(row: HillstromEvalRow, metric: 'upliftAt10' | 'upliftAt30'): string {
  const p = publishedHillstrom.find((x) => x.contrast === row.contrast && x.outcome === row.outcome && x.metric === metric);
  if (!p) return '';
  return p.metric === 'upliftAt30' ? ` (pub. ${p.value.toFixed(4)})` : ` (pub. ${p.value.toFixed(4)}*)`;
}

/** A Markdown table: mean ± sd over the splits, published figure beside where one exists. */
export function hillstromMarkdown(rows: readonly HillstromEvalRow[]): string {
  const lines = [
    '| contrast | outcome | method | base | splits | Qini AUC | AUUC | uplift@10% | uplift@30% |',
    '|---|---|---|---|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    lines.push(`| ${r.contrast} vs none | ${r.outcome} | ${r.method} | ${r.base} | ${r.splits} | ${fmt(r.qiniAuc)} | ${fmt(r.auuc)} | ${fmt(r.upliftAt10)}${published(r, 'upliftAt10')} | ${fmt(r.upliftAt30)}${published(r, 'upliftAt30')} |`);
  }
  lines.push('', '(pub.) scikit-uplift figure quoted in ../shared/data/hillstrom/README.md. * = a different setup (that arm vs the rest with the other e-mail arm coded as control, 70/30 split, one split), so not directly comparable. AUUC is n/a for spend: sklift\'s perfect uplift curve is defined for binary outcomes.');
  return lines.join('\n');
}

export function hillstromCsv(rows: readonly HillstromEvalRow[]): string {
  const metrics = ['qiniAuc', 'auuc', 'upliftAt10', 'upliftAt30'] as const;
  const header = ['contrast', 'outcome', 'method', 'base', 'splits', ...metrics.flatMap((m) => [`${m}_mean`, `${m}_sd`, `${m}_min`, `${m}_max`])];
  const body = rows.map((r) => [r.contrast, r.outcome, r.method, r.base, r.splits, ...metrics.flatMap((m) => [r[m].mean, r[m].sd, r[m].min, r[m].max])].join(','));
  return [header.join(','), ...body].join('\n') + '\n';
}
