import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'backend',
    environment: 'node',
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // Starts (or connects to) Postgres once and builds a migrated template database.
    globalSetup: ['test/support/global-setup.ts'],
    // Each test file gets its own database; forks keep native handles (pg) apart.
    pool: 'forks',
    hookTimeout: 60_000,
    testTimeout: 60_000,
  },
});
