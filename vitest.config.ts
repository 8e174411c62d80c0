import { defineConfig } from 'vitest/config';
import LongestFirst from './test/support/sequencer.js';

// Database-backed tests read PG_URL / MYSQL_URL through test/support/global-setup.ts; under CI=true
// a missing server fails the run instead of skipping it.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    // Most of the suite's time is spent waiting on PostgreSQL, MariaDB, git and child processes, so three
    // forks keep two cores busy (vitest's default on two cores is one fork, which leaves them idle).
    maxWorkers: 3,
    // The longest files start first (test/support/sequencer.ts), so no long file runs alone at the end.
    sequence: { sequencer: LongestFirst },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Every simulator request, response and webhook in the suite is checked against GitHub's descriptions.
    env: { MIGRATION_COPILOT_SIM_VALIDATE: '1' },
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
