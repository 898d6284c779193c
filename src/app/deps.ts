import type { FastifyRequest } from 'fastify';
import type { Clock } from '../kernel';
import type { Store, TenantScope } from '../store';
import { globalScope } from '../store';
import type { Counters } from './metrics';

/** Everything the HTTP layer needs, passed as one object (STYLE.md §5). */
export interface AppDeps {
  store: Store;
  counters: Counters;
  clock: Clock;
  /** Built dashboard (web/dist); when absent the API runs without it. */
  webRoot?: string | undefined;
  logLevel?: string;
  /** Version string shown by /health and the OpenAPI document. */
  version?: string;
}

/**
 * The tenant scope of a request. Every customer-data route reads through it.
 * Until identity and tenants land (users, API keys, roles), every request acts
 * as the OEM (global scope); the store already enforces whatever scope is given.
 */
export function requestScope(_request: FastifyRequest): TenantScope {
  return globalScope;
}
