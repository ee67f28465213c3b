import type { StaffContactRequest } from '@portals/domain';
import {
  calledRoutes,
  createTestSession,
  jsonResponse,
  renderPortal,
  stubApi,
  testStaffMe,
} from '@portals/web-ui/testing';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { portal } from '../../../app/portal';

const pending: StaffContactRequest = {
  id: '8e9f0a1b-2c3d-4e5f-8a7b-9c0d1e2f3a4b',
  kind: 'technical_contact',
  status: 'pending',
  requestedByUserId: '0b7e7a4e-6f1c-4d8e-9a51-1f0c2d3e4a5b',
  name: 'Nina New',
  email: 'nina@acme.example',
  phone: null,
  targetUserId: null,
  reason: 'A second on-call engineer',
  decidedAt: null,
  declineReason: null,
  createdContactId: null,
  createdAt: '2026-05-01T10:00:00Z',
  organization: {
    id: '5d1c9a7e-2b3f-4c6d-8e9f-0a1b2c3d4e5f',
    name: 'Acme',
    tier: 'premium',
    seats: { included: 2, additional: 0, inUse: 2, available: 0 },
  },
  exceedsAllowance: true,
  emailInUse: false,
};

const accountManager = testStaffMe({
  staffRoles: ['account_manager'],
  permissions: ['contact_request:read:any', 'contact_request:decide:any'],
});

const openRequests = (me = accountManager) =>
  renderPortal(portal, {
    basename: '/subscriber',
    path: '/subscriber/back-office/contact-requests',
    session: createTestSession(me),
  });

describe('the Contact requests back-office page', () => {
  it('lists pending requests with organization, tier, allowance, seats in use and whether it exceeds the allowance', async () => {
    const fetchMock = stubApi({
      'GET /v1/staff/contact-requests': () => jsonResponse({ items: [pending], nextCursor: null }),
    });

    openRequests();

    const row = (await screen.findByRole('rowheader', { name: 'Acme' })).closest('tr') as HTMLElement;
    expect(Array.from(row.children).map((cell) => cell.textContent)).toEqual([
      'Acme',
      'Additional technical contact: Nina New (nina@acme.example)“A second on-call engineer”',
      'Premium2 of 2 named support accounts in useBeyond the allowance',
      expect.any(String),
      'ApproveDecline',
    ]);
    const listCall = fetchMock.mock.calls.find(([url]) =>
      String(url).includes('/v1/staff/contact-requests?'),
    );
    expect(String(listCall?.[0])).toContain('status=pending');
  });

  it('warns that a request whose email already has an account cannot be approved', async () => {
    stubApi({
      'GET /v1/staff/contact-requests': () =>
        jsonResponse({ items: [{ ...pending, emailInUse: true }], nextCursor: null }),
    });

    openRequests();

    const row = (await screen.findByRole('rowheader', { name: 'Acme' })).closest('tr') as HTMLElement;
    expect(within(row).getByText(/already has an account elsewhere/)).toBeDefined();
  });

  it('requires a reason to decline, and sends it', async () => {
    let requests = [pending];
    const fetchMock = stubApi({
      'GET /v1/staff/contact-requests': () => jsonResponse({ items: requests, nextCursor: null }),
      [`POST /v1/staff/contact-requests/${pending.id}/decline`]: ({ body }) => {
        requests = [];
        return jsonResponse({
          ...pending,
          status: 'declined',
          declineReason: (body as { reason: string }).reason,
          decidedAt: '2026-05-02T10:00:00Z',
          organization: undefined,
          exceedsAllowance: undefined,
        });
      },
    });

    openRequests();
    fireEvent.click(await screen.findByRole('button', { name: 'Decline the request of Acme' }));
    const form = within(screen.getByRole('dialog', { name: 'Decline the request of Acme' }));
    fireEvent.click(form.getByRole('button', { name: 'Decline the request' }));

    expect(await form.findByText('Give the reason: the requester is told it.')).toBeDefined();
    expect(form.getByLabelText('Reason').getAttribute('aria-invalid')).toBe('true');
    expect(calledRoutes(fetchMock)).not.toContain(`POST /v1/staff/contact-requests/${pending.id}/decline`);

    fireEvent.change(form.getByLabelText('Reason'), {
      target: { value: 'Your tier includes two accounts.' },
    });
    fireEvent.click(form.getByRole('button', { name: 'Decline the request' }));

    expect(await screen.findByText('No contact requests are waiting for a decision.')).toBeDefined();
    expect(screen.getByRole('status').textContent).toContain('Declined: Acme is told the reason by email.');
    expect(screen.queryByRole('dialog')).toBeNull();
    const declineCall = fetchMock.mock.calls.find(([url]) => String(url).endsWith('/decline'));
    expect(JSON.parse(String(declineCall?.[1]?.body))).toEqual({
      reason: 'Your tier includes two accounts.',
    });
  });

  it('approves only after confirming, once, and says so', async () => {
    let requests = [pending];
    const fetchMock = stubApi({
      'GET /v1/staff/contact-requests': () => jsonResponse({ items: requests, nextCursor: null }),
      [`POST /v1/staff/contact-requests/${pending.id}/approve`]: () => {
        requests = [];
        return jsonResponse({
          ...pending,
          status: 'approved',
          decidedAt: '2026-05-02T10:00:00Z',
          createdContactId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
          organization: undefined,
          exceedsAllowance: undefined,
        });
      },
    });
    const approveCalls = () =>
      calledRoutes(fetchMock).filter(
        (route) => route === `POST /v1/staff/contact-requests/${pending.id}/approve`,
      );

    openRequests();
    fireEvent.click(await screen.findByRole('button', { name: 'Approve the request of Acme' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Approve the request of Acme?' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(approveCalls()).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Approve the request of Acme' }));
    const confirm = within(screen.getByRole('dialog')).getByRole('button', { name: 'Approve' });
    fireEvent.click(confirm);
    fireEvent.click(confirm);

    expect(await screen.findByText('No contact requests are waiting for a decision.')).toBeDefined();
    expect(screen.getByRole('status').textContent).toContain(
      'Approved: Nina New was added to Acme and invited by email.',
    );
    expect(approveCalls()).toHaveLength(1);
  });

  it('shows no decision buttons to staff who may read but not decide, and tells them why', async () => {
    stubApi({
      'GET /v1/staff/contact-requests': () => jsonResponse({ items: [pending], nextCursor: null }),
    });

    openRequests(testStaffMe({ staffRoles: ['support_agent'], permissions: ['contact_request:read:any'] }));

    expect(await screen.findByRole('rowheader', { name: 'Acme' })).toBeDefined();
    expect(screen.queryByRole('button', { name: /Approve|Decline/ })).toBeNull();
    expect(screen.getByRole('note').textContent).toContain('your role cannot approve or decline requests');
    await waitFor(() => expect(screen.getByText('Beyond the allowance')).toBeDefined());
  });

  it('shows the count of pending requests beside "Contact requests" in the navigation', async () => {
    stubApi({
      'GET /v1/staff/contact-requests': () => jsonResponse({ items: [pending], nextCursor: null }),
      'GET /v1/staff/contact-requests/counts': () => jsonResponse({ pending: 3 }),
    });

    openRequests();

    const navigation = within(screen.getByRole('navigation', { name: 'Main' }));
    const link = await navigation.findByRole('link', { name: /^Contact requests/ });
    await waitFor(() => expect(link.textContent).toBe('Contact requests 3 pending'));
  });

  it('tells staff whose role has nothing to do with contact requests (billing) that it is not for them', async () => {
    stubApi({});

    openRequests(testStaffMe({ staffRoles: ['billing'], permissions: ['subscription:read:any'] }));

    expect(await screen.findByText(/your role has nothing to do here/)).toBeDefined();
    expect(screen.queryByRole('link', { name: /Contact requests/ })).toBeNull();
  });
});
