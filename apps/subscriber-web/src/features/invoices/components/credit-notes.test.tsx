import type { StaffOrganization } from '@portals/domain';
import {
  createTestSession,
  jsonResponse,
  problemResponse,
  renderPortal,
  stubApi,
} from '@portals/web-ui/testing';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { portal } from '../../../app/portal';
import { acme, billingStaff, invoice, invoiceId, mainContact, page } from '../../../testing/invoices';

const open = (path: string, me = billingStaff) =>
  renderPortal(portal, {
    basename: '/subscriber',
    path: `/subscriber${path}`,
    session: createTestSession(me),
  });

const toaster = () => within(screen.getByRole('region', { name: 'Notifications' }));
const fieldErrorOf = (input: HTMLElement) => {
  const ids = (input.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id.endsWith('-error'));
  return ids.map((id) => document.getElementById(id)?.textContent).join(' ') || null;
};
const figures = () =>
  Object.fromEntries(
    Array.from(
      (screen.getByText('Subtotal', { selector: 'dt' }).closest('dl') as HTMLElement).querySelectorAll('dt'),
    ).map((term) => [term.textContent, term.nextElementSibling?.textContent]),
  );

/** €1,692.50, €692.50 paid, credited €200.00 by CN-2026-0001: €800.00 remains. */
const credited = invoice({
  paymentStatus: 'partially_paid',
  creditedMinor: 20_000,
  remainingMinor: 80_000,
  creditNotes: [
    {
      id: '7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e',
      number: 'CN-2026-0001',
      issueDate: '2026-11-25',
      amountMinor: 20_000,
      reason: 'Two servers were down for a week',
    },
  ],
  credits: [{ creditNoteNumber: 'CN-2026-0001', amountMinor: 20_000, appliedOn: '2026-11-25' }],
});

describe('credit notes on the invoice page', () => {
  it('shows a contact the credit notes and the credit, and the figures add up to the total', async () => {
    stubApi({ [`GET /v1/invoices/${invoiceId}`]: () => jsonResponse(credited) });
    open(`/invoices/${invoiceId}`, mainContact);
    const notes = within(await screen.findByRole('region', { name: 'Credit notes' }));
    const row = notes.getByRole('row', { name: /CN-2026-0001.*Two servers were down/ });
    expect(row.textContent).toContain('€200.00');
    expect(notes.getByRole('heading', { name: 'Credit set against this invoice' })).toBeDefined();
    expect(figures()).toMatchObject({
      Total: '€1,692.50',
      Paid: '€692.50',
      Credited: '€200.00',
      'Remaining due': '€800.00',
    });
    expect(screen.queryByRole('button', { name: 'Issue a credit note' })).toBeNull();
  });

  it('lets billing staff issue a credit note with the amount read exactly, and shows the new remaining', async () => {
    const sent: unknown[] = [];
    let current = invoice();
    stubApi({
      [`GET /v1/invoices/${invoiceId}`]: () => jsonResponse(current),
      [`POST /v1/staff/invoices/${invoiceId}/credit-notes`]: ({ body, init }) => {
        sent.push({ body, key: new Headers(init?.headers).get('idempotency-key') !== null });
        current = credited;
        return jsonResponse(credited, { status: 201 });
      },
      'GET /v1/invoices': () => page([]),
    });
    open(`/back-office/invoices/${invoiceId}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Issue a credit note' }));
    const dialog = within(
      await screen.findByRole('dialog', { name: /Issue a credit note against INV-2026-0001/ }),
    );
    fireEvent.change(dialog.getByLabelText(/Amount \(EUR\)/), { target: { value: '200.005' } });
    fireEvent.change(dialog.getByLabelText(/Reason/), {
      target: { value: 'Two servers were down for a week' },
    });
    fireEvent.click(dialog.getByRole('button', { name: 'Issue the credit note' }));
    await waitFor(() =>
      expect(fieldErrorOf(dialog.getByLabelText(/Amount \(EUR\)/))).toBe(
        'EUR amounts have at most 2 decimals: 200.005 has 3.',
      ),
    );
    expect(sent).toEqual([]);
    fireEvent.change(dialog.getByLabelText(/Amount \(EUR\)/), { target: { value: '200.00' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Issue the credit note' }));
    await waitFor(() =>
      expect(
        toaster().getByText(
          /Credit note CN-2026-0001 of €200.00 issued against INV-2026-0001: €800.00 remains due\./,
        ),
      ).toBeDefined(),
    );
    expect(sent).toEqual([
      { body: { amountMinor: 20_000, reason: 'Two servers were down for a week' }, key: true },
    ]);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(await screen.findByText('Two servers were down for a week')).toBeDefined();
    expect(figures()).toMatchObject({ Credited: '€200.00', 'Remaining due': '€800.00' });
  });

  it("shows the API's reason when the credit is more than remains creditable", async () => {
    const post = vi.fn(() =>
      problemResponse(
        409,
        'conflict',
        'The credit is more than remains creditable on the invoice (169250 minor units)',
      ),
    );
    stubApi({
      [`GET /v1/invoices/${invoiceId}`]: () => jsonResponse(invoice()),
      [`POST /v1/staff/invoices/${invoiceId}/credit-notes`]: post,
    });
    open(`/back-office/invoices/${invoiceId}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Issue a credit note' }));
    const dialog = within(await screen.findByRole('dialog'));
    fireEvent.change(dialog.getByLabelText(/Amount \(EUR\)/), { target: { value: '5000' } });
    fireEvent.change(dialog.getByLabelText(/Reason/), { target: { value: 'Goodwill' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Issue the credit note' }));
    const alert = await dialog.findByRole('alert');
    expect(alert.textContent).toContain('The credit is more than remains creditable on the invoice');
    expect(post).toHaveBeenCalledTimes(1);
    expect(dialog.getByRole('button', { name: 'Issue the credit note' })).toBeDefined();
  });
});

describe('account credit', () => {
  it('shows a contact their account credit beside their invoices, only when there is some', async () => {
    stubApi({
      'GET /v1/invoices': () => page([]),
      'GET /v1/account-credit': () =>
        jsonResponse({ organizationId: acme.id, items: [{ currency: 'JPY', creditMinor: 5_000 }] }),
    });
    open('/invoices', mainContact);
    const section = within(await screen.findByRole('region', { name: 'Account credit' }));
    expect(section.getByRole('row', { name: /JPY/ }).textContent).toContain('¥5,000');
  });

  it('lets billing staff record a refund of it from the organization page', async () => {
    const sent: unknown[] = [];
    let items = [{ currency: 'EUR', creditMinor: 30_000 }];
    stubApi({
      [`GET /v1/staff/organizations/${acme.id}`]: () =>
        jsonResponse({
          id: acme.id,
          name: acme.name,
          kind: 'customer',
          partnerLevel: null,
          registeringPartner: null,
          ticketSharing: false,
          createdAt: '2026-01-15T10:00:00Z',
          tier: 'premium',
          seats: { included: 2, additional: 0, inUse: 0, available: 2 },
          contacts: [],
          orderForms: [],
        } satisfies StaffOrganization),
      'GET /v1/invoices': () => page([]),
      'GET /v1/statements': () => jsonResponse({ items: [], nextCursor: null }),
      'GET /v1/account-credit': ({ url }) => {
        expect(url.searchParams.get('organizationId')).toBe(acme.id);
        return jsonResponse({ organizationId: acme.id, items });
      },
      [`POST /v1/staff/organizations/${acme.id}/refunds`]: ({ body }) => {
        sent.push(body);
        items = [];
        return jsonResponse(
          { id: '8c9d0e1f-2a3b-4c4d-9e5f-6a7b8c9d0e1f', accountCredit: { organizationId: acme.id, items } },
          { status: 201 },
        );
      },
    });
    open(`/back-office/organizations/${acme.id}`);
    const section = within(await screen.findByRole('region', { name: 'Account credit' }));
    expect((await section.findByRole('row', { name: /EUR/ })).textContent).toContain('€300.00');
    fireEvent.click(section.getByRole('button', { name: 'Record a refund' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Record a refund of account credit' }));
    fireEvent.change(dialog.getByLabelText('Amount'), { target: { value: '300.01' } });
    fireEvent.change(dialog.getByLabelText('Reference'), { target: { value: 'Refund TRF-9' } });
    fireEvent.change(dialog.getByLabelText('Refunded on'), { target: { value: '2026-11-30' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Record the refund' }));
    await waitFor(() =>
      expect(fieldErrorOf(dialog.getByLabelText('Amount'))).toBe('At most €300.00 of credit is left.'),
    );
    fireEvent.change(dialog.getByLabelText('Amount'), { target: { value: '300' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Record the refund' }));
    await waitFor(() => expect(toaster().getByText('Refund of €300.00 recorded.')).toBeDefined());
    expect(sent).toEqual([
      { currency: 'EUR', amountMinor: 30_000, reference: 'Refund TRF-9', refundedOn: '2026-11-30' },
    ]);
    expect(await section.findByText('No account credit is left.')).toBeDefined();
  });
});
