import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type UserConfig } from 'vite';

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

const zodWithoutEvalFile = 'zod-without-eval.js';

/**
 * zod compiles parsers with `new Function` and probes for it while the shared chunk builds the domain's
 * schemas, which the portals' strict Content-Security-Policy reports as a violation even though zod falls
 * back. zod reads its settings from a global, so a classic script (run before any module script, and
 * allowed by `script-src 'self'`) turns compiling off before any chunk is evaluated. Parsing is a little
 * slower without it, in a browser that parses little.
 */
const zodWithoutEval = (base: string): Plugin => ({
  name: 'zod-without-eval',
  apply: 'build',
  generateBundle() {
    this.emitFile({
      type: 'asset',
      fileName: zodWithoutEvalFile,
      source:
        'globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });\n',
    });
  },
  transformIndexHtml: () => [
    { tag: 'script', attrs: { src: `${base}${zodWithoutEvalFile}` }, injectTo: 'head-prepend' },
  ],
});

/**
 * One Vite configuration for both portals: served by the API under `base`, and in development on
 * Vite's server proxying the API (on PORT, as `pnpm dev` passes it through).
 */
export const portalViteConfig = (options: {
  base: string;
  devPort: number;
  previewPort: number;
}): UserConfig => {
  // Tooling, not the product: the dev server follows the API's PORT so `PORT=… pnpm dev` works end to end.
  const apiOrigin = `http://127.0.0.1:${process.env.PORT ?? '3000'}`;
  const proxy = { '/v1': apiOrigin, '/docs': apiOrigin };
  return defineConfig({
    base: options.base,
    plugins: [react(), zodWithoutEval(options.base), precompress()],
    build: { outDir: 'dist/client', emptyOutDir: true, manifest: true },
    server: { port: options.devPort, strictPort: true, proxy },
    preview: { port: options.previewPort, strictPort: true, proxy },
  });
};
