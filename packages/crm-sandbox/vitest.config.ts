import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'crm-sandbox',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The CLI tests start the sandboxes under tsx as a child process: a few hundred ms alone, past
    // vitest's 5 s default when the test run's other streams load both cores. Their own waits
    // still bound each step; this only stops a slow machine from failing a correct run.
    testTimeout: 60_000,
  },
});
