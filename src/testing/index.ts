export { fixture, loadFixture } from './fixture';
export { testDatabaseUrl, uniqueSchema } from './postgres-test-io';
