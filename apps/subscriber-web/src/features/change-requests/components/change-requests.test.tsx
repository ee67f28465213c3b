import type { ChangeRequest, StaffChangeRequestPage } from '@portals/domain';
import {
  calledRoutes,
  createTestSession,
  jsonResponse,
  problemResponse,
  renderPortal,
  requestsTo,
  stubApi,
  testMe,
  testStaffMe,
  testSubscription,
} from '@portals/web-ui/testing';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { portal } from '../../../app/portal';

const subscription = testSubscription({ servers: 12 });

const submitted: ChangeRequest = {
  id: '8e9f0a1b-2c3d-4e5f-8a7b-9c0d1e2f3a4b',
  kind: 'additional_servers',
  status: 'submitted',
  organization: { id: subscription.organizationId, name: 'Acme' },
  subscription: { id: subscription.id, tier: 'premium', servers: 12 },
  servers: 4,
  product: null,
  tier: null,
  fromTier: null,
  endUser: null,
  emailInUse: false,
  partnerLevel: null,
  fromPartnerLevel: null,
  note: 'New edge site',
  requestedBy: { id: '0b7e7a4e-6f1c-4d8e-9a51-1f0c2d3e4a5b', name: 'Maria Main' },
  createdAt: '2026-05-01T10:00:00Z',
  reviewedBy: null,
  reviewStartedAt: null,
  decidedBy: null,
  decidedAt: null,
  declineReason: null,
  appliedAt: null,
  proratedMinor: null,
  currency: 'EUR',
  invoiceId: null,
};

const counts = { submitted: 1, in_review: 0, approved: 0, declined: 2, applied: 5 };
const inbox = (items: ChangeRequest[]): StaffChangeRequestPage => ({ items, nextCursor: null, counts });

const main = testMe({
  permissions: ['subscription:read:org', 'change_request:create:org', 'change_request:read:org'],
});
const accountManager = testStaffMe({
  staffRoles: ['account_manager'],
  permissions: ['change_request:read:any', 'change_request:decide:any', 'organization:read:any'],
});

const open = (path: string, me = main) =>
  renderPortal(portal, {
    basename: '/subscriber',
    path: `/subscriber/${path}`,
    session: createTestSession(me),
  });

describe('notifying a change from the Subscriptions page', () => {
  it('refuses a count that is not a whole number next to its field, then sends the servers', async () => {
    const fetchMock = stubApi({
      'GET /v1/subscriptions': () => jsonResponse({ items: [subscription], nextCursor: null }),
      [`POST /v1/subscriptions/${subscription.id}/change-requests`]: () =>
        jsonResponse(submitted, { status: 201 }),
    });
    open('subscriptions');
    fireEvent.click(await screen.findByRole('button', { name: 'Notify additional servers' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Notify additional servers' }));
    fireEvent.change(dialog.getByLabelText('Additional servers'), { target: { value: '-4' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Notify the servers' }));
    expect(await dialog.findByText('Enter a whole number of servers')).toBeDefined();
    expect(calledRoutes(fetchMock)).not.toContain(
      `POST /v1/subscriptions/${subscription.id}/change-requests`,
    );

    fireEvent.change(dialog.getByLabelText('Additional servers'), { target: { value: '4' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Notify the servers' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('Your request was sent.'));
    expect(screen.queryByRole('dialog')).toBeNull();
    const [sent] = requestsTo(fetchMock, `POST /v1/subscriptions/${subscription.id}/change-requests`);
    expect(JSON.parse(String(sent?.body))).toEqual({ kind: 'additional_servers', servers: 4 });
  });

  it("shows the API's refusal in the form", async () => {
    stubApi({
      'GET /v1/subscriptions': () => jsonResponse({ items: [subscription], nextCursor: null }),
      [`POST /v1/subscriptions/${subscription.id}/change-requests`]: () =>
        problemResponse(409, 'conflict', 'This subscription is expired: only an active one changes'),
    });
    open('subscriptions');
    fireEvent.click(await screen.findByRole('button', { name: 'Request a tier change' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Request a tier change' }));
    fireEvent.change(dialog.getByLabelText('New tier'), { target: { value: 'basic' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Request the tier change' }));
    expect(await dialog.findByText(/only an active one changes/)).toBeDefined();
  });

  it('offers no form to a contact who may not notify changes', async () => {
    stubApi({ 'GET /v1/subscriptions': () => jsonResponse({ items: [subscription], nextCursor: null }) });
    open('subscriptions', testMe({ contactRoles: ['technical'], permissions: ['subscription:read:org'] }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Subscriptions' })).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Notify additional servers' })).toBeNull();
  });

  it("lists the organization's requests with their states and decisions, and says when there are none", async () => {
    let items: ChangeRequest[] = [];
    stubApi({ 'GET /v1/change-requests': () => jsonResponse({ items, nextCursor: null }) });
    open('change-requests');
    expect(await screen.findByText(/Your organization has notified no changes yet/)).toBeDefined();
    cleanup();
    items = [
      {
        ...submitted,
        status: 'declined',
        decidedBy: { id: accountManager.id, name: 'Max Manager' },
        decidedAt: '2026-05-02T10:00:00Z',
        declineReason: 'Renew first',
      },
    ];
    open('change-requests');
    const row = (await screen.findByRole('rowheader', { name: 'Additional servers' })).closest(
      'tr',
    ) as HTMLElement;
    expect(row.textContent).toContain('4 additional servers');
    expect(row.textContent).toContain('Declined');
    expect(row.textContent).toContain('Declined by Max Manager');
    expect(row.textContent).toContain('Renew first');
  });
});

describe('the staff inbox of change requests', () => {
  it('shows the counts per state and keeps the filters in the address', async () => {
    const fetchMock = stubApi({ 'GET /v1/staff/change-requests': () => jsonResponse(inbox([submitted])) });
    open('back-office/change-requests', accountManager);
    expect(await screen.findByRole('rowheader', { name: 'Acme' })).toBeDefined();
    expect(await screen.findByText('Applied:', { exact: false })).toBeDefined();
    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'tier_change' } });
    await waitFor(() =>
      expect(
        fetchMock.mock.calls.some(([url]) =>
          String(url).includes('/v1/staff/change-requests?kind=tier_change'),
        ),
      ).toBe(true),
    );
    fireEvent.change(screen.getByLabelText('State'), { target: { value: 'declined' } });
    await waitFor(() =>
      expect(fetchMock.mock.calls.some(([url]) => String(url).includes('status=declined'))).toBe(true),
    );
  });

  it('requires a reason to decline, and sends it', async () => {
    let items = [submitted];
    const fetchMock = stubApi({
      'GET /v1/staff/change-requests': () => jsonResponse(inbox(items)),
      [`POST /v1/staff/change-requests/${submitted.id}/decline`]: ({ body }) => {
        items = [];
        return jsonResponse({
          ...submitted,
          status: 'declined',
          declineReason: (body as { reason: string }).reason,
          decidedAt: '2026-05-02T10:00:00Z',
        });
      },
    });
    open('back-office/change-requests', accountManager);
    fireEvent.click(await screen.findByRole('button', { name: 'Decline the request of Acme' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Decline the request of Acme' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Decline the request' }));
    expect(await dialog.findByText('Give the reason: the requester is told it.')).toBeDefined();
    expect(calledRoutes(fetchMock)).not.toContain(`POST /v1/staff/change-requests/${submitted.id}/decline`);

    fireEvent.change(dialog.getByLabelText('Reason'), { target: { value: 'Renew first' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Decline the request' }));
    expect(await screen.findByText('No change requests match these filters.')).toBeDefined();
    expect(screen.getByRole('status').textContent).toContain(
      'Declined: Maria Main is told the reason by email.',
    );
    const [sent] = requestsTo(fetchMock, `POST /v1/staff/change-requests/${submitted.id}/decline`);
    expect(JSON.parse(String(sent?.body))).toEqual({ reason: 'Renew first' });
  });

  it('approves after confirming and names the draft it made', async () => {
    let items = [submitted];
    stubApi({
      'GET /v1/staff/change-requests': () => jsonResponse(inbox(items)),
      [`POST /v1/staff/change-requests/${submitted.id}/approve`]: () => {
        items = [];
        return jsonResponse({
          ...submitted,
          status: 'applied',
          decidedAt: '2026-05-02T10:00:00Z',
          appliedAt: '2026-05-02T10:00:00Z',
          proratedMinor: 96_000,
          invoiceId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
        });
      },
    });
    open('back-office/change-requests', accountManager);
    fireEvent.click(await screen.findByRole('button', { name: 'Approve the request of Acme' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Approve the request of Acme?' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Approve and apply' }));
    expect(await screen.findByText('No change requests match these filters.')).toBeDefined();
    expect(screen.getByRole('status').textContent).toContain(
      "Applied: Acme's subscription changed, and a draft invoice of €960.00 before tax awaits billing.",
    );
  });

  it('shows how many requests are open beside "Change requests" in the navigation', async () => {
    stubApi({ 'GET /v1/staff/change-requests': () => jsonResponse(inbox([submitted])) });
    open('back-office/change-requests', accountManager);
    const navigation = within(screen.getByRole('navigation', { name: 'Main' }));
    const link = await navigation.findByRole('link', { name: /^Change requests/ });
    await waitFor(() => expect(link.textContent).toBe('Change requests 1 open'));
  });

  it('tells billing staff the inbox is not theirs', async () => {
    stubApi({});
    open(
      'back-office/change-requests',
      testStaffMe({ staffRoles: ['billing'], permissions: ['invoice:read:any'] }),
    );
    expect(
      await screen.findByText(/Change requests are decided by account managers and administrators/),
    ).toBeDefined();
  });
});
