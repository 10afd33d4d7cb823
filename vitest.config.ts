import { defineConfig } from 'vitest/config';

// Every package's tests in one run; each package has its own vitest.config.ts.
export default defineConfig({
  test: {
    projects: ['packages/shared', 'packages/crm-sandbox', 'backend', 'apps/web'],
  },
});
