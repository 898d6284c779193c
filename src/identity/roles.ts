import { z } from 'zod';
import type { TenantKind } from '../domain';

/** What a route can require. `public` routes need no principal. */
export const permissions = [
  'public',
  'overview.read',        // aggregated counts, markets, models
  'network.read',         // tenant nodes, dealers, stock
  'customers.read',       // raw personal data of customers (dealers, DPO)
  'consent.read',
  'consent.write',
  'offers.read',
  'offers.write',
  'subject.export',       // data-subject access requests
  'subject.erase',        // data-subject erasure
  'audit.read',
  'users.manage',
  'self',                 // the caller's own session and profile
  'network.write',        // network imports, capacity exceptions, bookings
  'telemetry.write',      // vehicle data in (gateways)
  'telemetry.read',       // quarantine, ingest counters (data engineering)
  'compliance.check',     // run the checker on copy
  'compliance.review',    // review queue actions
  'releases.read',
  'releases.write',       // releases and regulatory approvals
  'plan.run',             // optimizer plans and what-if scenarios
  'models.read',          // model registry, measurement reports
  'models.train',
  'claims.read',          // dealer claims and fund positions
  'claims.write',         // a dealer submits its claims
  'delivery.send',        // push a plan through the gate to channels
  'portal.read',          // dealer insights about its own customers
] as const;
export const Permission = z.enum(permissions);
export type Permission = z.infer<typeof Permission>;

export const roles = [
  'oem_admin', 'nsc_marketing', 'compliance_reviewer', 'release_manager',
  'distributor', 'dealer_principal', 'dealer_service', 'dpo', 'telematics_gateway',
] as const;
export const Role = z.enum(roles);
export type Role = z.infer<typeof Role>;

/**
 * The role table: what each role may do, and at which kind of tenant node it
 * may be held. Raw personal data is for dealers (their own customers) and the
 * data-protection officer; head office works with aggregates (THREATS.md AZ-11).
 */
export const roleTable: Record<Role, { description: string; nodeKinds: readonly TenantKind[]; permissions: readonly Permission[] }> = {
  oem_admin: {
    description: 'OEM head-office administrator: users, keys, audit, catalog; aggregates only',
    nodeKinds: ['oem'],
    permissions: ['self', 'overview.read', 'network.read', 'network.write', 'offers.read', 'offers.write', 'audit.read', 'users.manage',
      'telemetry.read', 'compliance.check', 'releases.read', 'plan.run', 'models.read', 'models.train', 'claims.read'],
  },
  nsc_marketing: {
    description: 'National sales company marketing: plans promotions and budgets for its market',
    nodeKinds: ['nsc'],
    permissions: ['self', 'overview.read', 'network.read', 'network.write', 'offers.read', 'offers.write', 'compliance.check',
      'releases.read', 'plan.run', 'models.read', 'models.train', 'claims.read', 'delivery.send'],
  },
  compliance_reviewer: {
    description: 'Reviews blocked messages; approves, fixes or overrides with justification',
    nodeKinds: ['oem', 'nsc'],
    permissions: ['self', 'overview.read', 'offers.read', 'compliance.check', 'compliance.review', 'releases.read'],
  },
  release_manager: {
    description: 'Posts software releases and regulatory approvals',
    nodeKinds: ['oem', 'nsc'],
    permissions: ['self', 'overview.read', 'offers.read', 'releases.read', 'releases.write', 'models.read'],
  },
  distributor: {
    description: 'Regional distributor: sees and balances the dealers under it',
    nodeKinds: ['distributor'],
    permissions: ['self', 'overview.read', 'network.read', 'network.write', 'offers.read', 'claims.read', 'models.read', 'portal.read'],
  },
  dealer_principal: {
    description: 'Dealer principal: own customers, leads, promotions, claims and funds',
    nodeKinds: ['dealer'],
    permissions: ['self', 'overview.read', 'network.read', 'customers.read', 'consent.read', 'offers.read', 'claims.read', 'claims.write', 'models.read', 'portal.read'],
  },
  dealer_service: {
    description: 'Dealer service manager: own customers and service demand against capacity',
    nodeKinds: ['dealer'],
    permissions: ['self', 'overview.read', 'network.read', 'customers.read', 'offers.read', 'portal.read'],
  },
  dpo: {
    description: 'Data-protection officer: consent lookup, access and erasure requests, audit',
    nodeKinds: ['oem'],
    permissions: ['self', 'overview.read', 'customers.read', 'consent.read', 'consent.write', 'subject.export', 'subject.erase', 'audit.read'],
  },
  telematics_gateway: {
    description: 'A vehicle data gateway (service account): sends telemetry, nothing else',
    nodeKinds: ['oem', 'nsc'],
    permissions: ['telemetry.write'],
  },
};

export function roleAllows(role: Role, permission: Permission): boolean {
  return permission === 'public' || roleTable[role].permissions.includes(permission);
}

export function roleFitsNode(role: Role, kind: TenantKind): boolean {
  return roleTable[role].nodeKinds.includes(kind);
}
