import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'web',
    include: ['e2e/**/*.e2e.test.ts', 'src/**/*.test.{ts,tsx}'],
    environment: 'node',
    // Browser specs start the real product (embedded Postgres included) and a real Chromium.
    // A spec's own waits (a first sync up to 180 s, then its steps) can add up past two minutes
    // on a loaded machine: live-updates once timed out at 120 s seven seconds after its sync had
    // finished. The waits inside a spec are what fail a state that never comes.
    testTimeout: 300_000,
    hookTimeout: 180_000,
    // One fork runs our files one by one, so two copies of the product and of Chromium never
    // compete for the machine's two cores. The root `pnpm test` runs this project in its own
    // vitest process beside the others: in one process, vitest would run a single-fork project
    // only after every other project's files.
    pool: 'forks',
    poolOptions: { forks: { singleFork: true } },
  },
});
