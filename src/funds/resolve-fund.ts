import type { Fund, TenantNode } from '../domain';
import { ancestorsOf } from '../network';

export type FundResolution =
  | { ok: true; fund: Fund; detail: string }
  | { ok: false; code: 'no_fund_for_tier'; detail: string };

/**
 * The fund of a program that pays for a redemption at a dealer: the one whose tier node is the
 * dealer itself or its nearest ancestor (a distributor's fund before the NSC's before the OEM's).
 */
export function resolveFund(funds: readonly Fund[], programId: string, dealerId: string, nodes: readonly TenantNode[]): FundResolution {
  const chain = [dealerId, ...ancestorsOf(nodes, dealerId).map((n) => n.id)];
  for (const nodeId of chain) {
    const fund = funds.find((f) => f.programId === programId && f.tierNodeId === nodeId);
    if (fund) return { ok: true, fund, detail: `${fund.id} funds ${programId} at ${nodeId}` };
  }
  return { ok: false, code: 'no_fund_for_tier', detail: `no fund of ${programId} covers ${chain.join(' → ')}` };
}
