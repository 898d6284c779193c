import type { EncounterSummary } from './encounter-tracker';

/**
 * Sybil plausibility check (THREATS.md TM-13): many pseudonyms reporting the
 * same trajectory are one source. Summaries sharing a trajectory fingerprint
 * count once; the rest are discounted, with the reason.
 */
export interface SybilResult {
  kept: EncounterSummary[];
  discounted: number;
  reasons: string[];
}

export function discountSybils(summaries: readonly EncounterSummary[], minGroup = 2): SybilResult {
  const groups = new Map<string, EncounterSummary[]>();
  for (const s of summaries) {
    const g = groups.get(s.trajectoryHash);
    if (g) g.push(s);
    else groups.set(s.trajectoryHash, [s]);
  }
  const kept: EncounterSummary[] = [];
  const reasons: string[] = [];
  let discounted = 0;
  for (const [hash, g] of groups) {
    kept.push(g[0] as EncounterSummary);
    if (g.length >= minGroup) {
      discounted += g.length - 1;
      reasons.push(`${g.length} pseudonyms share trajectory ${hash}: counted once`);
    }
  }
  return { kept, discounted, reasons };
}
