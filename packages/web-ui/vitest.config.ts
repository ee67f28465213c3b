import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests find their files from this folder, whether run alone or as a project of the root config.
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  test: {
    name: 'web-ui',
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['./src/testing/setup.ts'],
    unstubGlobals: true,
    // A page's first render waits for its lazy modules to compile: seconds on a busy machine.
    testTimeout: 30_000,
  },
});
