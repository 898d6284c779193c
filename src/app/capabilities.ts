import { registerFundsRoutes } from '../funds';
import { registerNetworkCapabilityRoutes } from '../network';
import { registerCatalogRoutes } from '../offers';
import type { RouteModule } from './create-app';

/**
 * The capabilities plugged into the app, by hand (STYLE.md §5): each adds its
 * routes here with one line. A capability's tables come from its own
 * `src/<capability>/migrations/` folder, numbered in its range:
 *
 * | range     | capability                    |
 * |-----------|-------------------------------|
 * | 0001–0099 | core (src/store/migrations)   |
 * | 0100–0199 | telemetry, v2x                |
 * | 0200–0299 | compliance                    |
 * | 0300–0399 | network, offers, funds        |
 * | 0400–0499 | models, measurement           |
 * | 0500–0599 | optimizer                     |
 * | 0600–0699 | releases                      |
 * | 0700–0799 | delivery                      |
 * | 0800–0899 | identity, tenants, audit      |
 */
export const capabilityRoutes: RouteModule[] = [
  registerNetworkCapabilityRoutes,
  registerCatalogRoutes,
  registerFundsRoutes,
];
