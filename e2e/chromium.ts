import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const systemChromium = '/usr/bin/chromium';

/** The flags every browser test has always used: headless, no sandbox (CI runs as root), no chatter. */
const testFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The bundled Chromium's flags are made for serverless hosts; these are left out. `--single-process`
 * closes the whole browser with the first context a test closes. The others would make the page
 * differ from a person's browser: no same-origin policy, mixed content allowed, and feature lists
 * that would replace (not add to) the ones Playwright sets.
 */
const bundledFlagsLeftOut = new Set([
  '--single-process',
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--disable-features',
  '--enable-features',
]);

const switchName = (flag: string) => flag.split('=', 1)[0] ?? flag;

export interface ChromiumToLaunch {
  executablePath: string;
  args: string[];
  /** Which of the three places it was found in. */
  source: 'CHROMIUM_PATH' | 'system' | 'bundled';
}

const require = createRequire(import.meta.url);

/** The entry file and version of the `@sparticuz/chromium` dev dependency. */
const bundledPackage = () => {
  const entry = require.resolve('@sparticuz/chromium');
  const manifest = JSON.parse(readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  return { entry, version: manifest.version };
};

const run = promisify(execFile);

/**
 * Unpacks the Chromium shipped inside `@sparticuz/chromium` once into `cacheRoot` (the temp folder) and
 * returns its path. The package itself unpacks straight to fixed names in the temp folder and takes any
 * file already there as done, so a test file starting while another is mid-way would launch half a
 * binary. Here each process unpacks into a folder of its own (the package run in a child whose temp
 * folder is that one) and renames it into place: a rename is atomic, so the versioned folder is either
 * absent or complete, and the loser of a race just uses the winner's.
 */
export const unpackBundledChromium = async (cacheRoot = os.tmpdir()): Promise<string> => {
  const { entry, version } = bundledPackage();
  const folder = path.join(cacheRoot, `portals-chromium-${version}`);
  const executable = path.join(folder, 'chromium');
  if (existsSync(executable)) return executable;
  const staging = await mkdtemp(`${folder}-unpacking-`);
  try {
    const script = `const { default: chromium } = await import(${JSON.stringify(pathToFileURL(entry).href)});
process.stdout.write(await chromium.executablePath());`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '--eval', script], {
      env: { ...process.env, TMPDIR: staging },
    });
    if (stdout !== path.join(staging, 'chromium')) {
      throw new Error(`@sparticuz/chromium unpacked to ${stdout}, not into ${staging}`);
    }
    await rename(staging, folder);
  } catch (error) {
    // Another process renamed its complete copy into place first: use that one.
    if (!existsSync(executable)) throw error;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return executable;
};

let bundled: Promise<string> | undefined;

/**
 * The browser for the tests, in this order: `CHROMIUM_PATH`, the system's Chromium, then the Chromium
 * that comes with the project's dev dependencies, so a machine with Node and nothing else can run them.
 */
export const resolveChromium = async (): Promise<ChromiumToLaunch> => {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH is ${configured}, where there is no file`);
    return { executablePath: configured, args: testFlags, source: 'CHROMIUM_PATH' };
  }
  if (existsSync(systemChromium))
    return { executablePath: systemChromium, args: testFlags, source: 'system' };
  if (process.platform !== 'linux') {
    throw new Error('No Chromium found: the bundled one runs on Linux only, so set CHROMIUM_PATH');
  }
  // Once per process; test files running at once in other processes are safe too (see above).
  bundled ??= unpackBundledChromium();
  return { executablePath: await bundled, args: await bundledChromiumFlags(), source: 'bundled' };
};

/** The bundled Chromium's flags (less those left out above), then the tests' own. */
export const bundledChromiumFlags = async (): Promise<string[]> => {
  const { default: chromium } = await import('@sparticuz/chromium');
  const bundledFlags = chromium.args.filter((flag) => !bundledFlagsLeftOut.has(switchName(flag)));
  const names = new Set(bundledFlags.map(switchName));
  return [...bundledFlags, ...testFlags.filter((flag) => !names.has(switchName(flag)))];
};
