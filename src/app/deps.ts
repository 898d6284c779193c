import type { IdentityStore } from '../identity';
import type { Clock } from '../kernel';
import type { Store } from '../store';
import type { Authenticator } from './auth';
import type { Counters } from './metrics';

/** Everything the HTTP layer needs, passed as one object (STYLE.md §5). */
export interface AppDeps {
  store: Store;
  counters: Counters;
  clock: Clock;
  /** Resolves the caller: sessions, API keys, SSO tokens (see auth.ts). */
  authenticate: Authenticator;
  /** Users, sessions, keys and the audit log; absent in tests that do not need them. */
  identity?: IdentityStore | undefined;
  /** Built dashboard (web/dist); when absent the API runs without it. */
  webRoot?: string | undefined;
  logLevel?: string;
  /** Version string shown by /health and the OpenAPI document. */
  version?: string;
  /**
   * Requests per minute per caller (credential if present, else address) on
   * every route; `false` turns it off (only for tests that make many calls).
   */
  rateLimitPerMinute?: number | false;
}
