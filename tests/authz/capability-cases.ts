import { deliveryAuthzCases, deliveryAuthzSetup } from '../../src/delivery/delivery-authz-cases';
import { releasesAuthzCases, releasesAuthzSetup, releasesPublicRoutes } from '../../src/releases/releases-authz-cases';
import type { Store } from '../../src/store';
import { telemetryAuthzCases } from '../../src/telemetry/telemetry-authz-cases';
import type { RouteCase } from './route-case';

/**
 * Route cases contributed by capabilities (each in `src/<capability>/<capability>-authz-cases.ts`),
 * listed here with one line each. The matrix fails for any registered /api route not covered.
 */
export const capabilityCases: RouteCase[] = [
  ...releasesAuthzCases,
  ...telemetryAuthzCases,
  ...deliveryAuthzCases,
];

/** Routes whose credential is something other than a principal (signed webhooks). */
export const capabilityPublicRoutes: string[] = [...releasesPublicRoutes];

/** Objects some capability cases need before the matrix runs. */
export const capabilitySetups: ((store: Store) => Promise<void>)[] = [releasesAuthzSetup, deliveryAuthzSetup];
