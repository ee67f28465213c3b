import type { OrganizationSummary, StaffOrganization } from '@portals/domain';
import {
  createTestSession,
  jsonResponse,
  problemResponse,
  renderPortal,
  stubApi,
  testMe,
  testStaffMe,
  testSubscription,
} from '@portals/web-ui/testing';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { portal } from '../../../app/portal';

const acmeId = '5d1c9a7e-2b3f-4c6d-8e9f-0a1b2c3d4e5f';
const partnerId = '6e2d0b8f-3c4a-4d7e-9f0a-1b2c3d4e5f60';

const acme: OrganizationSummary = {
  id: acmeId,
  name: 'Acme Rockets',
  kind: 'customer',
  tier: 'premium',
  registeringPartner: { id: partnerId, name: 'Northwind Resellers' },
  mainContact: { name: 'Wile Coyote', email: 'wile@acme.example' },
  nextRenewalDate: '2027-01-31',
};

const acmePage: StaffOrganization = {
  id: acmeId,
  name: 'Acme Rockets',
  kind: 'customer',
  partnerLevel: null,
  registeringPartner: { id: partnerId, name: 'Northwind Resellers' },
  ticketSharing: false,
  createdAt: '2026-01-15T10:00:00Z',
  tier: 'premium',
  seats: { included: 2, additional: 0, inUse: 2, available: 0 },
  contacts: [
    {
      id: '0b7e7a4e-6f1c-4d8e-9a51-1f0c2d3e4a5b',
      name: 'Wile Coyote',
      email: 'wile@acme.example',
      phone: null,
      roles: ['main'],
      active: true,
    },
    {
      id: '1c8f8b5f-7a2d-4e9f-8b62-2a1d3e4f5a6c',
      name: 'Road Runner',
      email: 'road@acme.example',
      phone: '+34 600 000 000',
      roles: ['technical'],
      active: true,
    },
  ],
  orderForms: [{ number: 'OF-2026-0042', processedAt: '2026-01-15T10:00:00Z' }],
};

const billing = testStaffMe({
  name: 'Bill Billing',
  staffRoles: ['billing'],
  permissions: ['subscription:read:any', 'organization:read:any'],
});
const admin = testStaffMe({
  permissions: [
    'subscription:read:any',
    'organization:read:any',
    'audit:read:any',
    'ticket:read:any',
    'contact_request:read:any',
  ],
});

const open = (path: string, me = billing) =>
  renderPortal(portal, {
    basename: '/subscriber',
    path: `/subscriber${path}`,
    session: createTestSession(me),
  });

const page = (items: OrganizationSummary[], nextCursor: string | null = null) =>
  jsonResponse({ items, nextCursor });

describe('the Organizations back-office directory', () => {
  it('is in the navigation of every staff member who reads organizations', async () => {
    stubApi({ 'GET /v1/staff/organizations': () => page([acme]) });
    open('/back-office/organizations');
    const navigation = within(await screen.findByRole('navigation', { name: 'Main' }));
    expect(navigation.getByRole('link', { name: 'Organizations' }).getAttribute('href')).toBe(
      '/subscriber/back-office/organizations',
    );
  });

  it('is neither in the navigation nor open to a main contact', async () => {
    stubApi({});
    open(
      '/back-office/organizations',
      testMe({ permissions: ['subscription:read:org', 'contact:read:org'] }),
    );
    const navigation = within(await screen.findByRole('navigation', { name: 'Main' }));
    expect(navigation.queryByRole('link', { name: 'Organizations' })).toBeNull();
    expect(screen.queryByRole('searchbox', { name: 'Search organizations' })).toBeNull();
  });

  it('lists organizations with kind, partner, tier, main contact and next renewal, each linking to its page', async () => {
    stubApi({ 'GET /v1/staff/organizations': () => page([acme]) });
    open('/back-office/organizations');
    const link = await screen.findByRole('link', { name: 'Acme Rockets' });
    expect(link.getAttribute('href')).toBe(`/subscriber/back-office/organizations/${acmeId}`);
    const row = link.closest('tr') as HTMLElement;
    expect(Array.from(row.children).map((cell) => cell.textContent)).toEqual([
      'Acme Rockets',
      'End user of Northwind Resellers',
      'Premium',
      'Wile Coyotewile@acme.example',
      expect.stringContaining('2027'),
    ]);
  });

  it('searches as staff type, with the filters chosen, and pages on', async () => {
    const asked: URLSearchParams[] = [];
    stubApi({
      'GET /v1/staff/organizations': ({ url }) => {
        asked.push(url.searchParams);
        if (url.searchParams.get('cursor') === 'next')
          return page([{ ...acme, id: partnerId, name: 'Zeta' }]);
        return page(url.searchParams.get('q') ? [acme] : [], url.searchParams.get('q') ? 'next' : null);
      },
    });
    open('/back-office/organizations');
    await screen.findByText('There are no organizations yet.');
    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'end_user' } });
    fireEvent.change(screen.getByLabelText('Tier'), { target: { value: 'premium' } });
    fireEvent.change(screen.getByLabelText('Subscription status'), { target: { value: 'active' } });
    fireEvent.change(screen.getByLabelText('Renewal'), { target: { value: '90' } });
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search organizations' }), {
      target: { value: '  wile@acme ' },
    });
    await screen.findByRole('link', { name: 'Acme Rockets' });
    const last = asked.at(-1);
    expect(Object.fromEntries(last ?? [])).toEqual({
      q: 'wile@acme',
      kind: 'end_user',
      tier: 'premium',
      subscriptionStatus: 'active',
      renewalWithinDays: '90',
    });
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByRole('link', { name: 'Zeta' })).toBeDefined();
    expect(screen.getByRole('link', { name: 'Acme Rockets' })).toBeDefined();
  });

  it('keeps the search and filters in the address: a page opened with them searches with them at once', async () => {
    const asked: Record<string, string>[] = [];
    stubApi({
      'GET /v1/staff/organizations': ({ url }) => {
        asked.push(Object.fromEntries(url.searchParams));
        return page([acme]);
      },
    });
    open('/back-office/organizations?q=wile&kind=end_user&tier=gold&renewalWithinDays=90');
    await screen.findByRole('link', { name: 'Acme Rockets' });
    expect((screen.getByRole('searchbox', { name: 'Search organizations' }) as HTMLInputElement).value).toBe(
      'wile',
    );
    expect((screen.getByLabelText('Kind') as HTMLSelectElement).value).toBe('end_user');
    // A value the API would refuse is left out rather than sent.
    expect((screen.getByLabelText('Tier') as HTMLSelectElement).value).toBe('');
    expect(asked).toEqual([{ q: 'wile', kind: 'end_user', renewalWithinDays: '90' }]);
  });

  it('says when nothing matches, and why a search failed', async () => {
    stubApi({
      'GET /v1/staff/organizations': ({ url }) =>
        url.searchParams.get('q')
          ? problemResponse(400, 'validation_failed', 'The request is not valid')
          : page([]),
    });
    open('/back-office/organizations');
    await screen.findByText('There are no organizations yet.');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search organizations' }), {
      target: { value: 'x' },
    });
    expect((await screen.findByRole('alert')).textContent).toContain(
      'The organizations could not be loaded.',
    );
  });
});

describe("an organization's back-office page", () => {
  it('shows who it is, its contacts with their roles and its seat use, and its subscriptions', async () => {
    stubApi({
      [`GET /v1/staff/organizations/${acmeId}`]: () => jsonResponse(acmePage),
      [`GET /v1/staff/organizations/${acmeId}/subscriptions`]: () =>
        jsonResponse({ items: [testSubscription({ organizationId: acmeId })], nextCursor: null }),
    });
    open(`/back-office/organizations/${acmeId}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Acme Rockets' })).toBeDefined();
    expect(screen.getByText('2 of 2 named support accounts in use')).toBeDefined();
    expect(screen.getByRole('link', { name: 'Northwind Resellers' }).getAttribute('href')).toBe(
      `/subscriber/back-office/organizations/${partnerId}`,
    );
    const contacts = within(screen.getByRole('region', { name: 'Contacts' }));
    const road = contacts.getByRole('rowheader', { name: 'Road Runner' }).closest('tr') as HTMLElement;
    expect(Array.from(road.children).map((cell) => cell.textContent)).toEqual([
      'Road Runner',
      'road@acme.example',
      '+34 600 000 000',
      'Technical contact',
      'Active',
    ]);
    const subscriptions = within(screen.getByRole('region', { name: 'Subscriptions' }));
    expect(await subscriptions.findByRole('rowheader')).toBeDefined();
    // Billing staff read neither tickets, contact requests nor the audit log: those sections are left out.
    expect(screen.queryByRole('region', { name: 'Tickets' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Audit trail' })).toBeNull();
  });

  it("lists its tickets, linking to the Support Portal's staff ticket page, its contact requests and audit trail", async () => {
    const ticketId = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
    const asked: string[] = [];
    stubApi({
      [`GET /v1/staff/organizations/${acmeId}`]: () => jsonResponse(acmePage),
      [`GET /v1/staff/organizations/${acmeId}/subscriptions`]: () =>
        jsonResponse({ items: [], nextCursor: null }),
      'GET /v1/tickets': ({ url }) => {
        asked.push(url.search);
        return jsonResponse({
          items: [
            {
              id: ticketId,
              number: 1042,
              organizationId: acmeId,
              organizationName: 'Acme Rockets',
              organizationTier: 'premium',
              subject: 'The launcher will not start',
              status: 'open',
              severity: 2,
              requester: { id: acmePage.contacts[1]?.id, name: 'Road Runner' },
              assignee: null,
              productId: '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d',
              createdAt: '2026-11-01T10:00:00Z',
              lastActivityAt: '2026-11-02T10:00:00Z',
              sla: {
                owed: null,
                dueAt: null,
                warnAt: null,
                pausedAt: null,
                firstResponseDueAt: null,
                firstRespondedAt: null,
                nextResponseDueAt: null,
              },
            },
          ],
          nextCursor: null,
        });
      },
      'GET /v1/staff/contact-requests': ({ url }) => {
        asked.push(url.search);
        return jsonResponse({ items: [], nextCursor: null });
      },
      'GET /v1/audit-log': ({ url }) => {
        asked.push(url.search);
        return jsonResponse({
          items: [
            {
              id: 7,
              action: 'contact.updated',
              organizationId: acmeId,
              actorUserId: acmePage.contacts[0]?.id,
              targetType: null,
              targetId: null,
              details: {},
              ipAddress: null,
              requestId: null,
              createdAt: '2026-11-03T10:00:00.000Z',
            },
          ],
          nextCursor: null,
        });
      },
    });
    open(`/back-office/organizations/${acmeId}`, admin);
    const tickets = within(await screen.findByRole('region', { name: 'Tickets' }));
    expect((await tickets.findByRole('link', { name: '#1042' })).getAttribute('href')).toBe(
      `/support/staff/tickets/${ticketId}`,
    );
    const requests = within(screen.getByRole('region', { name: 'Contact requests' }));
    expect(await requests.findByText('This organization has made no contact requests.')).toBeDefined();
    const audit = within(screen.getByRole('region', { name: 'Audit trail' }));
    expect(await audit.findByText('contact.updated')).toBeDefined();
    expect(audit.getByText('Wile Coyote')).toBeDefined();
    await waitFor(() =>
      expect(asked.every((search) => search.includes(`organizationId=${acmeId}`))).toBe(true),
    );
    expect(asked).toHaveLength(3);
  });

  it('says when the organization does not exist', async () => {
    stubApi({
      [`GET /v1/staff/organizations/${acmeId}`]: () =>
        problemResponse(404, 'not_found', 'The organization was not found'),
      [`GET /v1/staff/organizations/${acmeId}/subscriptions`]: () =>
        jsonResponse({ items: [], nextCursor: null }),
    });
    open(`/back-office/organizations/${acmeId}`);
    expect((await screen.findByRole('alert')).textContent).toContain('The organization could not be loaded.');
  });
});
