export { createApp, coreRoutes, type RouteModule } from './create-app';
export { createCounters, type Counters } from './metrics';
export { requestScope, type AppDeps } from './deps';
export type { ErrorBody } from './error-handler';
export { compose, version, type Platform } from './compose-io';
export { assertPortFree, listen } from './serve-io';
export { seedDemoMarket, starterOffers, type SeedProgress } from './seed-demo';
