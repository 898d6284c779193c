export { fixture, loadFixture } from './fixture';
export { testDatabaseUrl, uniqueSchema } from './postgres-test-io';
export { startPrivatePostgres, privatePostgresUnavailable, postgresBinDir, type PrivatePostgres, type PrivatePostgresOptions } from './private-postgres-io';
