import type { Contact } from '@portals/domain';
import {
  calledRoutes,
  createTestSession,
  jsonResponse,
  problemResponse,
  renderPortal,
  stubApi,
  testMe,
} from '@portals/web-ui/testing';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { portal } from '../../../app/portal';

const main: Contact = {
  id: '0b7e7a4e-6f1c-4d8e-9a51-1f0c2d3e4a5b',
  name: 'Maria Main',
  email: 'main@acme.example',
  phone: null,
  roles: ['main'],
  active: true,
};
const tech: Contact = {
  id: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f',
  name: 'Tom Tech',
  email: 'tom@acme.example',
  phone: '+34 600 000 000',
  roles: ['technical'],
  active: true,
};

const mainContact = testMe({
  permissions: [
    'subscription:read:org',
    'contact:read:org',
    'contact:manage:org',
    'contact_request:create:org',
  ],
});

const openContacts = () =>
  renderPortal(portal, {
    basename: '/subscriber',
    path: '/subscriber/contacts',
    session: createTestSession(mainContact),
  });

const contactRow = (name: string) => screen.getByRole('rowheader', { name }).closest('tr') as HTMLElement;

const fullSeats = { included: 2, additional: 0, inUse: 2, available: 0 };
const freeSeat = { included: 2, additional: 0, inUse: 1, available: 1 };
const seatsFull =
  'No named support account is free (2 of 2 named support accounts in use): request an additional technical contact';
const noRequests = () => jsonResponse({ items: [], nextCursor: null });
const toaster = () => screen.getByRole('region', { name: 'Notifications' });

const sentRequest = (name: string, email: string) =>
  jsonResponse(
    {
      id: '8e9f0a1b-2c3d-4e5f-8a7b-9c0d1e2f3a4b',
      kind: 'technical_contact',
      status: 'pending',
      requestedByUserId: main.id,
      name,
      email,
      phone: null,
      targetUserId: null,
      reason: null,
      decidedAt: null,
      declineReason: null,
      createdContactId: null,
      createdAt: '2026-05-01T10:00:00Z',
    },
    { status: 201 },
  );

describe('the Contacts page', () => {
  it('lists the contacts with their roles, offering "Remove" for every contact but the main contact', async () => {
    stubApi({
      'GET /v1/contacts': () => jsonResponse({ items: [main, tech], seats: fullSeats }),
      'GET /v1/contact-requests': noRequests,
    });

    openContacts();

    expect(await screen.findByRole('rowheader', { name: 'Tom Tech' })).toBeDefined();
    expect(within(contactRow('Maria Main')).getByText('Main contact')).toBeDefined();
    expect(within(contactRow('Tom Tech')).getByText('Technical contact')).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Remove Maria Main' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Remove Tom Tech' })).toBeDefined();
    expect(screen.getByRole('button', { name: 'Edit Maria Main' })).toBeDefined();
    // No form is open until asked for.
    expect(screen.queryByRole('textbox')).toBeNull();
  });

  it('offers to add a technical contact only while a seat is free, in a dialog, and confirms it in a toast', async () => {
    let contacts = [main];
    const fetchMock = stubApi({
      'GET /v1/contacts': () =>
        jsonResponse({ items: contacts, seats: contacts.length > 1 ? fullSeats : freeSeat }),
      'GET /v1/contact-requests': noRequests,
      'POST /v1/contacts': () => {
        contacts = [main, tech];
        return jsonResponse(tech, { status: 201 });
      },
    });

    openContacts();
    expect(await screen.findByText('1 of 2 named support accounts in use.')).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Request an additional technical contact' })).toBeNull();
    // No administrative contact yet: adding one is offered, replacing is not.
    expect(screen.getByRole('button', { name: 'Add the administrative contact' })).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Replace the administrative contact' })).toBeNull();

    const opener = screen.getByRole('button', { name: 'Add a technical contact' });
    opener.focus();
    fireEvent.click(opener);
    const dialog = within(screen.getByRole('dialog', { name: 'Add a technical contact' }));
    fireEvent.change(dialog.getByLabelText('Name'), { target: { value: 'Tom Tech' } });
    fireEvent.change(dialog.getByLabelText('Email'), { target: { value: 'tom@acme.example' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Add the technical contact' }));

    expect(
      await within(toaster()).findByText('Tom Tech was added as the technical contact and invited by email.'),
    ).toBeDefined();
    expect(screen.queryByRole('dialog')).toBeNull();
    const [, init] = fetchMock.mock.calls.find(([, call]) => call?.method === 'POST') ?? [];
    expect(JSON.parse(String(init?.body))).toEqual({
      name: 'Tom Tech',
      email: 'tom@acme.example',
      role: 'technical',
    });
    // Now every seat is in use: the request is offered instead of the add.
    expect(
      await screen.findByRole('button', { name: 'Request an additional technical contact' }),
    ).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Add a technical contact' })).toBeNull();
  });

  it('closes a dialog on Escape and gives the focus back to the button that opened it', async () => {
    stubApi({
      'GET /v1/contacts': () => jsonResponse({ items: [main, tech], seats: fullSeats }),
      'GET /v1/contact-requests': noRequests,
    });

    openContacts();
    const opener = await screen.findByRole('button', { name: 'Hand over the main contact role' });
    opener.focus();
    fireEvent.click(opener);
    const dialog = screen.getByRole('dialog', { name: 'Hand over the main contact role' });
    expect(dialog.contains(document.activeElement)).toBe(true);
    fireEvent(dialog, new Event('cancel', { cancelable: true }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(opener);
  });

  it('asks for confirmation before removing a contact, removes only once confirmed, and says so', async () => {
    let contacts = [main, tech];
    const fetchMock = stubApi({
      'GET /v1/contacts': () => jsonResponse({ items: contacts, seats: fullSeats }),
      'GET /v1/contact-requests': noRequests,
      [`DELETE /v1/contacts/${tech.id}`]: () => {
        contacts = [main];
        return new Response(null, { status: 204 });
      },
    });

    openContacts();
    fireEvent.click(await screen.findByRole('button', { name: 'Remove Tom Tech' }));

    expect(screen.getByText('Remove Tom Tech as a contact?')).toBeDefined();
    fireEvent.click(screen.getByRole('button', { name: 'Keep them' }));
    expect(screen.queryByText('Remove Tom Tech as a contact?')).toBeNull();
    expect(calledRoutes(fetchMock)).not.toContain(`DELETE /v1/contacts/${tech.id}`);

    fireEvent.click(screen.getByRole('button', { name: 'Remove Tom Tech' }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove the contact' }));

    await screen.findByRole('rowheader', { name: 'Maria Main' });
    await waitFor(() => expect(screen.queryByRole('rowheader', { name: 'Tom Tech' })).toBeNull());
    expect(calledRoutes(fetchMock)).toContain(`DELETE /v1/contacts/${tech.id}`);
    expect(within(toaster()).getByText('Tom Tech was removed; their access has ended.')).toBeDefined();
  });

  it('edits a contact in a dialog and confirms the change in a toast', async () => {
    stubApi({
      'GET /v1/contacts': () => jsonResponse({ items: [main, tech], seats: fullSeats }),
      'GET /v1/contact-requests': noRequests,
      [`PATCH /v1/contacts/${tech.id}`]: () => jsonResponse({ ...tech, name: 'Tom Technician' }),
    });

    openContacts();
    fireEvent.click(await screen.findByRole('button', { name: 'Edit Tom Tech' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Edit Tom Tech' }));
    fireEvent.change(dialog.getByLabelText('Name'), { target: { value: 'Tom Technician' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Save the changes' }));
    expect(
      await within(toaster()).findByText(
        'The changes to Tom Tech were saved and confirmed to them by email.',
      ),
    ).toBeDefined();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('offers replacing the administrative contact only when there is one', async () => {
    const admin: Contact = {
      ...tech,
      id: '3c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f',
      name: 'Ann Admin',
      roles: ['administrative'],
    };
    stubApi({
      'GET /v1/contacts': () => jsonResponse({ items: [main, admin], seats: freeSeat }),
      'GET /v1/contact-requests': noRequests,
    });

    openContacts();
    expect(await screen.findByRole('button', { name: 'Replace the administrative contact' })).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Add the administrative contact' })).toBeNull();
  });

  it('when the last seat went meanwhile, opens the request form filled in, and confirms the request as a success', async () => {
    const fetchMock = stubApi({
      'GET /v1/contacts': () => jsonResponse({ items: [main], seats: freeSeat }),
      'GET /v1/contact-requests': noRequests,
      'POST /v1/contacts': () =>
        problemResponse(409, 'conflict', seatsFull, {
          errors: [{ path: 'body.role', message: 'no technical seat left in your tier' }],
        }),
      'POST /v1/contact-requests': () => sentRequest('Nina New', 'nina@acme.example'),
    });

    openContacts();
    fireEvent.click(await screen.findByRole('button', { name: 'Add a technical contact' }));
    const addDialog = within(screen.getByRole('dialog', { name: 'Add a technical contact' }));
    fireEvent.change(addDialog.getByLabelText('Name'), { target: { value: 'Nina New' } });
    fireEvent.change(addDialog.getByLabelText('Email'), { target: { value: 'nina@acme.example' } });
    fireEvent.click(addDialog.getByRole('button', { name: 'Add the technical contact' }));

    expect((await addDialog.findByRole('alert')).textContent).toContain(seatsFull);
    // The button only opens the request: nothing is sent in one click.
    fireEvent.click(
      addDialog.getByRole('button', { name: 'Request an additional technical contact instead' }),
    );
    expect(calledRoutes(fetchMock)).not.toContain('POST /v1/contact-requests');

    const requestDialog = within(
      await screen.findByRole('dialog', { name: 'Request an additional technical contact' }),
    );
    expect((requestDialog.getByLabelText('Name') as HTMLInputElement).value).toBe('Nina New');
    expect((requestDialog.getByLabelText('Email') as HTMLInputElement).value).toBe('nina@acme.example');
    expect(requestDialog.queryByRole('alert')).toBeNull();
    fireEvent.change(requestDialog.getByLabelText('Reason (optional)'), { target: { value: 'Night shift' } });
    fireEvent.click(requestDialog.getByRole('button', { name: 'Send the request' }));

    const toast = await within(toaster()).findByText(/Your request for Nina New was sent/);
    expect(toast.closest('[role="alert"]')).toBeNull();
    expect(screen.queryByRole('dialog')).toBeNull();
    const requestCall = fetchMock.mock.calls.find(
      ([url, init]) => String(url).endsWith('/v1/contact-requests') && init?.method === 'POST',
    );
    expect(JSON.parse(String(requestCall?.[1]?.body))).toEqual({
      kind: 'technical_contact',
      name: 'Nina New',
      email: 'nina@acme.example',
      reason: 'Night shift',
    });
  });

  it("shows the API's field errors next to the fields", async () => {
    stubApi({
      'GET /v1/contacts': () => jsonResponse({ items: [main], seats: freeSeat }),
      'GET /v1/contact-requests': noRequests,
      'POST /v1/contacts': () =>
        problemResponse(409, 'conflict', 'Someone already has an account with this email', {
          errors: [{ path: 'body.email', message: 'already in use' }],
        }),
    });

    openContacts();
    fireEvent.click(await screen.findByRole('button', { name: 'Add the administrative contact' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Add the administrative contact' }));
    fireEvent.change(dialog.getByLabelText('Name'), { target: { value: 'Ana Admin' } });
    fireEvent.change(dialog.getByLabelText('Email'), { target: { value: 'taken@acme.example' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Add the administrative contact' }));

    expect(await dialog.findByText('already in use')).toBeDefined();
    expect(dialog.getByLabelText('Email').getAttribute('aria-invalid')).toBe('true');
    expect(dialog.queryByRole('button', { name: /Request an additional technical contact/ })).toBeNull();
  });
});
