import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests find their files from this folder, whether run alone or as a project of the root config.
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    name: 'api-client',
    environment: 'node',
    include: ['src/**/*.test.ts'],
    unstubGlobals: true,
  },
});
