import { describe, expect, it } from 'vitest';
import { useProductInBrowser } from './product';

describe('the content security policy, in a real browser', () => {
  const running = useProductInBrowser();

  /** Opens a page, waits for `ready`, and answers what the browser refused under the policy. */
  const violationsOn = async (path: string, ready: string) => {
    const page = await running.browser.newPage();
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
    });
    await page.addInitScript({
      content: `document.addEventListener('securitypolicyviolation', (event) =>
        console.error('Content Security Policy refused ' + event.violatedDirective + ' ' + event.blockedURI))`,
    });
    await page.goto(`${running.product.baseUrl}${path}`);
    await page.getByText(ready).first().waitFor();
    await page.waitForLoadState('networkidle');
    await page.close();
    return refused;
  };

  it('lets both portals run with nothing refused', async () => {
    expect(await violationsOn('/support/', 'Support Portal')).toEqual([]);
    expect(await violationsOn('/subscriber/', 'Subscriber Portal')).toEqual([]);
    expect(await violationsOn('/subscriber/sign-in', 'Subscriber Portal')).toEqual([]);
  });

  it('lets the API docs run under their own policy with nothing refused', async () => {
    expect(await violationsOn('/docs', '/v1/subscriptions')).toEqual([]);
  });

  it('refuses to be framed by another site', async () => {
    const page = await running.browser.newPage();
    const refused: string[] = [];
    page.on('console', (message) => refused.push(message.text()));
    await page.setContent(`<iframe src="${running.product.baseUrl}/support/"></iframe>`);
    await expect.poll(() => refused.join('\n')).toMatch(/frame-ancestors/);
    await page.close();
  });
});
