import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { createMatrix, type Matrix } from './matrix';
import type { UpliftData } from './uplift-data';

/**
 * The Hillstrom MineThatData e-mail experiment (64,000 customers, randomised
 * Mens / Womens / no e-mail). Parsing is pure (text in, typed arrays out);
 * reading the file is in hillstrom-io.ts.
 */
export const HillstromRow = z.strictObject({
  recency: z.coerce.number().int().min(1).max(12),
  history_segment: z.string().regex(/^[1-7]\) /),
  history: z.coerce.number().min(0),
  mens: z.enum(['0', '1']),
  womens: z.enum(['0', '1']),
  zip_code: z.enum(['Surburban', 'Urban', 'Rural']),
  newbie: z.enum(['0', '1']),
  channel: z.enum(['Web', 'Phone', 'Multichannel']),
  segment: z.enum(['Mens E-Mail', 'Womens E-Mail', 'No E-Mail']),
  visit: z.enum(['0', '1']),
  conversion: z.enum(['0', '1']),
  spend: z.coerce.number().min(0),
});
export type HillstromRow = z.infer<typeof HillstromRow>;

export const hillstromFeatures = [
  'recency', 'history', 'history_segment', 'mens', 'womens', 'newbie',
  'zip_urban', 'zip_rural', 'channel_phone', 'channel_web',
] as const;

export const hillstromOutcomes = ['visit', 'conversion', 'spend'] as const;
export type HillstromOutcome = (typeof hillstromOutcomes)[number];
export const hillstromContrasts = ['womens', 'mens'] as const;
export type HillstromContrast = (typeof hillstromContrasts)[number];

export interface HillstromDataset {
  readonly x: Matrix;
  /** 0 = No E-Mail, 1 = Mens E-Mail, 2 = Womens E-Mail. */
  readonly segment: Int32Array;
  readonly visit: Float64Array;
  readonly conversion: Float64Array;
  readonly spend: Float64Array;
}

const segmentCode = { 'No E-Mail': 0, 'Mens E-Mail': 1, 'Womens E-Mail': 2 } as const;

export function parseHillstrom(csv: string): HillstromDataset {
  const records = parse(csv, { columns: true, skip_empty_lines: true, trim: true }) as unknown[];
  const n = records.length;
  const d = hillstromFeatures.length;
  const x = createMatrix(n, d);
  const segment = new Int32Array(n);
  const visit = new Float64Array(n), conversion = new Float64Array(n), spend = new Float64Array(n);
  records.forEach((raw, i) => {
    const r = HillstromRow.parse(raw);
    const row = [
      r.recency, r.history, Number(r.history_segment[0]), Number(r.mens), Number(r.womens), Number(r.newbie),
      r.zip_code === 'Urban' ? 1 : 0, r.zip_code === 'Rural' ? 1 : 0,
      r.channel === 'Phone' ? 1 : 0, r.channel === 'Web' ? 1 : 0,
    ];
    x.values.set(row, i * d);
    segment[i] = segmentCode[r.segment];
    visit[i] = Number(r.visit);
    conversion[i] = Number(r.conversion);
    spend[i] = r.spend;
  });
  return { x, segment, visit, conversion, spend };
}

/** One e-mail arm (treatment 1) against No E-Mail (treatment 0) on one outcome. */
export function hillstromContrast(ds: HillstromDataset, contrast: HillstromContrast, outcome: HillstromOutcome): UpliftData {
  const arm = contrast === 'mens' ? 1 : 2;
  const index: number[] = [];
  for (let i = 0; i < ds.segment.length; i++) if (ds.segment[i] === 0 || ds.segment[i] === arm) index.push(i);
  const d = ds.x.cols;
  const x = createMatrix(index.length, d);
  const treatment = new Int32Array(index.length);
  const y = new Float64Array(index.length);
  const source = ds[outcome];
  index.forEach((src, i) => {
    x.values.set(ds.x.values.subarray(src * d, src * d + d), i * d);
    treatment[i] = ds.segment[src] === arm ? 1 : 0;
    y[i] = source[src]!;
  });
  return { x, treatment, y, featureNames: hillstromFeatures };
}

/** All three arms: 0 = No E-Mail, 1 = Mens E-Mail, 2 = Womens E-Mail (multi-treatment). */
export function hillstromArms(ds: HillstromDataset, outcome: HillstromOutcome): UpliftData {
  return { x: ds.x, treatment: ds.segment.slice(), y: ds[outcome].slice(), featureNames: hillstromFeatures };
}
