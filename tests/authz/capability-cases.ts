import type { RouteCase } from './route-case';

/**
 * Route cases contributed by capabilities (each in `src/<capability>/<capability>-authz-cases.ts`),
 * listed here with one line each. The matrix fails for any registered /api route not covered.
 */
export const capabilityCases: RouteCase[] = [];
