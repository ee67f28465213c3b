import type { Alert, StaffAlert } from '@portals/domain';
import {
  calledRoutes,
  createTestSession,
  jsonResponse,
  renderPortal,
  type StubbedRequest,
  stubApi,
  testContactOverview,
  testMe,
  testStaffMe,
  testStaffOverview,
} from '@portals/web-ui/testing';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { portal } from './portal';

const contact = () =>
  testMe({ contactRoles: ['technical'], permissions: ['organization:read:org', 'ticket:read:own'] });

const alertOf = (overrides: Partial<Alert>): Alert => ({
  id: '6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  kind: 'security_advisory',
  title: 'Patch the Sunstone login now',
  body: 'Update to **6.10.2**.',
  publishedAt: '2026-12-01T08:00:00Z',
  activeUntil: null,
  active: true,
  dismissed: false,
  ...overrides,
});
const advisory = alertOf({});
const dismissed = alertOf({
  id: '7b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e',
  title: 'Already closed',
  dismissed: true,
});
const ended = alertOf({
  id: '8c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f',
  kind: 'maintenance',
  title: 'Last week’s maintenance',
  activeUntil: '2026-11-20T00:00:00Z',
  active: false,
});

const open = (path: string, me = contact()) =>
  renderPortal(portal, { basename: '/support', path: `/support${path}`, session: createTestSession(me) });

describe('the alerts banner', { timeout: 15_000 }, () => {
  it('shows an active alert on every page until the contact dismisses it', async () => {
    let closed = false;
    const dismissals: string[] = [];
    stubApi({
      'GET /v1/me/overview': () => jsonResponse(testContactOverview()),
      'GET /v1/alerts': () => jsonResponse({ items: [{ ...advisory, dismissed: closed }, dismissed, ended] }),
      [`POST /v1/alerts/${advisory.id}/dismissal`]: (request: StubbedRequest) => {
        dismissals.push(request.url.pathname);
        closed = true;
        return new Response(null, { status: 204 });
      },
    });
    open('/');

    const banner = await screen.findByRole('complementary', {
      name: 'Security advisory: Patch the Sunstone login now',
    });
    // Neither the one closed before nor the one that ended.
    expect(screen.queryByRole('complementary', { name: /Already closed/ })).toBeNull();
    expect(screen.queryByRole('complementary', { name: /maintenance/ })).toBeNull();
    expect(within(banner).getByRole('link', { name: 'Read more' }).getAttribute('href')).toBe(
      `/support/alerts#alert-${advisory.id}`,
    );

    fireEvent.click(within(banner).getByRole('button', { name: 'Dismiss “Patch the Sunstone login now”' }));
    await waitFor(() =>
      expect(screen.queryByRole('complementary', { name: /Patch the Sunstone login now/ })).toBeNull(),
    );
    expect(dismissals).toEqual([`/v1/alerts/${advisory.id}/dismissal`]);
  });

  it('lists every alert on the alerts page, its Markdown rendered safely', async () => {
    const hostile = alertOf({
      id: '9d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a',
      title: 'Hostile text',
      body: 'Run **this**. <script>window.hacked = true</script> [details](javascript:alert(1))',
      dismissed: true,
    });
    stubApi({ 'GET /v1/alerts': () => jsonResponse({ items: [hostile, ended] }) });
    open('/alerts');

    const article = (await screen.findByRole('heading', { name: 'Security advisory: Hostile text' })).closest(
      'article',
    ) as HTMLElement;
    expect(within(article).getByText('this').tagName).toBe('STRONG');
    expect(article.querySelector('script')).toBeNull();
    expect(article.querySelector('a[href^="javascript"]')).toBeNull();
    expect(
      screen.getByRole('heading', { name: 'Planned maintenance: Last week’s maintenance' }),
    ).toBeDefined();
    expect(screen.getByText(/, ended /)).toBeDefined();
  });

  it('asks nothing about alerts for staff, who publish them instead', async () => {
    const fetchMock = stubApi({ 'GET /v1/staff/overview': () => jsonResponse(testStaffOverview()) });
    open('/', testStaffMe());
    expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' })).toBeDefined();
    expect(screen.queryByRole('link', { name: 'Alerts' })).toBeNull();
    expect(calledRoutes(fetchMock)).not.toContain('GET /v1/alerts');
  });
});

describe('publishing an alert', { timeout: 15_000 }, () => {
  it('sends the alert for the audience chosen, with an Idempotency-Key, and lists it', async () => {
    const sent: StubbedRequest[] = [];
    const published: StaffAlert[] = [];
    stubApi({
      'GET /v1/products': () =>
        jsonResponse({
          items: [
            { id: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f', name: 'vOneCloud', components: [], versions: [] },
          ],
        }),
      'GET /v1/staff/alerts': () => jsonResponse({ items: published }),
      'POST /v1/staff/alerts': (request) => {
        sent.push(request);
        const body = request.body as StaffAlert;
        published.push({
          ...advisory,
          ...body,
          publishedBy: null,
          emailsQueued: 12,
        } as StaffAlert);
        return jsonResponse(published.at(-1), { status: 201 });
      },
    });
    open('/staff/alerts', testStaffMe({ staffRoles: ['support_agent'], permissions: ['alert:publish:any'] }));

    fireEvent.click(await screen.findByRole('button', { name: 'Publish and email' }));
    expect(await screen.findByText('Give the alert a title.')).toBeDefined();
    expect(sent).toEqual([]);

    fireEvent.change(screen.getByRole('combobox', { name: 'Kind' }), {
      target: { value: 'security_advisory' },
    });
    fireEvent.change(screen.getByRole('textbox', { name: 'Title' }), { target: { value: 'Patch Sunstone' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Text (Markdown)' }), {
      target: { value: 'Update to **6.10.2**.' },
    });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Premium' }));
    fireEvent.click(await screen.findByRole('checkbox', { name: 'vOneCloud' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Technical contact' }));
    fireEvent.click(screen.getByRole('button', { name: 'Publish and email' }));

    expect(await screen.findByText('Published “Patch Sunstone”: 12 emails on their way.')).toBeDefined();
    expect(sent[0]?.body).toEqual({
      kind: 'security_advisory',
      title: 'Patch Sunstone',
      body: 'Update to **6.10.2**.',
      activeUntil: null,
      audience: {
        tiers: ['premium'],
        productIds: ['3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f'],
        roles: ['technical'],
      },
    });
    expect(new Headers(sent[0]?.init?.headers).get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await screen.findByRole('rowheader', { name: 'Patch Sunstone' })).toBeDefined();
  });
});
