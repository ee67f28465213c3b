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

const seatsFull =
  'Your subscription includes 2 named support account(s), all in use: request an additional technical contact';

describe('the Contacts page', () => {
  it('lists the contacts with their roles, offering "Remove" for every contact but the main contact', async () => {
    stubApi({
      'GET /v1/contacts': () => jsonResponse({ items: [main, tech] }),
      'GET /v1/contact-requests': () => jsonResponse({ items: [], nextCursor: null }),
    });

    openContacts();

    expect(await screen.findByRole('rowheader', { name: 'Tom Tech' })).toBeDefined();
    expect(within(contactRow('Maria Main')).getByText('Main contact')).toBeDefined();
    expect(within(contactRow('Tom Tech')).getByText('Technical contact')).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Remove Maria Main' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Remove Tom Tech' })).toBeDefined();
    expect(screen.getByRole('button', { name: 'Edit Maria Main' })).toBeDefined();
  });

  it('asks for confirmation before removing a contact, and removes only once confirmed', async () => {
    let contacts = [main, tech];
    const fetchMock = stubApi({
      'GET /v1/contacts': () => jsonResponse({ items: contacts }),
      'GET /v1/contact-requests': () => jsonResponse({ items: [], nextCursor: null }),
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
  });

  it("shows the API's message when the seat allowance is used up, and offers to request an additional technical contact", async () => {
    const fetchMock = stubApi({
      'GET /v1/contacts': () => jsonResponse({ items: [main, tech] }),
      'GET /v1/contact-requests': () => jsonResponse({ items: [], nextCursor: null }),
      'POST /v1/contacts': () =>
        problemResponse(409, 'conflict', seatsFull, {
          errors: [{ path: 'body.role', message: 'no technical seat left in your tier' }],
        }),
      'POST /v1/contact-requests': () =>
        jsonResponse(
          {
            id: '8e9f0a1b-2c3d-4e5f-8a7b-9c0d1e2f3a4b',
            kind: 'technical_contact',
            status: 'pending',
            requestedByUserId: main.id,
            name: 'Nina New',
            email: 'nina@acme.example',
            phone: null,
            targetUserId: null,
            reason: null,
            decidedAt: null,
            declineReason: null,
            createdContactId: null,
            createdAt: '2026-05-01T10:00:00Z',
          },
          { status: 201 },
        ),
    });

    openContacts();
    const addForm = within(await screen.findByRole('region', { name: 'Add a contact' }));
    fireEvent.change(addForm.getByLabelText('Name'), { target: { value: 'Nina New' } });
    fireEvent.change(addForm.getByLabelText('Email'), { target: { value: 'nina@acme.example' } });
    fireEvent.click(addForm.getByRole('button', { name: 'Add the contact' }));

    const alert = await addForm.findByRole('alert');
    expect(alert.textContent).toContain(seatsFull);
    fireEvent.click(within(alert).getByRole('button', { name: 'Request an additional technical contact' }));

    expect(await addForm.findByText(/Your request for Nina New was sent/)).toBeDefined();
    const requestCall = fetchMock.mock.calls.find(
      ([url, init]) => String(url).endsWith('/v1/contact-requests') && init?.method === 'POST',
    );
    expect(JSON.parse(String(requestCall?.[1]?.body))).toEqual({
      kind: 'technical_contact',
      name: 'Nina New',
      email: 'nina@acme.example',
    });
  });

  it("shows the API's field errors next to the fields", async () => {
    stubApi({
      'GET /v1/contacts': () => jsonResponse({ items: [main] }),
      'GET /v1/contact-requests': () => jsonResponse({ items: [], nextCursor: null }),
      'POST /v1/contacts': () =>
        problemResponse(409, 'conflict', 'Someone already has an account with this email', {
          errors: [{ path: 'body.email', message: 'already in use' }],
        }),
    });

    openContacts();
    const addForm = within(await screen.findByRole('region', { name: 'Add a contact' }));
    fireEvent.change(addForm.getByLabelText('Role'), { target: { value: 'administrative' } });
    fireEvent.change(addForm.getByLabelText('Name'), { target: { value: 'Ana Admin' } });
    fireEvent.change(addForm.getByLabelText('Email'), { target: { value: 'taken@acme.example' } });
    fireEvent.click(addForm.getByRole('button', { name: 'Add the contact' }));

    expect(await addForm.findByText('already in use')).toBeDefined();
    expect(addForm.getByLabelText('Email').getAttribute('aria-invalid')).toBe('true');
    expect(addForm.queryByRole('button', { name: 'Request an additional technical contact' })).toBeNull();
  });
});
