import type { ChangeRequest, OwnOrganization } from '@portals/domain';
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
} from '@portals/web-ui/testing';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { portal } from '../../../app/portal';

const pia = testMe({
  name: 'Pia Partner',
  permissions: [
    'change_request:read:org',
    'partner_end_users:read:org',
    'end_user:register:org',
    'partner_level:request:org',
  ],
});
const partner: OwnOrganization = {
  id: pia.organizationId ?? '',
  name: 'Partner Integrations',
  kind: 'partner',
  partnerLevel: 'silver',
  ticketSharing: false,
};

const submitted: ChangeRequest = {
  id: '8e9f0a1b-2c3d-4e5f-8a7b-9c0d1e2f3a4b',
  kind: 'partner_level_upgrade',
  status: 'submitted',
  organization: { id: partner.id, name: partner.name },
  subscription: null,
  servers: null,
  product: null,
  tier: null,
  fromTier: null,
  endUser: null,
  emailInUse: false,
  partnerLevel: 'gold',
  fromPartnerLevel: 'silver',
  note: 'Ten end users',
  requestedBy: { id: pia.id, name: 'Pia Partner' },
  createdAt: '2026-05-01T10:00:00Z',
  reviewedBy: null,
  reviewStartedAt: null,
  decidedBy: null,
  decidedAt: null,
  declineReason: null,
  appliedAt: null,
  proratedMinor: null,
  currency: null,
  invoiceId: null,
};

const open = (me = pia) =>
  renderPortal(portal, {
    basename: '/subscriber',
    path: '/subscriber/end-users',
    session: createTestSession(me),
  });
const endUsers = () => jsonResponse({ items: [], nextCursor: null });

describe("a partner's requests from the End users page", () => {
  it('registers an end user, the email refused next to its field first', async () => {
    const fetchMock = stubApi({
      'GET /v1/organization': () => jsonResponse(partner),
      'GET /v1/partner/end-users': endUsers,
      'POST /v1/partner/end-user-registrations': () =>
        jsonResponse({ ...submitted, kind: 'end_user_registration' }, { status: 201 }),
    });
    open();
    fireEvent.click(await screen.findByRole('button', { name: 'Register an end user' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Register an end user' }));
    fireEvent.change(dialog.getByLabelText('End-user organization'), { target: { value: 'Northwind' } });
    fireEvent.change(dialog.getByLabelText("Main contact's name"), { target: { value: 'Nora North' } });
    fireEvent.change(dialog.getByLabelText("Main contact's email"), { target: { value: 'nora' } });
    fireEvent.change(dialog.getByLabelText('Tier'), { target: { value: 'advanced' } });
    fireEvent.change(dialog.getByLabelText('Servers'), { target: { value: '8' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Send the registration' }));
    await waitFor(() =>
      expect(dialog.getByLabelText("Main contact's email").getAttribute('aria-invalid')).toBe('true'),
    );
    expect(calledRoutes(fetchMock)).not.toContain('POST /v1/partner/end-user-registrations');

    fireEvent.change(dialog.getByLabelText("Main contact's email"), {
      target: { value: 'nora@northwind.example' },
    });
    fireEvent.click(dialog.getByRole('button', { name: 'Send the registration' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('Your request was sent.'));
    const [sent] = requestsTo(fetchMock, 'POST /v1/partner/end-user-registrations');
    expect(JSON.parse(String(sent?.body))).toEqual({
      organizationName: 'Northwind',
      mainContact: { name: 'Nora North', email: 'nora@northwind.example' },
      tier: 'advanced',
      servers: 8,
      currency: 'EUR',
    });
  });

  it("shows the API's refusal of an email next to the field", async () => {
    stubApi({
      'GET /v1/organization': () => jsonResponse(partner),
      'GET /v1/partner/end-users': endUsers,
      'POST /v1/partner/end-user-registrations': () =>
        problemResponse(409, 'conflict', 'A registration waiting for staff already names this email', {
          errors: [
            { path: 'body.mainContact.email', message: 'already named by a registration waiting for staff' },
          ],
        }),
    });
    open();
    fireEvent.click(await screen.findByRole('button', { name: 'Register an end user' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Register an end user' }));
    fireEvent.change(dialog.getByLabelText('End-user organization'), { target: { value: 'Northwind' } });
    fireEvent.change(dialog.getByLabelText("Main contact's name"), { target: { value: 'Nora North' } });
    fireEvent.change(dialog.getByLabelText("Main contact's email"), {
      target: { value: 'nora@northwind.example' },
    });
    fireEvent.change(dialog.getByLabelText('Tier'), { target: { value: 'basic' } });
    fireEvent.change(dialog.getByLabelText('Servers'), { target: { value: '1' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Send the registration' }));
    expect(await dialog.findByText('already named by a registration waiting for staff')).toBeDefined();
  });

  it('asks for a higher level only, with a justification', async () => {
    const fetchMock = stubApi({
      'GET /v1/organization': () => jsonResponse(partner),
      'GET /v1/partner/end-users': endUsers,
      'POST /v1/partner/level-upgrades': () => jsonResponse(submitted, { status: 201 }),
    });
    open();
    fireEvent.click(await screen.findByRole('button', { name: 'Request a partner level upgrade' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Request a partner level upgrade' }));
    const levels = Array.from(
      (dialog.getByLabelText('Level wanted') as HTMLSelectElement).options,
      (option) => option.value,
    );
    expect(levels).toEqual(['', 'gold', 'platinum']);
    fireEvent.change(dialog.getByLabelText('Level wanted'), { target: { value: 'gold' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Request the upgrade' }));
    await waitFor(() =>
      expect(dialog.getByLabelText('Justification').getAttribute('aria-invalid')).toBe('true'),
    );
    expect(calledRoutes(fetchMock)).not.toContain('POST /v1/partner/level-upgrades');
    fireEvent.change(dialog.getByLabelText('Justification'), { target: { value: 'Ten end users' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Request the upgrade' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('Your request was sent.'));
    const [sent] = requestsTo(fetchMock, 'POST /v1/partner/level-upgrades');
    expect(JSON.parse(String(sent?.body))).toEqual({ partnerLevel: 'gold', justification: 'Ten end users' });
  });

  it('offers no partner request to a customer organization', async () => {
    stubApi({
      'GET /v1/organization': () => jsonResponse({ ...partner, kind: 'customer', partnerLevel: null }),
      'GET /v1/partner/end-users': endUsers,
    });
    open();
    expect(await screen.findByRole('heading', { level: 1, name: 'End users' })).toBeDefined();
    await screen.findByText('You have not registered any end users yet.');
    expect(screen.queryByRole('button', { name: 'Register an end user' })).toBeNull();
  });
});

describe("a partner's requests in the staff inbox", () => {
  const accountManager = testStaffMe({
    staffRoles: ['account_manager'],
    permissions: ['change_request:read:any', 'change_request:decide:any', 'organization:read:any'],
  });
  const registration: ChangeRequest = {
    ...submitted,
    id: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    kind: 'end_user_registration',
    partnerLevel: null,
    fromPartnerLevel: null,
    note: null,
    tier: 'advanced',
    servers: 8,
    currency: 'EUR',
    endUser: {
      name: 'Northwind Clinics',
      mainContact: { name: 'Nora North', email: 'nora@northwind.example' },
      organizationId: null,
    },
    emailInUse: true,
  };

  it('shows what a registration asks, warns of an email in use, and says what approving does', async () => {
    stubApi({
      'GET /v1/staff/change-requests': () =>
        jsonResponse({
          items: [registration, submitted],
          nextCursor: null,
          counts: { submitted: 2, in_review: 0, approved: 0, declined: 0, applied: 0 },
        }),
    });
    renderPortal(portal, {
      basename: '/subscriber',
      path: '/subscriber/back-office/change-requests',
      session: createTestSession(accountManager),
    });
    const row = (await screen.findByText(/Northwind Clinics: Advanced, 8 servers/)).closest(
      'tr',
    ) as HTMLElement;
    expect(row.textContent).toContain('nora@northwind.example');
    expect(row.textContent).toContain("The main contact's email already has an account elsewhere");
    const upgrade = (await screen.findByText(/Silver → Gold/)).closest('tr') as HTMLElement;
    expect(upgrade.textContent).toContain('Partner organization');
    expect(upgrade.textContent).not.toContain('already has an account');
    fireEvent.click(within(row).getByRole('button', { name: 'Approve the request of Partner Integrations' }));
    const dialog = within(
      screen.getByRole('dialog', { name: 'Approve the request of Partner Integrations?' }),
    );
    expect(dialog.getByText(/Its Order Form is processed at once/)).toBeDefined();
  });
});
