/**
 * The API as the start command runs it: src/server.ts and the workspace's own TypeScript (packages/domain)
 * compiled into one ES module, dist/server.js, which plain `node` runs. The npm dependencies stay
 * imports, resolved from apps/api/node_modules as before. Running compiled JavaScript instead of
 * TypeScript through tsx's loader saves about 40 MB of resident memory and the loader's work at start
 * (docs/decisions/016-compiled-api.md).
 *
 * `tsx scripts/bundle.ts` (the package's build) writes it; the tests that start the API as a process
 * call bundleApi() themselves, so they never run a stale bundle.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const apiRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where the bundle is written: the start command runs it. */
export const bundlePath = path.join(apiRoot, 'dist', 'server.js');

/** The package's dependencies: imported at run time, not bundled (their own files, native addons). */
const externals = (): string[] => {
  const manifest = JSON.parse(readFileSync(path.join(apiRoot, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  return Object.keys(manifest.dependencies).filter((name) => !name.startsWith('@portals/'));
};

/**
 * Compiles the bundle and its source map. Each file is written under a temporary name and renamed into
 * place, so processes starting the API while another build runs (parallel tests) read a whole file.
 */
export const bundleApi = async (): Promise<string> => {
  const result = await build({
    entryPoints: [path.join(apiRoot, 'src', 'server.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: externals(),
    outfile: bundlePath,
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'none',
    logLevel: 'warning',
    write: false,
  });
  const suffix = `.${process.pid}.${randomBytes(4).toString('hex')}`;
  // The map first: the bundle names it, and a process may start as soon as the bundle is in place.
  const files = [...result.outputFiles].sort(
    (a, b) => Number(b.path.endsWith('.map')) - Number(a.path.endsWith('.map')),
  );
  mkdirSync(path.dirname(bundlePath), { recursive: true });
  for (const file of files) {
    writeFileSync(file.path + suffix, file.contents);
    renameSync(file.path + suffix, file.path);
  }
  return bundlePath;
};

/**
 * The node arguments of the root package.json's start command (its flags, then the bundle's path from
 * the repository's root), so that whatever else starts the API (the benchmark, the tests of the
 * process) starts it the same way: one place sets the heap's limit and the source maps.
 */
export const startCommandArguments = (): string[] => {
  const repoRoot = path.resolve(apiRoot, '..', '..');
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const command = manifest.scripts.start?.split('&&').at(-1)?.trim().split(/\s+/) ?? [];
  const [program, ...rest] = command;
  const script = rest.at(-1);
  if (program !== 'node' || !script || path.resolve(repoRoot, script) !== bundlePath) {
    throw new Error(`The start command should end with node [flags] apps/api/dist/server.js: ${command}`);
  }
  return [...rest.slice(0, -1), bundlePath];
};

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await bundleApi();
}
