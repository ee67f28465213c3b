import { defineConfig } from 'vitest/config';

// One run covers every package: each project has its own config (environment, setup).
export default defineConfig({
  test: {
    projects: [
      'packages/*/vitest.config.ts',
      'apps/*/vitest.config.ts',
      'examples/*/vitest.config.ts',
      'e2e/vitest.config.ts',
    ],
  },
});
