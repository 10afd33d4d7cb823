import { defineProject } from 'vitest/config';

export default defineProject({
  // Property tests run hundreds of cases: vitest's 5 s default is a timing bound on a loaded machine.
  test: { name: 'shared', include: ['src/**/*.test.ts'], testTimeout: 60_000 },
});
