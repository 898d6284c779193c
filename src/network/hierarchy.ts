import { allowedParents, type TenantNode } from '../domain';

export type HierarchyProblemCode = 'duplicate_id' | 'unknown_parent' | 'parent_kind_not_allowed' | 'cycle';

export interface HierarchyProblem {
  nodeId: string;
  code: HierarchyProblemCode;
  detail: string;
}

export interface HierarchyCheck {
  valid: boolean;
  problems: HierarchyProblem[];
}

/** Checks ids are unique, parents exist, each parent kind is allowed for the child kind, and there are no cycles. */
export function validateHierarchy(nodes: readonly TenantNode[]): HierarchyCheck {
  const problems: HierarchyProblem[] = [];
  const byId = new Map<string, TenantNode>();
  for (const node of nodes) {
    if (byId.has(node.id)) problems.push({ nodeId: node.id, code: 'duplicate_id', detail: `node id ${node.id} appears more than once` });
    else byId.set(node.id, node);
  }
  for (const node of byId.values()) {
    const allowed = allowedParents[node.kind];
    if (node.parentId === null) {
      if (!allowed.includes(null)) {
        problems.push({ nodeId: node.id, code: 'parent_kind_not_allowed', detail: `a ${node.kind} needs a parent of kind ${allowed.join(' or ')}` });
      }
      continue;
    }
    const parent = byId.get(node.parentId);
    if (!parent) {
      problems.push({ nodeId: node.id, code: 'unknown_parent', detail: `parent ${node.parentId} does not exist` });
      continue;
    }
    if (!allowed.includes(parent.kind)) {
      const expected = allowed.map((k) => k ?? 'none').join(' or ');
      problems.push({ nodeId: node.id, code: 'parent_kind_not_allowed', detail: `a ${node.kind} cannot sit under a ${parent.kind} (allowed: ${expected})` });
    }
  }
  for (const node of byId.values()) {
    const seen = new Set<string>([node.id]);
    let current = node.parentId === null ? undefined : byId.get(node.parentId);
    while (current) {
      if (seen.has(current.id)) {
        if (current.id === node.id) problems.push({ nodeId: node.id, code: 'cycle', detail: `${node.id} is its own ancestor` });
        break;
      }
      seen.add(current.id);
      current = current.parentId === null ? undefined : byId.get(current.parentId);
    }
  }
  return { valid: problems.length === 0, problems };
}

/** Ancestors of a node, nearest first (parent, grandparent … root). Stops at a cycle. */
export function ancestorsOf(nodes: readonly TenantNode[], nodeId: string): TenantNode[] {
  const byId = new Map(nodes.map((n) => [n.id, n] as const));
  const result: TenantNode[] = [];
  const seen = new Set<string>([nodeId]);
  let parentId = byId.get(nodeId)?.parentId ?? null;
  while (parentId !== null && !seen.has(parentId)) {
    const parent = byId.get(parentId);
    if (!parent) break;
    result.push(parent);
    seen.add(parentId);
    parentId = parent.parentId;
  }
  return result;
}

/** The node itself and every node below it, breadth first. Empty if the node is unknown. */
export function subtreeOf(nodes: readonly TenantNode[], nodeId: string): TenantNode[] {
  const root = nodes.find((n) => n.id === nodeId);
  if (!root) return [];
  const children = new Map<string, TenantNode[]>();
  for (const n of nodes) {
    if (n.parentId === null) continue;
    const list = children.get(n.parentId) ?? [];
    list.push(n);
    children.set(n.parentId, list);
  }
  const result: TenantNode[] = [];
  const seen = new Set<string>();
  const queue: TenantNode[] = [root];
  while (queue.length > 0) {
    const next = queue.shift() as TenantNode;
    if (seen.has(next.id)) continue;
    seen.add(next.id);
    result.push(next);
    queue.push(...(children.get(next.id) ?? []));
  }
  return result;
}

/** True when `nodeId` is `ancestorId` or sits somewhere below it. */
export function isWithin(nodes: readonly TenantNode[], nodeId: string, ancestorId: string): boolean {
  return nodeId === ancestorId || ancestorsOf(nodes, nodeId).some((n) => n.id === ancestorId);
}
