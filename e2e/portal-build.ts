import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from './product';

/** One chunk of a Vite build manifest (`build.manifest` in the portals' vite.config.ts). */
export interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

export type Manifest = Record<string, ManifestChunk>;

/** Where a portal's production build is (`app` is its folder under apps/, for example `support-web`). */
export const portalBuild = (app: string) => path.join(repoRoot, 'apps', app, 'dist', 'client');

export const readManifest = async (app: string): Promise<Manifest> =>
  JSON.parse(await readFile(path.join(portalBuild(app), '.vite', 'manifest.json'), 'utf8')) as Manifest;

/** The manifest keys of what the browser must fetch before the first page: the entry and its static imports. */
export const entryClosure = (manifest: Manifest): string[] => {
  const entryKey = Object.keys(manifest).find((key) => manifest[key]?.isEntry);
  if (!entryKey) throw new Error('The manifest names no entry chunk');
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const imported of manifest[key]?.imports ?? []) visit(imported);
  };
  visit(entryKey);
  return [...seen];
};
