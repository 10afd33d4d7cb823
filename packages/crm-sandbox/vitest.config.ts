import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'crm-sandbox', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
