import type { TenantScope } from '../store';
import { roleAllows, type Permission, type Role } from './roles';

/** Who is calling, resolved from a session, an API key or a verified JWT. */
export interface Principal {
  /** The person (user id) or the service account (api key id). */
  actorId: string;
  kind: 'user' | 'api_key' | 'sso';
  nodeId: string;
  /** Materialised tenant path of nodeId, e.g. /oem/nsc-us/dist-west/dlr-a/. */
  nodePath: string;
  role: Role;
}

export function scopeOf(principal: Principal): TenantScope {
  return { kind: 'node', nodeId: principal.nodeId, path: principal.nodePath };
}

export function can(principal: Principal | undefined, permission: Permission): boolean {
  if (permission === 'public') return true;
  return principal !== undefined && roleAllows(principal.role, permission);
}
