import { defineConfig } from 'vitest/config';

// Every package's tests; each package has its own vitest.config.ts. `pnpm test` runs apps/web in
// a vitest process of its own beside the rest (see the README's Tests).
export default defineConfig({
  test: {
    projects: ['packages/shared', 'packages/crm-sandbox', 'backend', 'apps/web'],
  },
});
