import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundleApi } from '../scripts/bundle';

/**
 * Packages most API processes never use, which together took about 34 MB of the API's 170 MB at start
 * (docs/decisions/043-packages-loaded-when-needed.md): each is imported where it is first needed.
 */
const loadedWhenNeeded = [
  '@aws-sdk/client-s3',
  '@aws-sdk/lib-storage',
  'pdfkit',
  'mailparser',
  'smtp-server',
];

const staticImports = (bundle: string): Set<string> =>
  new Set([...bundle.matchAll(/^import\s[^;]*?\sfrom\s*"([^"]+)";?$/gms)].map((match) => match[1] ?? ''));

describe('the compiled API at start', () => {
  it('does not load the S3 SDK, the PDF writer or the mail parser until a request needs them', async () => {
    const bundle = readFileSync(await bundleApi(), 'utf8');
    const imported = staticImports(bundle);
    // The check reads the imports it should: the bundle's usual ones are found.
    expect(imported).toContain('fastify');
    expect(imported).toContain('pg');
    for (const name of loadedWhenNeeded) {
      expect(imported, `${name} is imported at start`).not.toContain(name);
      expect(bundle, `${name} is no longer imported at all`).toContain(`import("${name}")`);
    }
  });
});
