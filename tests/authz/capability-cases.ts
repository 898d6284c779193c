import { deliveryAuthzCases, deliveryAuthzSetup } from '../../src/delivery/delivery-authz-cases';
import { fundsAuthzCases, fundsAuthzSetup } from '../../src/funds/funds-authz-cases';
import { modelsAuthzCases, modelsAuthzSetup } from '../../src/models/models-authz-cases';
import { networkAuthzCases } from '../../src/network/network-authz-cases';
import { catalogAuthzCases } from '../../src/offers/offer-catalog-authz-cases';
import { releasesAuthzCases, releasesAuthzSetup, releasesPublicRoutes } from '../../src/releases/releases-authz-cases';
import type { Store } from '../../src/store';
import { telemetryAuthzCases } from '../../src/telemetry/telemetry-authz-cases';
import { complianceAuthzCases, complianceAuthzSetup } from '../../src/compliance/compliance-authz-cases';
import type { RouteCase } from './route-case';
import { optimizerAuthzCases, optimizerAuthzSetup } from '../../src/optimizer/optimizer-authz-cases';
import { portalAuthzCases } from '../../src/portal/portal-authz-cases';

/**
 * Route cases contributed by capabilities (each in `src/<capability>/<capability>-authz-cases.ts`),
 * listed here with one line each. The matrix fails for any registered /api route not covered.
 */
export const capabilityCases: RouteCase[] = [
  ...complianceAuthzCases,
  ...networkAuthzCases,
  ...catalogAuthzCases,
  ...fundsAuthzCases,
  ...releasesAuthzCases,
  ...telemetryAuthzCases,
  ...deliveryAuthzCases,
  ...modelsAuthzCases,
  ...optimizerAuthzCases,
  ...portalAuthzCases,
];

/** Routes whose credential is something other than a principal (signed webhooks). */
export const capabilityPublicRoutes: string[] = [...releasesPublicRoutes];

/** Objects some capability cases need before the matrix runs. */
export const capabilitySetups: ((store: Store) => Promise<void>)[] = [complianceAuthzSetup, releasesAuthzSetup, deliveryAuthzSetup, modelsAuthzSetup, fundsAuthzSetup, optimizerAuthzSetup];
