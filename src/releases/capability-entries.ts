import type { MarketCode } from '../domain';
import { approvalInForce } from './plan-release-campaign';
import type { Approval } from './release-schemas';

/** One row of the certified-capability registry the compliance capability consumes. */
export interface CapabilityEntry {
  readonly modelId: string;
  readonly hardwareVariantId: string;
  readonly versionRange: string;
  readonly market: MarketCode;
  readonly tokens: string[];
}

export interface CapabilityRegistryUpdate {
  readonly entries: CapabilityEntry[];
  /** Per feature and market: why its tokens are in or out. */
  readonly reasons: string[];
}

/**
 * The full registry implied by the approvals in force at `now`: tokens of an
 * approved, effective decision are certified; a withdrawn or not-yet-effective
 * decision certifies nothing. Entries with the same model, variant, range and
 * market are merged. Output is sorted, so equal inputs give equal registries.
 */
export function capabilityRegistryEntries(approvals: Approval[], now: Date): CapabilityRegistryUpdate {
  const t = now.toISOString();
  const pairs = new Set(approvals.map((a) => `${a.feature}\u0000${a.market}`));
  const merged = new Map<string, { modelId: string; hardwareVariantId: string; versionRange: string; market: MarketCode; tokens: Set<string> }>();
  const reasons: string[] = [];
  for (const pair of [...pairs].sort()) {
    const [feature, market] = pair.split('\u0000') as [string, string];
    const a = approvalInForce(approvals, feature, market)!;
    if (a.status !== 'approved') {
      reasons.push(`${feature} in ${market}: withdrawn at ${a.effectiveAt}, no tokens`);
      continue;
    }
    if (a.effectiveAt > t) {
      reasons.push(`${feature} in ${market}: approved from ${a.effectiveAt}, not yet in force`);
      continue;
    }
    reasons.push(`${feature} in ${market}: ${a.certified.length} certified variant range(s)`);
    for (const c of a.certified) {
      const key = [c.modelId, c.hardwareVariantId, c.versionRange, a.market].join('\u0000');
      const e = merged.get(key) ?? { modelId: c.modelId, hardwareVariantId: c.hardwareVariantId, versionRange: c.versionRange, market: a.market, tokens: new Set<string>() };
      for (const tok of c.tokens) e.tokens.add(tok);
      merged.set(key, e);
    }
  }
  const entries = [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, e]) => ({ ...e, tokens: [...e.tokens].sort() }));
  return { entries, reasons };
}
