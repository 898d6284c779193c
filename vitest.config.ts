import { defineConfig } from 'vitest/config';
import { SummaryReporter } from './tools/summary-reporter';

// Two cores on the reference machine: PGlite instances are ~0.5 GB and take seconds
// to start, so test files run in at most two forked workers.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts', 'packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', new SummaryReporter()],
  },
});
