import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { startServerProcess } from '../apps/api/test/api-process';
import { freePorts, startOnFreePorts } from '../apps/api/test/free-port';
import { readAfterSetUp, type SetUpState } from '../apps/api/test/read-after-set-up';
import { resolveChromium } from './chromium';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface RunningProduct {
  baseUrl: string;
  output: () => string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts the product the way the start command does (same entry point, on the embedded
 * PostgreSQL: no DATABASE_URL), in a data folder of its own, and waits for its banner.
 * `env` adds or overrides settings, for example a short ACCESS_TOKEN_TTL_SECONDS.
 * `smtpUrl` sends the product's email to that server (otherwise no SMTP_URL is passed on).
 */
export const startProduct = (
  env: NodeJS.ProcessEnv = {},
  { smtpUrl }: { smtpUrl?: string } = {},
): Promise<RunningProduct> =>
  startOnFreePorts(async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'portals-e2e-'));
    // As root, the embedded PostgreSQL runs as the user postgres, who must be able to enter the folder.
    await chmod(dataDir, 0o755);
    const [port, databasePort] = await freePorts(2);
    const environment: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      EMBEDDED_PG_PORT: String(databasePort),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ...env,
    };
    delete environment.DATABASE_URL;
    delete environment.SMTP_URL;
    delete environment.NODE_ENV;
    if (smtpUrl) environment.SMTP_URL = smtpUrl;
    const server = await startServerProcess(environment).catch(async (error: unknown) => {
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    });
    return {
      baseUrl: `http://localhost:${port}`,
      output: server.output,
      stop: async () => {
        const code = await server.kill('SIGTERM');
        await rm(dataDir, { recursive: true, force: true });
        return code;
      },
    };
  });

/**
 * Chromium, headless: the one `resolveChromium` finds (no browser download is needed). A browser that
 * crashes while starting (it has, once in many runs: SIGSEGV before its first page, on a busy machine) is
 * started once more; a second crash fails the suite with both errors.
 */
export const launchBrowser = async (): Promise<Browser> => {
  const { executablePath, args } = await resolveChromium();
  try {
    return await chromium.launch({ executablePath, args });
  } catch (first) {
    console.warn(`Chromium did not start; starting it once more. ${String(first).slice(0, 500)}`);
    return chromium.launch({ executablePath, args }).catch((second: unknown) => {
      throw new AggregateError([first, second], 'Chromium did not start, twice');
    });
  }
};

export interface ProductInBrowser {
  readonly product: RunningProduct;
  readonly browser: Browser;
}

/**
 * The product and a browser for the enclosing describe block: started in a `beforeAll`
 * (`start` chooses the settings; it may use what earlier hooks set up, such as an SMTP server),
 * closed in an `afterAll` that expects the product to stop cleanly.
 */
export const useProductInBrowser = (
  start: () => Promise<RunningProduct> = () => startProduct(),
): ProductInBrowser => {
  const state: SetUpState<ProductInBrowser> = {};

  beforeAll(async () => {
    state.product = await start();
    state.browser = await launchBrowser();
  });
  afterAll(async () => {
    await state.browser?.close();
    if (!state.product) return;
    const code = await state.product.stop();
    // What the product printed says why it did not stop cleanly (a shutdown past its time, an error).
    expect(code, `The product exited with ${code}:\n${state.product.output().slice(-4_000)}`).toBe(0);
  });

  return readAfterSetUp('useProductInBrowser', state, ['product', 'browser']);
};

/** A toast's words, as the polite live region of the page shows them. */
export const toastSays = (page: Page, words: string | RegExp) =>
  page.getByRole('region', { name: 'Notifications' }).getByText(words).waitFor();

/** The password of every demo login. */
export const demoPassword = 'portals-demo-2026';

/**
 * People of the demo data signed in to the Subscriber Portal, each in a browser context of their own
 * (1280 × 800), closed after the enclosing describe block. `signIn` waits for the header to name them.
 */
export const useSubscriberSignIn = (running: ProductInBrowser) => {
  const pages: Page[] = [];
  afterAll(async () => {
    for (const page of pages) await page.context().close();
  });
  return async (email: string, name: string): Promise<Page> => {
    const context = await running.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    pages.push(page);
    await page.goto(`${running.product.baseUrl}/subscriber/sign-in`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(demoPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('banner').getByRole('link', { name }).waitFor();
    return page;
  };
};
