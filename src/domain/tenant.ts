import { z } from 'zod';
import { MarketCode } from './market';

/** OEM → national sales company → regional distributor → dealer, plus mobility providers. */
export const tenantKinds = ['oem', 'nsc', 'distributor', 'dealer', 'mobility_provider'] as const;
export const TenantKind = z.enum(tenantKinds);
export type TenantKind = z.infer<typeof TenantKind>;

/** Which kind of node may sit directly under which. */
export const allowedParents: Record<TenantKind, readonly (TenantKind | null)[]> = {
  oem: [null],
  nsc: ['oem'],
  distributor: ['nsc'],
  dealer: ['distributor', 'nsc'],
  mobility_provider: ['nsc', 'oem'],
};

export const NodeId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and dashes');

export const TenantNode = z.strictObject({
  id: NodeId,
  kind: TenantKind,
  parentId: NodeId.nullable(),
  name: z.string().min(1).max(200),
  market: MarketCode.nullable(),
});
export type TenantNode = z.infer<typeof TenantNode>;
