import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { bundledChromiumFlags, resolveChromium } from './chromium';

const run = promisify(execFile);

interface Unpacked {
  executablePath: string;
  version: string;
}

/**
 * What a test file does first, in a process of its own: unpack the bundled Chromium into `cacheRoot`,
 * then run it at once (a binary still being written cannot be run).
 */
const unpackInAnotherProcess = async (cacheRoot: string): Promise<Unpacked> => {
  const module = pathToFileURL(path.join(import.meta.dirname, 'chromium.ts')).href;
  const script = `import { execFileSync } from 'node:child_process';
const { unpackBundledChromium } = await import(${JSON.stringify(module)});
const executablePath = await unpackBundledChromium(process.argv[1]);
const version = execFileSync(executablePath, ['--version'], { encoding: 'utf8' }).trim();
process.stdout.write(JSON.stringify({ executablePath, version }));`;
  const { stdout } = await run(process.execPath, [
    '--import',
    'tsx',
    '--input-type=module',
    '--eval',
    script,
    cacheRoot,
  ]);
  return JSON.parse(stdout) as Unpacked;
};

/** Resolves once something (a first unpacking under way) shows up in the folder. */
const somethingIn = async (folder: string): Promise<void> => {
  while ((await readdir(folder)).length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
};

describe('the browser the tests use, on a machine with Node and nothing else', () => {
  let cacheRoot: string;

  beforeAll(async () => {
    cacheRoot = await mkdtemp(path.join(os.tmpdir(), 'portals-chromium-cache-'));
  });
  afterAll(async () => {
    await rm(cacheRoot, { recursive: true, force: true });
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('gives test files that start while another is unpacking one complete Chromium, which opens page after page', async () => {
    const first = unpackInAnotherProcess(cacheRoot);
    await somethingIn(cacheRoot);
    const all = await Promise.all([
      first,
      unpackInAnotherProcess(cacheRoot),
      unpackInAnotherProcess(cacheRoot),
    ]);

    for (const unpacked of all) expect(unpacked.version).toMatch(/^Chromium \d+\./);
    const executablePath = all[0]?.executablePath;
    expect(all.map((unpacked) => unpacked.executablePath)).toEqual([
      executablePath,
      executablePath,
      executablePath,
    ]);
    // Only the finished folder is left: no half-unpacked copies.
    expect(await readdir(cacheRoot)).toEqual([path.basename(path.dirname(executablePath ?? ''))]);

    const browser = await chromium.launch({ executablePath, args: await bundledChromiumFlags() });
    try {
      for (const title of ['First context', 'Second context']) {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.setContent(`<h1>${title}</h1>`);
        expect(await page.getByRole('heading').textContent()).toBe(title);
        await context.close();
      }
    } finally {
      await browser.close();
    }
  });

  it('launches the Chromium CHROMIUM_PATH names before any other, and names a wrong one', async () => {
    const { executablePath: unpacked } = await unpackInAnotherProcess(cacheRoot);
    vi.stubEnv('CHROMIUM_PATH', unpacked);
    expect(await resolveChromium()).toMatchObject({ executablePath: unpacked, source: 'CHROMIUM_PATH' });

    const missing = path.join(cacheRoot, 'no-chromium-here');
    vi.stubEnv('CHROMIUM_PATH', missing);
    await expect(resolveChromium()).rejects.toThrow(missing);
  });
});
