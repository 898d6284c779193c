export { createApp, coreRoutes, type RouteModule } from './create-app';
export { createCounters, type Counters } from './metrics';
export type { AppDeps } from './deps';
export { createAuthenticator, requestScope, sessionCookie, staticAuthenticator, type Authenticator } from './auth';
export type { ErrorBody } from './error-handler';
export { compose, version, type Platform } from './compose-io';
export { assertPortFree, listen } from './serve-io';
export { seedDemoMarket, starterOffers, type SeedProgress } from './seed-demo';
export { capabilityRoutes, capabilityRoutesFor } from './capabilities';
