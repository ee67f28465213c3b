import type { Invoice } from '@portals/domain';
import {
  createTestSession,
  jsonResponse,
  problemResponse,
  renderPortal,
  stubApi,
} from '@portals/web-ui/testing';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { portal } from '../../../app/portal';
import { billingStaff, draft, draftId, invoice, invoiceId, page } from '../../../testing/invoices';

const open = (path: string) =>
  renderPortal(portal, {
    basename: '/subscriber',
    path: `/subscriber${path}`,
    session: createTestSession(billingStaff),
  });

/** A catalogue product named on the draft's first line: editing keeps it. */
const productId = '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9';
const savedDraft = () =>
  draft({
    lines: draft().lines.map((line) => (line.position === 1 ? { ...line, productId } : line)),
  });

/** The draft as the API answers once its first line is 10 servers and its training day is gone. */
const editedDraft = (): Invoice =>
  draft({
    lines: [
      {
        position: 1,
        description: 'Premium support, 10 servers',
        productId,
        quantity: 10,
        unitPriceMinor: 8_000,
        taxRateBasisPoints: 2_000,
        netMinor: 80_000,
        taxMinor: 16_000,
      },
    ],
    taxLines: [{ rateBasisPoints: 2_000, taxableBaseMinor: 80_000, taxMinor: 16_000 }],
    subtotalMinor: 80_000,
    taxMinor: 16_000,
    totalMinor: 96_000,
  });

const toaster = () => within(screen.getByRole('region', { name: 'Notifications' }));
const fill = (label: string | RegExp, value: string, scope: Pick<typeof screen, 'getByLabelText'> = screen) =>
  fireEvent.change(scope.getByLabelText(label), { target: { value } });
const typedIn = (label: string, scope: Pick<typeof screen, 'getByLabelText'>) =>
  (scope.getByLabelText(label) as HTMLInputElement).value;
const fieldErrorOf = (input: HTMLElement) => {
  const ids = (input.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id.endsWith('-error'));
  return ids.map((id) => document.getElementById(id)?.textContent).join(' ') || null;
};

/** The figures of the form's live totals, by their terms. */
const liveTotals = () =>
  Object.fromEntries(
    Array.from(
      (
        within(screen.getByRole('region', { name: 'Totals' }))
          .getByText('Subtotal')
          .closest('dl') as HTMLElement
      ).querySelectorAll('dt'),
    ).map((term) => [term.textContent, term.nextElementSibling?.textContent]),
  );

/** The invoice page's lines, a row each: description, quantity, unit price, tax rate, amount. */
const pageLines = () =>
  within(screen.getByRole('region', { name: 'Lines' }))
    .getAllByRole('row')
    .slice(1)
    .map((row) => Array.from(row.children).map((cell) => cell.textContent));

const openEditForm = async () => {
  fireEvent.click(await screen.findByRole('button', { name: 'Edit the draft' }));
  return within(await screen.findByRole('dialog', { name: 'Edit the draft for Acme Cloud' }));
};
const lineOf = (form: ReturnType<typeof within>, position: number) =>
  within(form.getByRole('group', { name: `Line ${position}` }));

describe("editing a draft on staff's invoice page", () => {
  it('changes a line and removes another with the form it was written with, totals following, and shows the saved lines', async () => {
    const sent: unknown[] = [];
    let current = savedDraft();
    stubApi({
      [`GET /v1/invoices/${draftId}`]: () => jsonResponse(current),
      [`PUT /v1/staff/invoices/${draftId}`]: ({ body }) => {
        sent.push(body);
        current = editedDraft();
        return jsonResponse(current);
      },
      'GET /v1/invoices': () => page([]),
    });
    open(`/back-office/invoices/${draftId}`);
    const form = await openEditForm();

    // The draft as saved, typed back into the fields; its organization stays.
    expect(form.getByText('Organization:', { exact: false }).textContent).toBe('Organization: Acme Cloud');
    expect(typedIn('Currency', form)).toBe('EUR');
    const [first, second] = [lineOf(form, 1), lineOf(form, 2)];
    expect(
      ['Description', 'Quantity', 'Unit price (EUR)', 'Tax rate (%)'].map((label) => typedIn(label, first)),
    ).toEqual(['Premium support, 12 servers', '12', '80.00', '20']);
    expect(
      ['Description', 'Quantity', 'Unit price (EUR)', 'Tax rate (%)'].map((label) => typedIn(label, second)),
    ).toEqual(['Training day', '1', '500.00', '8.1']);
    expect(liveTotals()).toEqual({
      Subtotal: '€1,460.00',
      'Tax at 8.1 %': '€40.50 on €500.00',
      'Tax at 20 %': '€192.00 on €960.00',
      Tax: '€232.50',
      Total: '€1,692.50',
    });

    fill('Description', 'Premium support, 10 servers', first);
    fill('Quantity', '10', first);
    expect(first.getByText('Amount of line 1:', { exact: false }).textContent).toBe(
      'Amount of line 1: €800.00',
    );
    expect(liveTotals()).toEqual({
      Subtotal: '€1,300.00',
      'Tax at 8.1 %': '€40.50 on €500.00',
      'Tax at 20 %': '€160.00 on €800.00',
      Tax: '€200.50',
      Total: '€1,500.50',
    });
    fireEvent.click(form.getByRole('button', { name: 'Remove line 2' }));
    expect(form.queryByRole('group', { name: 'Line 2' })).toBeNull();
    expect(liveTotals()).toEqual({
      Subtotal: '€800.00',
      'Tax at 20 %': '€160.00 on €800.00',
      Tax: '€160.00',
      Total: '€960.00',
    });

    fireEvent.click(form.getByRole('button', { name: 'Save the changes' }));
    expect(await toaster().findByText('Draft for Acme Cloud saved: 1 line, €960.00 in all.')).toBeDefined();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(sent).toEqual([
      {
        currency: 'EUR',
        lines: [
          {
            description: 'Premium support, 10 servers',
            productId,
            quantity: 10,
            unitPriceMinor: 8_000,
            taxRateBasisPoints: 2_000,
          },
        ],
      },
    ]);
    // The page shows the draft as saved.
    expect(pageLines()).toEqual([['Premium support, 10 servers', '10', '€80.00', '20 %', '€800.00']]);
    const totals = within(screen.getByRole('region', { name: 'Tax and totals' }));
    expect((totals.getByText('Total').nextElementSibling as HTMLElement).textContent).toBe('€960.00');
    expect(screen.getByRole('button', { name: 'Edit the draft' })).toBeDefined();
  });

  it('shows the API’s refusal of a field next to it, keeping everything typed', async () => {
    stubApi({
      [`GET /v1/invoices/${draftId}`]: () => jsonResponse(draft()),
      [`PUT /v1/staff/invoices/${draftId}`]: () =>
        problemResponse(400, 'validation_failed', 'The request is not valid', {
          errors: [{ path: 'body.lines.1.description', message: 'must not contain NUL characters' }],
        }),
      'GET /v1/invoices': () => page([]),
    });
    open(`/back-office/invoices/${draftId}`);
    const form = await openEditForm();
    fill('Description', 'Training day, remote', lineOf(form, 2));
    fill('Quantity', '2', lineOf(form, 2));
    fireEvent.click(form.getByRole('button', { name: 'Save the changes' }));

    const alert = await form.findByRole('alert');
    expect(alert.textContent).toContain('The request is not valid');
    expect(alert.textContent).toContain('The changes were not saved; they are still in the form.');
    await waitFor(() =>
      expect(fieldErrorOf(lineOf(form, 2).getByLabelText('Description'))).toBe(
        'must not contain NUL characters',
      ),
    );
    expect(fieldErrorOf(lineOf(form, 1).getByLabelText('Description'))).toBeNull();
    expect(typedIn('Description', lineOf(form, 2))).toBe('Training day, remote');
    expect(liveTotals().Total).toBe('€2,233.00');
  });

  it('says so when the draft was issued meanwhile (409), keeps the form, and shows the invoice as it is once closed', async () => {
    let current: Invoice = draft();
    stubApi({
      [`GET /v1/invoices/${draftId}`]: () => jsonResponse(current),
      [`PUT /v1/staff/invoices/${draftId}`]: () => {
        current = invoice({
          id: draftId,
          payments: [],
          paidMinor: 0,
          remainingMinor: 169_250,
          paymentStatus: 'unpaid',
        });
        return problemResponse(409, 'invalid_transition', 'The invoice is issued: only a draft is edited');
      },
      'GET /v1/invoices': () => page([]),
    });
    open(`/back-office/invoices/${draftId}`);
    const form = await openEditForm();
    fill('Quantity', '10', lineOf(form, 1));
    fireEvent.click(form.getByRole('button', { name: 'Save the changes' }));

    const alert = await form.findByRole('alert');
    expect(alert.textContent).toContain('The invoice is issued: only a draft is edited');
    expect(alert.textContent).toContain(
      'It was issued or voided since this form opened, and only a draft can be edited. Nothing was saved; your changes are still in the form. Close it to see the invoice as it is now.',
    );
    // Nothing typed is lost, and the page behind is not swapped under the form.
    expect(typedIn('Quantity', lineOf(form, 1))).toBe('10');
    expect(liveTotals().Total).toBe('€1,500.50');
    expect(screen.getByRole('heading', { level: 1, name: 'Draft invoice for Acme Cloud' })).toBeDefined();

    fireEvent.click(form.getByRole('button', { name: 'Cancel' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Invoice INV-2026-0001' })).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Edit the draft' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete the draft' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Record a payment' })).toBeDefined();
  });

  it('keeps the open form and what was typed when the page reads the invoice again and finds it issued', async () => {
    let current: Invoice = draft();
    stubApi({
      [`GET /v1/invoices/${draftId}`]: () => jsonResponse(current),
      [`PUT /v1/staff/invoices/${draftId}`]: () =>
        problemResponse(409, 'invalid_transition', 'The invoice is issued: only a draft is edited'),
      'GET /v1/invoices': () => page([]),
    });
    const { queryClient } = open(`/back-office/invoices/${draftId}`);
    const form = await openEditForm();
    fill('Description', 'Training day, remote', lineOf(form, 2));
    // Issued elsewhere, and read again (as when the window regains focus).
    current = invoice({
      id: draftId,
      payments: [],
      paidMinor: 0,
      remainingMinor: 169_250,
      paymentStatus: 'unpaid',
    });
    await queryClient.invalidateQueries();
    expect(await screen.findByRole('heading', { level: 1, name: 'Invoice INV-2026-0001' })).toBeDefined();
    expect(screen.getByRole('dialog', { name: 'Edit the draft for Acme Cloud' })).toBeDefined();
    expect(typedIn('Description', lineOf(form, 2))).toBe('Training day, remote');
    fireEvent.click(form.getByRole('button', { name: 'Save the changes' }));
    expect((await form.findByRole('alert')).textContent).toContain('only a draft can be edited');
    expect(typedIn('Description', lineOf(form, 2))).toBe('Training day, remote');
  });

  it('offers no edit or delete on an issued or a void invoice', async () => {
    const voidId = '6f7a8b9c-0d1e-4f2a-b3c4-d5e6f7a8b9c0';
    stubApi({
      [`GET /v1/invoices/${invoiceId}`]: () => jsonResponse(invoice()),
      [`GET /v1/invoices/${voidId}`]: () =>
        jsonResponse(
          invoice({
            id: voidId,
            number: 'INV-2026-0002',
            documentStatus: 'void',
            paymentStatus: null,
            payments: [],
            paidMinor: 0,
            remainingMinor: 0,
            voidReason: 'Billed twice',
          }),
        ),
      'GET /v1/invoices': () => page([]),
    });
    const { router } = open(`/back-office/invoices/${invoiceId}`);
    await screen.findByRole('button', { name: 'Record a payment' });
    expect(screen.queryByRole('button', { name: 'Edit the draft' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete the draft' })).toBeNull();

    await router.navigate(`/back-office/invoices/${voidId}`);
    await screen.findByText('This invoice was voided: it asks for nothing. Reason: Billed twice');
    expect(screen.queryByRole('button', { name: 'Edit the draft' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete the draft' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Issue the invoice' })).toBeNull();
  });
});
