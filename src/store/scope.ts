/**
 * Tenant scope: who is asking. Every read of customer data goes through a
 * query that takes a scope, so isolation is enforced at the data layer, not in
 * routes (THREATS.md §4). A principal at node N sees rows owned by N's subtree;
 * anything else is indistinguishable from a missing row.
 */
export type TenantScope =
  | { kind: 'global' }
  | { kind: 'node'; nodeId: string; path: string };

export const globalScope: TenantScope = { kind: 'global' };

/**
 * SQL predicate restricting rows by the owning dealer's tenant path.
 * `dealerColumn` is the column holding the owning dealer's node id. Returns the
 * clause and the parameter to bind at position `index`.
 */
export function scopePredicate(scope: TenantScope, dealerColumn: string, index: number): { sql: string; params: unknown[] } {
  if (scope.kind === 'global') return { sql: 'TRUE', params: [] };
  return {
    sql: `EXISTS (SELECT 1 FROM tenant_nodes sn WHERE sn.id = ${dealerColumn} AND sn.path LIKE $${index} || '%')`,
    params: [scope.path],
  };
}
