import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../src/config';
import { useTestApp } from './test-app';

// The portals' production builds, as `pnpm test` makes them before the tests run.
const builds = [
  { prefix: '/support/', dist: path.join(repoRoot, 'apps', 'support-web', 'dist', 'client') },
  { prefix: '/subscriber/', dist: path.join(repoRoot, 'apps', 'subscriber-web', 'dist', 'client') },
];

const scriptOf = (dist: string): string => {
  const script = readdirSync(path.join(dist, 'assets')).find((file) => file.endsWith('.js'));
  if (!script) throw new Error(`no script in ${dist}: build the portals first`);
  return `assets/${script}`;
};

describe.each(builds)('the portal under $prefix', ({ prefix, dist }) => {
  const context = useTestApp({ serveSpas: true });
  let script: string;
  let original: Buffer;

  beforeAll(async () => {
    script = scriptOf(dist);
    original = readFileSync(path.join(dist, script));
  });

  const fetchAsset = (url: string, acceptEncoding?: string) =>
    context.app.inject({
      method: 'GET',
      url,
      headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {},
    });

  it('sends the script brotli-compressed to a client accepting br, the same bytes once decompressed', async () => {
    const response = await fetchAsset(`${prefix}${script}`, 'br');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.rawPayload.length).toBeLessThan(original.length);
    expect(brotliDecompressSync(response.rawPayload).equals(original)).toBe(true);
  });

  it('sends it gzip-compressed to a client accepting gzip only, the same bytes once decompressed', async () => {
    const response = await fetchAsset(`${prefix}${script}`, 'gzip');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(response.rawPayload).equals(original)).toBe(true);
  });

  it('sends it as is to a client accepting no compression', async () => {
    const response = await fetchAsset(`${prefix}${script}`);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.rawPayload.equals(original)).toBe(true);
  });

  it('lets browsers keep hashed assets for a year, and revalidate the page every time', async () => {
    const asset = await fetchAsset(`${prefix}${script}`, 'br, gzip');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.vary).toMatch(/accept-encoding/i);
    for (const url of [prefix, `${prefix}index.html`, `${prefix}some/deep/link?tab=2`]) {
      const page = await fetchAsset(url, 'br, gzip');
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves a page whose scripts and styles the strict policy allows: no inline code', async () => {
    const page = await fetchAsset(prefix);
    const html = page.body;
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
    expect(page.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes = '', body = ''] of scripts) {
      expect(attributes).toMatch(/\bsrc="\//);
      expect(body.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b|\sstyle="|\son[a-z]+="/i);
  });
});
