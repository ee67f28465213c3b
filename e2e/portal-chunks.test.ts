import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { entryClosure, portalBuild, readManifest } from './portal-build';
import { repoRoot } from './product';

const portals = [
  {
    app: 'support-web',
    deepPage: 'src/app/routes/organization.tsx',
    deepPageText: 'The tier of a subscription sets the support you receive',
  },
  {
    app: 'subscriber-web',
    deepPage: 'src/app/routes/process-order-form.tsx',
    deepPageText: 'Transcribe a signed Order Form',
  },
];

describe('the portals as built: the first page fetches the shell and itself, not the other pages', () => {
  for (const { app, deepPage, deepPageText } of portals) {
    it(`${app}: every page module is a chunk of its own, imported dynamically by the entry`, async () => {
      const manifest = await readManifest(app);
      const entry = entryClosure(manifest);
      const pageModules = (await readdir(path.join(repoRoot, 'apps', app, 'src', 'app', 'routes')))
        .filter((file) => file.endsWith('.tsx'))
        .map((file) => `src/app/routes/${file}`);
      const sharedPages = ['../../packages/web-ui/src/features/auth/components/sign-in-page.tsx'];

      expect(pageModules).toContain(deepPage);
      for (const page of [...pageModules, ...sharedPages]) {
        expect(manifest[page], page).toMatchObject({ isDynamicEntry: true });
        expect(entry, page).not.toContain(page);
        expect(manifest[entry[0] ?? '']?.dynamicImports, page).toContain(page);
      }
    });

    it(`${app}: the entry's code leaves out a deep page's text, which its own chunk holds`, async () => {
      const manifest = await readManifest(app);
      const code = (key: string) => readFile(path.join(portalBuild(app), manifest[key]?.file ?? ''), 'utf8');

      expect(await code(deepPage)).toContain(deepPageText);
      for (const key of entryClosure(manifest)) expect(await code(key), key).not.toContain(deepPageText);
    });
  }
});
