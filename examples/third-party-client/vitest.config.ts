import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests find their files from this folder, whether run alone or as a project of the root config.
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    name: 'third-party-client',
    environment: 'node',
    include: ['test/**/*.test.ts'],
    // The freshness test builds the API on a database of its own, as the API's tests do.
    globalSetup: ['../../apps/api/test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
