import type { Permission, Role } from '../../src/identity';

export type ObjectKind = 'owner' | 'vehicle' | 'dealer' | 'none';

export interface RouteCase {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Route pattern exactly as registered, e.g. /api/v1/owners/:id */
  route: string;
  permission: Permission;
  object: ObjectKind;
  /** The concrete request for an object id (or none). */
  url: (id: string) => string;
  body?: (ctx: { id: string; role: Role }) => unknown;
  /** Destructive routes get a fresh object per request. */
  fresh?: boolean;
}

