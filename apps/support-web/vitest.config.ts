import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

export default mergeConfig(
  viteConfig,
  defineConfig({
    // Tests find their files from this folder, whether run alone or as a project of the root config.
    root: fileURLToPath(new URL('.', import.meta.url)),
    test: {
      name: 'support-web',
      environment: 'jsdom',
      include: ['src/**/*.test.{ts,tsx}'],
      setupFiles: ['./src/testing/setup.ts'],
      unstubGlobals: true,
      // A page's first render waits for its lazy modules to compile: seconds on a busy machine.
      testTimeout: 30_000,
    },
  }),
);
