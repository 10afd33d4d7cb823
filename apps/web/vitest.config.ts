import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'web',
    include: ['e2e/**/*.e2e.test.ts', 'src/**/*.test.{ts,tsx}'],
    environment: 'node',
    // Browser specs start the real product (embedded Postgres included) and a real Chromium.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // `fileParallelism` is a root-only option; one fork per project runs our files one by one,
    // so two copies of the product and of Chromium never compete for the machine's two cores.
    pool: 'forks',
    poolOptions: { forks: { singleFork: true } },
  },
});
