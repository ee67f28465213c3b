import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** The API in development; the dev server proxies to it so the SPA talks to the real API. */
const apiOrigin = 'http://127.0.0.1:3000';
const proxy = { '/v1': apiOrigin, '/docs': apiOrigin };

/**
 * Writes a brotli and a gzip copy beside each text asset of the build, so the API serves them
 * compressed without compressing on every request.
 */
const precompress = (): Plugin => ({
  name: 'precompress',
  apply: 'build',
  async writeBundle(options) {
    const outDir = options.dir;
    if (!outDir) return;
    const files = (await readdir(outDir, { recursive: true })).filter((file) =>
      /\.(js|mjs|css|html|svg|json|txt)$/.test(file),
    );
    for (const file of files) {
      const original = await readFile(path.join(outDir, file));
      await writeFile(
        path.join(outDir, `${file}.br`),
        brotliCompressSync(original, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
      );
      await writeFile(path.join(outDir, `${file}.gz`), gzipSync(original, { level: 9 }));
    }
  },
});

export default defineConfig({
  // The API serves the production build under this prefix.
  base: '/subscriber/',
  plugins: [react(), precompress()],
  build: { outDir: 'dist/client', emptyOutDir: true, manifest: true },
  server: { port: 5174, strictPort: true, proxy },
  preview: { port: 4174, strictPort: true, proxy },
});
