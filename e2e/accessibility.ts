/// <reference lib="dom" />
// The functions given to page.evaluate run in the browser: they are typed against the DOM.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AxeResults, RunOptions } from 'axe-core';
import axe from 'axe-core';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { expect, it } from 'vitest';
import { decodeBase32, hotp, totpStep } from '../apps/api/src/lib/totp';
import { demoPassword, type ProductInBrowser, repoRoot } from './product';

/**
 * The accessibility suite's walk through a portal: every page each demo role's navigation (and the
 * pages' own links) lead to, at a desktop and a phone width, checked with axe-core for serious and
 * critical violations and, on the phone, for anything that scrolls the page sideways.
 */

export { demoPassword };

export interface Width {
  width: number;
  height: number;
}

export const desktop: Width = { width: 1280, height: 800 };
export const phone: Width = { width: 390, height: 844 };

export interface DemoRole {
  name: string;
  email: string;
  /** Administrators' rights wait for two-factor sign-in: the walk turns it on first (see `signIn`). */
  twoFactor?: boolean;
}

/** The four staff roles and one contact of each kind: main, administrative, technical, and a partner's main. */
export const demoRoles: readonly DemoRole[] = [
  { name: 'Sam Support', email: 'agent@vendor.example' },
  { name: 'Bea Billing', email: 'billing@vendor.example' },
  { name: 'Max Manager', email: 'accounts@vendor.example' },
  { name: 'Ada Admin', email: 'admin@vendor.example', twoFactor: true },
  { name: 'Maria Main', email: 'main@acme.example' },
  { name: 'Alan Admin', email: 'billing@acme.example' },
  { name: 'Tara Tech', email: 'tara@acme.example' },
  { name: 'Pia Partner', email: 'main@partner.example' },
];

// axe-core's own build, run in the page. `page.evaluate` and init scripts go through the DevTools
// protocol, which the page's Content-Security-Policy (script-src 'self') does not govern, unlike a
// <script> tag that `addScriptTag` would add.
const axeSource = axe.source;

/** The WCAG 2.1 A and AA rules, and axe's best practices. */
const axeOptions: RunOptions = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  resultTypes: ['violations'],
};

/**
 * A portal's routes, read from its route table (`portal.tsx`) and web-ui's shared pages (`paths.ts`,
 * plus not-found), as patterns below the portal's base path: `tickets/:ticketId`.
 */
export const portalRoutes = (app: string): string[] => {
  const own = readFileSync(path.join(repoRoot, 'apps', app, 'src', 'app', 'portal.tsx'), 'utf8');
  const shared = readFileSync(path.join(repoRoot, 'packages', 'web-ui', 'src', 'config', 'paths.ts'), 'utf8');
  const ownPaths = [...own.matchAll(/\bpath: '([^']+)'/g)].map((match) => match[1] ?? '');
  const sharedPaths = [...shared.matchAll(/^\s+\w+: '\/([^']*)'/gm)].map((match) => match[1] ?? '');
  return [...new Set([...sharedPaths, ...ownPaths, '*'])];
};

/** The route a path below the portal's base path belongs to: literal routes before those with parameters. */
export const routeOf = (routes: readonly string[], pathname: string): string => {
  const ordered = [...routes].sort((a, b) => Number(a.includes(':')) - Number(b.includes(':')));
  for (const route of ordered) {
    if (route === '*') continue;
    const pattern = new RegExp(`^${route.replace(/:[^/]+/g, '[^/]+')}$`);
    if (pattern.test(pathname)) return route;
  }
  return '*';
};

/** One person's browser on one portal, with what went wrong so far. */
export class PortalWalk {
  /** What failed so far: where (page, person, width), then the problem. */
  readonly findings: string[] = [];
  /** Routes shown with their content (not as forbidden or redirected), for the coverage check. */
  readonly visited = new Set<string>();
  private readonly inFlight = new Set<Request>();

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly portal: { baseUrl: string; prefix: string; routes: readonly string[] },
    readonly who: string,
  ) {
    // The live events stream stays open, so the network is never idle: every other request must settle.
    const settled = (request: Request) => this.inFlight.delete(request);
    page.on('request', (request) => {
      if (!new URL(request.url()).pathname.endsWith('/v1/events')) this.inFlight.add(request);
    });
    page.on('requestfinished', settled);
    page.on('requestfailed', settled);
  }

  static async open(
    browser: Browser,
    portal: { baseUrl: string; prefix: string; routes: readonly string[] },
    who: string,
  ): Promise<PortalWalk> {
    const context = await browser.newContext({ viewport: { width: desktop.width, height: desktop.height } });
    await context.addInitScript({ content: axeSource });
    const page = await context.newPage();
    return new PortalWalk(context, page, portal, who);
  }

  url(pathname: string): string {
    return `${this.portal.baseUrl}${this.portal.prefix}${pathname}`;
  }

  /** Signs in on the portal's sign-in page; an administrator then turns on two-factor sign-in. */
  async signIn(role: DemoRole): Promise<void> {
    const { page } = this;
    await page.goto(this.url('sign-in'));
    await page.getByLabel('Email').fill(role.email);
    await page.getByLabel('Password').fill(demoPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('banner').getByRole('link', { name: role.name }).waitFor();
    if (!role.twoFactor) return;
    // The enrolment answers a verified session, with the administrator's rights.
    await page.goto(this.url('account'));
    await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    const secret = (await page.locator('code.secret').textContent()) ?? '';
    await page
      .getByLabel('Authentication code')
      .fill(hotp(decodeBase32(secret.replace(/\s/g, '')), totpStep()));
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    await page.getByRole('list', { name: 'Recovery codes' }).waitFor();
    // The recovery codes are shown once: check that state too.
    await this.check('account (recovery codes)', [desktop, phone]);
    await page.getByRole('button', { name: 'I have stored them' }).click();
    await page
      .getByRole('complementary', { name: 'Two-factor sign-in needed' })
      .waitFor({ state: 'detached' });
  }

  /**
   * Opens a path below the portal's base path: by loading it the first time, then within the running
   * portal as its links do (the router follows the history), which spares restoring the session on each
   * page. The headings of the page left are marked, for `settle` to wait for the new page's.
   */
  private async open(pathname: string): Promise<void> {
    const url = this.url(pathname);
    if (!this.page.url().startsWith(`${this.portal.baseUrl}${this.portal.prefix}`)) {
      await this.page.goto(url);
      return;
    }
    await this.page.evaluate((target) => {
      for (const heading of document.querySelectorAll('h1')) heading.setAttribute('data-walk-left', '');
      history.pushState(null, '', target);
      dispatchEvent(new PopStateEvent('popstate'));
    }, url);
  }

  /** Waits until the page shows its data: a heading, nothing loading or busy, no request in flight. */
  async settle(): Promise<void> {
    const { page } = this;
    await page.locator('h1:not([data-walk-left])').first().waitFor();
    await expect
      .poll(
        () =>
          page.evaluate(
            () =>
              document.querySelector('[aria-busy="true"]') === null &&
              !/\bLoading\b[^…]{0,60}…/.test(document.body.textContent ?? ''),
          ),
        { timeout: 20_000, message: `${page.url()} is still loading` },
      )
      .toBe(true);
    await expect.poll(() => this.inFlight.size, { timeout: 20_000 }).toBe(0);
  }

  /**
   * Runs axe at each width (and, at the phone's, looks for sideways scrolling); records what fails.
   * The window keeps the last width.
   */
  async check(where: string, widths: readonly Width[] = [desktop, phone]): Promise<void> {
    for (const width of widths) {
      await this.page.setViewportSize({ width: width.width, height: width.height });
      // The layout at the new width, before axe reads it.
      await this.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
      const label = `${where} as ${this.who} at ${width.width} px`;
      for (const problem of await this.axeProblems()) this.findings.push(`${label}: ${problem}`);
      if (width.width <= phone.width) {
        for (const problem of await sidewaysScrolling(this.page)) this.findings.push(`${label}: ${problem}`);
      }
    }
  }

  private async axeProblems(): Promise<string[]> {
    const results = (await this.page.evaluate(
      (options) =>
        (window as unknown as { axe: { run: (context: Document, o: unknown) => unknown } }).axe.run(
          document,
          options,
        ),
      axeOptions,
    )) as AxeResults;
    return results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map(
        (violation) =>
          `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
            .map((node) => node.target.join(' '))
            .join(', ')}`,
      );
  }

  /**
   * Opens a path below the portal's base path and checks it. Answers the same-portal paths its links
   * lead to (read at the desktop width, where the navigation is open), for the walk to go on.
   */
  async visit(pathname: string, { counts = true }: { counts?: boolean } = {}): Promise<string[]> {
    await this.page.setViewportSize({ width: desktop.width, height: desktop.height });
    await this.open(pathname);
    await this.settle();
    const route = routeOf(
      this.portal.routes,
      new URL(this.page.url()).pathname.slice(this.portal.prefix.length),
    );
    const forbidden = await this.page
      .getByRole('heading', { level: 1, name: 'This page is not available to you' })
      .count();
    if (counts && forbidden === 0) this.visited.add(route);
    await this.check(`${this.portal.prefix}${pathname}${forbidden ? ' (forbidden)' : ''}`);
    return this.links();
  }

  /** The same-portal paths the page's links lead to, without the query or fragment. */
  async links(): Promise<string[]> {
    const hrefs = await this.page
      .locator('a[href]')
      .evaluateAll((anchors) => anchors.map((anchor) => (anchor as HTMLAnchorElement).href));
    const paths = hrefs
      .map((href) => new URL(href))
      .filter((url) => url.origin === this.portal.baseUrl && url.pathname.startsWith(this.portal.prefix))
      .map((url) => url.pathname.slice(this.portal.prefix.length));
    return [...new Set(paths)];
  }

  /**
   * From home, every page the navigation and the pages' links lead to, each route once (the first
   * ticket, the first organization...), as this person sees them.
   */
  async walk(): Promise<void> {
    const queue = ['', 'account', 'account/api-tokens'];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const next = queue.shift() ?? '';
      const route = routeOf(this.portal.routes, next);
      if (seen.has(route)) continue;
      seen.add(route);
      queue.push(...(await this.visit(next)));
      if (next === '') await this.checkOpenMenu();
    }
  }

  /**
   * At the phone's width, the header: one line (the brand and "Menu"), the navigation folded until the
   * button opens it; opened, checked like a page; folded again when a link is chosen.
   */
  async checkOpenMenu(): Promise<void> {
    const { page } = this;
    const where = `${this.portal.prefix} header as ${this.who} at ${phone.width} px`;
    await page.setViewportSize({ width: phone.width, height: phone.height });
    const banner = page.getByRole('banner');
    const button = banner.getByRole('button', { name: 'Menu' });
    const navigation = banner.getByRole('navigation', { name: 'Main' });
    if (!(await button.isVisible())) {
      this.findings.push(`${where}: no Menu button`);
      return;
    }
    const height = Math.round((await banner.boundingBox())?.height ?? 0);
    if (height > 80) this.findings.push(`${where}: ${height} px tall with the menu closed`);
    if (await navigation.isVisible())
      this.findings.push(`${where}: the navigation shows with the menu closed`);
    await button.click();
    await navigation.waitFor();
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    await this.check(`${this.portal.prefix} with the menu open`, [phone]);
    await navigation.getByRole('link').first().click();
    await navigation.waitFor({ state: 'hidden' });
    expect(await button.getAttribute('aria-expanded')).toBe('false');
  }

  close(): Promise<void> {
    return this.context.close();
  }
}

/**
 * What makes the page scroll sideways: the document wider than the window, and every element whose
 * right edge passes the window's, unless a scrolling, focusable region holds it (or a clipping
 * ancestor, which is checked itself). Only the outermost such element is named.
 */
export const sidewaysScrolling = (page: Page): Promise<string[]> =>
  page.evaluate(() => {
    const root = document.documentElement;
    const problems: string[] = [];
    if (root.scrollWidth > root.clientWidth) {
      problems.push(
        `the page scrolls sideways: ${root.scrollWidth} px wide in a ${root.clientWidth} px window`,
      );
    }
    const describe = (element: Element) => {
      const id = element.id ? `#${element.id}` : '';
      const classes = [...element.classList].map((name) => `.${name}`).join('');
      const text = (element.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      return `${element.tagName.toLowerCase()}${id}${classes} “${text}”`;
    };
    const held = (element: Element) => {
      for (
        let ancestor = element.parentElement;
        ancestor && ancestor !== document.body;
        ancestor = ancestor.parentElement
      ) {
        const overflowX = getComputedStyle(ancestor).overflowX;
        if (overflowX === 'hidden' || overflowX === 'clip') return true;
        if (
          (overflowX === 'auto' || overflowX === 'scroll') &&
          ancestor.tabIndex >= 0 &&
          (ancestor.hasAttribute('aria-label') || ancestor.hasAttribute('aria-labelledby'))
        ) {
          return true;
        }
      }
      return false;
    };
    const reported = new Set<Element>();
    for (const element of document.body.querySelectorAll('*')) {
      const rect = element.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0 || rect.right <= root.clientWidth + 0.5) continue;
      if (getComputedStyle(element).position === 'fixed' || held(element)) continue;
      let ancestor = element.parentElement;
      while (ancestor && !reported.has(ancestor)) ancestor = ancestor.parentElement;
      reported.add(element);
      if (ancestor) continue;
      problems.push(
        `${describe(element)} reaches ${Math.round(rect.right)} px, past the ${root.clientWidth} px window`,
      );
    }
    return problems;
  });

export interface PortalSuite {
  /** The portal's folder under apps/. */
  app: string;
  /** Its base path: `/support/`. */
  prefix: string;
  /** Paths opened signed out, below the base path (sign-in, set-password with a bogus token...). */
  signedOut: readonly string[];
  /** One page some role may not open, to check the forbidden page once. */
  forbidden: { email: string; path: string };
}

/**
 * The suite for one portal: signed out, then each demo role signed in once in a browser context of its
 * own, walking its pages; each test fails with every violation it met; the last checks that every
 * route of the portal was shown with its content to someone.
 */
export const describePortalAccessibility = (running: ProductInBrowser, suite: PortalSuite): void => {
  const routes = portalRoutes(suite.app);
  const visited = new Set<string>();
  const portal = () => ({ baseUrl: running.product.baseUrl, prefix: suite.prefix, routes });

  const run = async (who: string, steps: (walk: PortalWalk) => Promise<void>) => {
    const walk = await PortalWalk.open(running.browser, portal(), who);
    try {
      await steps(walk);
    } finally {
      for (const route of walk.visited) visited.add(route);
      await walk.close();
    }
    expect(walk.findings.length, `serious or critical problems:\n${walk.findings.join('\n')}`).toBe(0);
  };

  it('signed out: every page one can open without an account', async () => {
    await run('someone signed out', async (walk) => {
      for (const pathname of suite.signedOut) await walk.visit(pathname);
      await walk.checkOpenMenu();
    });
  });

  for (const role of demoRoles) {
    it(`signed in as ${role.name} (${role.email}): every page the navigation and the pages lead to`, async () => {
      await run(role.name, async (walk) => {
        await walk.signIn(role);
        await walk.walk();
        if (suite.forbidden.email === role.email) await walk.visit(suite.forbidden.path, { counts: false });
      });
    });
  }

  it('has shown every route of the portal to someone', () => {
    expect(routes.filter((route) => !visited.has(route))).toEqual([]);
  });
};
