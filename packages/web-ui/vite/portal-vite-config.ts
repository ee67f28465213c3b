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

/** Where each portal is served: under the API at `base`, and on a port of its own by `pnpm dev` and `vite preview`. */
export const portalServers = {
  support: { base: '/support/', devPort: 5173, previewPort: 4173 },
  subscriber: { base: '/subscriber/', devPort: 5174, previewPort: 4174 },
} as const;

/**
 * Under `pnpm dev` each portal is on a dev server of its own, so neither is at the other's path on the
 * same origin as the API serves them: the links between them take the dev servers' addresses instead
 * (the portals read them as VITE_SUPPORT_PORTAL_URL and VITE_SUBSCRIBER_PORTAL_URL, web-config.ts).
 * Builds and tests keep the default: each portal beside the other.
 */
const portalAddressesInDevelopment = (): Plugin => ({
  name: 'portal-addresses-in-development',
  config: (_config, { command, mode }) =>
    command === 'serve' && mode === 'development'
      ? {
          define: Object.fromEntries(
            Object.entries(portalServers).map(([portal, server]) => [
              `import.meta.env.VITE_${portal.toUpperCase()}_PORTAL_URL`,
              JSON.stringify(`http://localhost:${server.devPort}${server.base}`),
            ]),
          ),
        }
      : undefined,
});

/**
 * One Vite configuration for both portals: served by the API under its base path, and in development on
 * Vite's server proxying the API (on PORT, as `pnpm dev` passes it through).
 */
export const portalViteConfig = (portal: keyof typeof portalServers): UserConfig => {
  const { base, devPort, previewPort } = portalServers[portal];
  // Tooling, not the product: the dev server follows the API's PORT so `PORT=… pnpm dev` works end to end.
  const apiOrigin = `http://127.0.0.1:${process.env.PORT ?? '3000'}`;
  const proxy = { '/v1': apiOrigin, '/docs': apiOrigin };
  return defineConfig({
    base,
    plugins: [react(), zodWithoutEval(base), precompress(), portalAddressesInDevelopment()],
    build: { outDir: 'dist/client', emptyOutDir: true, manifest: true },
    server: { port: devPort, strictPort: true, proxy },
    preview: { port: previewPort, strictPort: true, proxy },
  });
};
