import type { Contact, OwnOrganization, Permission } from '@portals/domain';
import {
  calledRoutes,
  createTestSession,
  jsonResponse,
  renderPortal,
  stubApi,
  testMe,
  testSubscription,
} from '@portals/web-ui/testing';
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { portal } from '../../../app/portal';

const organization = (ticketSharing: boolean): OwnOrganization => ({
  id: '5d1c9a7e-2b3f-4c6d-8e9f-0a1b2c3d4e5f',
  name: 'Acme',
  kind: 'customer',
  partnerLevel: null,
  ticketSharing,
});

let contactSequence = 0;
const contact = (name: string, roles: Contact['roles'], active: boolean): Contact => {
  contactSequence += 1;
  return {
    id: `00000000-0000-4000-8000-${String(contactSequence).padStart(12, '0')}`,
    name,
    email: `${name.split(' ')[0]?.toLowerCase()}@acme.example`,
    phone: null,
    roles,
    active,
  };
};

const subscriptions = { items: [testSubscription()], nextCursor: null };

const openOrganization = (permissions: Permission[]) =>
  renderPortal(portal, {
    basename: '/support',
    path: '/support/organization',
    session: createTestSession(testMe({ permissions })),
  });

describe('the Your organization page of the Support Portal', () => {
  it("shows the organization's subscriptions, and lets the main contact switch ticket sharing on", async () => {
    let sharing = false;
    const fetchMock = stubApi({
      'GET /v1/subscriptions': () => jsonResponse(subscriptions),
      'GET /v1/organization': () => jsonResponse(organization(sharing)),
      'PUT /v1/organization/ticket-sharing': ({ body }) => {
        sharing = (body as { enabled: boolean }).enabled;
        return jsonResponse(organization(sharing));
      },
    });

    openOrganization(['subscription:read:org', 'organization:read:org', 'ticket_sharing:manage:org']);

    expect(await screen.findByRole('rowheader', { name: 'Premium' })).toBeDefined();
    const card = within(await screen.findByRole('region', { name: 'Ticket sharing' }));
    expect(
      card.getByText(/each technical contact sees only their own tickets and those they are copied on/),
    ).toBeDefined();
    expect(card.getByText(/all technical contacts see all of the organization's tickets/)).toBeDefined();
    const toggle = (await card.findByRole('checkbox')) as HTMLInputElement;
    expect(toggle.checked).toBe(false);
    fireEvent.click(toggle);

    expect((await screen.findByRole('status')).textContent).toContain('Saved: ticket sharing is on.');
    expect(toggle.checked).toBe(true);
    expect(calledRoutes(fetchMock)).toContain('PUT /v1/organization/ticket-sharing');
  });

  it('shows the main contact the technical contacts beside the sharing switch, with the seats in use', async () => {
    stubApi({
      'GET /v1/subscriptions': () => jsonResponse(subscriptions),
      'GET /v1/organization': () => jsonResponse(organization(false)),
      'GET /v1/contacts': () =>
        jsonResponse({
          items: [
            contact('Maria Main', ['main'], true),
            contact('Tom Technical', ['technical'], true),
            contact('Ann Admin', ['administrative'], true),
          ],
          seats: { included: 2, additional: 0, inUse: 2, available: 0 },
        }),
    });

    openOrganization([
      'subscription:read:org',
      'organization:read:org',
      'ticket:read:org',
      'contact:read:org',
      'ticket_sharing:manage:org',
    ]);

    const card = within(await screen.findByRole('region', { name: 'Technical contacts' }));
    // Premium includes two named support accounts (see testMe's tier).
    expect(await card.findByText(/2 of 2 named support accounts in use/)).toBeDefined();
    expect(card.getByRole('rowheader', { name: 'Tom Technical' })).toBeDefined();
    expect(card.getByRole('rowheader', { name: 'Maria Main' })).toBeDefined();
    expect(card.queryByRole('rowheader', { name: 'Ann Admin' })).toBeNull();
    expect(screen.getByRole('region', { name: 'Ticket sharing' })).toBeDefined();
  });

  it('does not offer ticket sharing to a technical contact', async () => {
    const fetchMock = stubApi({ 'GET /v1/subscriptions': () => jsonResponse(subscriptions) });

    openOrganization(['subscription:read:org', 'organization:read:org']);

    expect(await screen.findByRole('rowheader', { name: 'Premium' })).toBeDefined();
    expect(screen.queryByRole('region', { name: 'Ticket sharing' })).toBeNull();
    // Besides the alerts banner's request on every page.
    expect(calledRoutes(fetchMock).filter((route) => route !== 'GET /v1/alerts')).toEqual([
      'GET /v1/subscriptions',
    ]);
  });
});
