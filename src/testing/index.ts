export { fixture, loadFixture } from './fixture';
export { testDatabaseUrl, uniqueSchema } from './postgres-test-io';
export { startPrivatePostgres, privatePostgresUnavailable, postgresBinDir, type PrivatePostgres, type PrivatePostgresOptions } from './private-postgres-io';
export { openPostgresTestStore } from './test-stores-io';
export { forecourtBin, runForecourt } from './run-cli-io';
