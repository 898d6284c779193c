export { createApp, coreRoutes, type RouteModule } from './create-app';
export { createCounters, type Counters } from './metrics';
export { requestScope, type AppDeps } from './deps';
export type { ErrorBody } from './error-handler';
