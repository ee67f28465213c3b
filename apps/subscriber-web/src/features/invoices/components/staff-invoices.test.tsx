import type { Invoice, OrganizationSummary } from '@portals/domain';
import {
  calledRoutes,
  createTestSession,
  jsonResponse,
  problemResponse,
  renderPortal,
  stubApi,
  testStaffMe,
} from '@portals/web-ui/testing';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { portal } from '../../../app/portal';
import {
  acme,
  billingStaff,
  draft,
  draftId,
  invoice,
  invoiceId,
  page,
  summary,
} from '../../../testing/invoices';

const open = (path: string, me = billingStaff) =>
  renderPortal(portal, {
    basename: '/subscriber',
    path: `/subscriber${path}`,
    session: createTestSession(me),
  });

const acmeSummary: OrganizationSummary = {
  id: acme.id,
  name: acme.name,
  kind: 'customer',
  tier: 'premium',
  registeringPartner: null,
  mainContact: null,
  nextRenewalDate: null,
};

const toaster = () => within(screen.getByRole('region', { name: 'Notifications' }));
const fill = (label: string | RegExp, value: string, scope: Pick<typeof screen, 'getByLabelText'> = screen) =>
  fireEvent.change(scope.getByLabelText(label), { target: { value } });
const fieldErrorOf = (input: HTMLElement) => {
  const ids = (input.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id.endsWith('-error'));
  return ids.map((id) => document.getElementById(id)?.textContent).join(' ') || null;
};

/** The figures of the live totals, by their terms. */
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

const chooseAcme = async () => {
  fireEvent.change(await screen.findByRole('searchbox', { name: 'Organization' }), {
    target: { value: 'acme' },
  });
  fireEvent.click(await screen.findByRole('button', { name: 'Acme Cloud (Premium)' }));
};

describe('the back-office Invoices list', () => {
  it("lists every organization's invoices with an organization column and offers a new invoice", async () => {
    const asked: Record<string, string>[] = [];
    stubApi({
      'GET /v1/invoices': ({ url }) => {
        asked.push(Object.fromEntries(url.searchParams));
        return page(
          [summary(), summary({ ...draft(), id: draftId })],
          [{ currency: 'EUR', dueMinor: 100_000, overdueMinor: 0 }],
        );
      },
      'GET /v1/staff/organizations': () => jsonResponse({ items: [acmeSummary], nextCursor: null }),
    });
    const { router } = open('/back-office/invoices');
    const navigation = within(await screen.findByRole('navigation', { name: 'Main' }));
    expect(navigation.getByRole('link', { name: 'Invoices' }).getAttribute('href')).toBe(
      '/subscriber/back-office/invoices',
    );
    expect((await screen.findByRole('link', { name: 'New invoice' })).getAttribute('href')).toBe(
      '/subscriber/back-office/invoices/new',
    );
    const issued = await screen.findByRole('link', { name: 'INV-2026-0001' });
    expect(issued.getAttribute('href')).toBe(`/subscriber/back-office/invoices/${invoiceId}`);
    expect(
      Array.from((issued.closest('tr') as HTMLElement).children).map((cell) => cell.textContent),
    ).toEqual([
      'INV-2026-0001',
      'Acme Cloud',
      'Nov 1, 2026',
      'Dec 1, 2026',
      '€1,692.50',
      '€1,000.00',
      'Partly paid',
    ]);
    const drafted = screen.getByRole('link', { name: 'Draft' }).closest('tr') as HTMLElement;
    expect(Array.from(drafted.children).map((cell) => cell.textContent)).toEqual([
      'Draft',
      'Acme Cloud',
      '—',
      '—',
      '€1,692.50',
      '—',
      'Draft',
    ]);

    // Staff also filter by document and by organization, found by name.
    fill('Document', 'draft');
    await chooseAcme();
    await waitFor(() => expect(asked.at(-1)).toEqual({ documentStatus: 'draft', organizationId: acme.id }));
    expect(Object.fromEntries(new URLSearchParams(router.state.location.search))).toEqual({
      documentStatus: 'draft',
      organizationId: acme.id,
      organization: 'Acme Cloud',
    });
  });

  it('opened with an organization in its address, shows it chosen', async () => {
    const asked: Record<string, string>[] = [];
    stubApi({
      'GET /v1/invoices': ({ url }) => {
        asked.push(Object.fromEntries(url.searchParams));
        return page([]);
      },
    });
    open(`/back-office/invoices?organizationId=${acme.id}&organization=Acme%20Cloud`);
    expect(
      await screen.findByText('No invoice matches these filters: clear them to see every invoice.'),
    ).toBeDefined();
    expect(screen.getByText('Chosen:', { exact: false }).textContent).toContain('Acme Cloud');
    expect(asked).toEqual([{ organizationId: acme.id }]);
  });
});

describe('a new invoice', () => {
  it('reads unit prices in the currency’s own digits, refusing more decimals than it has', async () => {
    const fetchMock = stubApi({
      'GET /v1/staff/organizations': () => jsonResponse({ items: [acmeSummary], nextCursor: null }),
    });
    open('/back-office/invoices/new');
    await chooseAcme();
    fill('Description', 'Premium support');
    fill('Unit price (EUR)', '12.345');
    fill('Tax rate (%)', '20');
    fireEvent.click(screen.getByRole('button', { name: 'Save as draft' }));
    const price = await screen.findByLabelText('Unit price (EUR)');
    await waitFor(() =>
      expect(fieldErrorOf(price)).toBe('EUR amounts have at most 2 decimals: 12.345 has 3.'),
    );
    expect(screen.getByText('Amount of line 1:', { exact: false }).textContent).toBe('Amount of line 1: —');

    fill('Currency', 'JPY');
    fill('Unit price (JPY)', '12.5');
    fireEvent.click(screen.getByRole('button', { name: 'Save as draft' }));
    await waitFor(() =>
      expect(fieldErrorOf(screen.getByLabelText('Unit price (JPY)'))).toBe(
        'JPY amounts are whole numbers, without decimals: 12.5 has 1.',
      ),
    );
    fill('Tax rate (%)', '8.125');
    fireEvent.click(screen.getByRole('button', { name: 'Save as draft' }));
    await waitFor(() =>
      expect(fieldErrorOf(screen.getByLabelText('Tax rate (%)'))).toBe(
        'Give the tax rate in % from 0 to 100, with at most two decimals: 20, 8.1 or 7.75.',
      ),
    );
    expect(calledRoutes(fetchMock)).not.toContain('POST /v1/staff/invoices');
  });

  it('totals the lines as they are typed, by the domain’s rules, and saves the draft in minor units and basis points', async () => {
    const sent: unknown[] = [];
    let key: string | null = null;
    stubApi({
      'GET /v1/staff/organizations': () => jsonResponse({ items: [acmeSummary], nextCursor: null }),
      'POST /v1/staff/invoices': ({ body, init }) => {
        sent.push(body);
        key = new Headers(init?.headers).get('idempotency-key');
        return jsonResponse(draft(), { status: 201 });
      },
      [`GET /v1/invoices/${draftId}`]: () => jsonResponse(draft()),
    });
    const { router } = open('/back-office/invoices/new');
    await chooseAcme();
    const line = (position: number) => within(screen.getByRole('group', { name: `Line ${position}` }));
    fill('Description', 'Premium support, 12 servers', line(1));
    fill('Quantity', '12', line(1));
    fill('Unit price (EUR)', '80', line(1));
    fill('Tax rate (%)', '20', line(1));
    expect(line(1).getByText('Amount of line 1:', { exact: false }).textContent).toBe(
      'Amount of line 1: €960.00',
    );
    expect(liveTotals()).toEqual({
      Subtotal: '€960.00',
      'Tax at 20 %': '€192.00 on €960.00',
      Tax: '€192.00',
      Total: '€1,152.00',
    });

    fireEvent.click(screen.getByRole('button', { name: 'Add a line' }));
    fill('Description', 'Training day', line(2));
    fill('Unit price (EUR)', '1,000.05', line(2));
    fill('Tax rate (%)', '8.1', line(2));
    // 8.1 % of €1,000.05 is €81.00405: rounded half-even on the line.
    expect(liveTotals()).toEqual({
      Subtotal: '€1,960.05',
      'Tax at 8.1 %': '€81.00 on €1,000.05',
      'Tax at 20 %': '€192.00 on €960.00',
      Tax: '€273.00',
      Total: '€2,233.05',
    });

    // A line being typed is left out until it is complete, and said so.
    fireEvent.click(screen.getByRole('button', { name: 'Add a line' }));
    expect(
      screen.getByText('A line is left out until its quantity, unit price and tax rate are right.'),
    ).toBeDefined();
    fireEvent.click(screen.getByRole('button', { name: 'Remove line 3' }));
    // Removing a line from the middle keeps the others' values.
    fireEvent.click(screen.getByRole('button', { name: 'Add a line' }));
    fill('Description', 'Discount', line(3));
    fill('Unit price (EUR)', '-60', line(3));
    fill('Tax rate (%)', '20', line(3));
    fireEvent.click(screen.getByRole('button', { name: 'Remove line 2' }));
    expect((line(2).getByLabelText('Description') as HTMLInputElement).value).toBe('Discount');
    expect(liveTotals().Total).toBe('€1,080.00');

    fireEvent.click(screen.getByRole('button', { name: 'Save as draft' }));
    await waitFor(() =>
      expect(router.state.location.pathname).toBe(`/subscriber/back-office/invoices/${draftId}`),
    );
    expect(sent).toEqual([
      {
        organizationId: acme.id,
        currency: 'EUR',
        lines: [
          {
            description: 'Premium support, 12 servers',
            productId: null,
            quantity: 12,
            unitPriceMinor: 8_000,
            taxRateBasisPoints: 2_000,
          },
          {
            description: 'Discount',
            productId: null,
            quantity: 1,
            unitPriceMinor: -6_000,
            taxRateBasisPoints: 2_000,
          },
        ],
      },
    ]);
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    expect(
      toaster().getByText('Draft saved for Acme Cloud: €1,692.50. Issue it when it is right.'),
    ).toBeDefined();
  });

  it('asks for the organization, and shows the API’s refusal next to its line', async () => {
    stubApi({
      'GET /v1/staff/organizations': () => jsonResponse({ items: [acmeSummary], nextCursor: null }),
      'POST /v1/staff/invoices': () =>
        problemResponse(422, 'invalid_reference', "Choose products from the vendor's catalogue", {
          errors: [{ path: 'body.lines.0.description', message: 'Not allowed here' }],
        }),
    });
    open('/back-office/invoices/new');
    await screen.findByLabelText('Description');
    fill('Description', 'Support');
    fill('Unit price (EUR)', '10');
    fill('Tax rate (%)', '0');
    fireEvent.click(await screen.findByRole('button', { name: 'Save as draft' }));
    await waitFor(() =>
      expect(fieldErrorOf(screen.getByRole('searchbox', { name: 'Organization' }))).toBe(
        'Choose the organization to invoice.',
      ),
    );
    await chooseAcme();
    fireEvent.click(screen.getByRole('button', { name: 'Save as draft' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      "Choose products from the vendor's catalogue",
    );
    await waitFor(() => expect(fieldErrorOf(screen.getByLabelText('Description'))).toBe('Not allowed here'));
  });

  it('is not open to support agents', async () => {
    stubApi({});
    open(
      '/back-office/invoices/new',
      testStaffMe({ staffRoles: ['support_agent'], permissions: ['organization:read:any'] }),
    );
    expect(
      await screen.findByText('Invoices are written by billing staff and administrators.'),
    ).toBeDefined();
  });
});

describe("staff's invoice page", () => {
  it('issues a draft with the dates chosen, refreshing its figures', async () => {
    const issued: unknown[] = [];
    let current: Invoice = draft();
    stubApi({
      [`GET /v1/invoices/${draftId}`]: () => jsonResponse(current),
      [`POST /v1/staff/invoices/${draftId}/issue`]: ({ body }) => {
        issued.push(body);
        current = invoice({
          id: draftId,
          payments: [],
          paidMinor: 0,
          remainingMinor: 169_250,
          paymentStatus: 'unpaid',
          issueDate: '2026-12-01',
          dueDate: '2026-12-31',
        });
        return jsonResponse(current);
      },
      'GET /v1/invoices': () => page([]),
    });
    open(`/back-office/invoices/${draftId}`);
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Draft invoice for Acme Cloud' }),
    ).toBeDefined();
    expect(screen.getByRole('link', { name: 'Acme Cloud' }).getAttribute('href')).toBe(
      `/subscriber/back-office/organizations/${acme.id}`,
    );
    expect(screen.queryByRole('button', { name: 'Download PDF' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Issue the invoice' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Issue the draft for Acme Cloud?' }));
    fill('Issue date (optional)', '2026-12-01', dialog);
    fill('Due date (optional)', '2026-11-30', dialog);
    fireEvent.click(dialog.getByRole('button', { name: 'Issue the invoice' }));
    expect(await dialog.findByText('The due date cannot be before the issue date.')).toBeDefined();
    fill('Due date (optional)', '2026-12-31', dialog);
    fireEvent.click(dialog.getByRole('button', { name: 'Issue the invoice' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Invoice INV-2026-0001' })).toBeDefined();
    expect(issued).toEqual([{ issueDate: '2026-12-01', dueDate: '2026-12-31' }]);
    expect(
      toaster().getByText('Invoice INV-2026-0001 issued to Acme Cloud: €1,692.50 due by Dec 31, 2026.'),
    ).toBeDefined();
    expect(screen.getByText('Remaining due: €1,692.50')).toBeDefined();
    expect(screen.getByRole('button', { name: 'Record a payment' })).toBeDefined();
  });

  it('deletes a draft and goes back to the list', async () => {
    let deleted = false;
    stubApi({
      [`GET /v1/invoices/${draftId}`]: () => jsonResponse(draft()),
      [`DELETE /v1/staff/invoices/${draftId}`]: () => {
        deleted = true;
        return new Response(null, { status: 204 });
      },
      'GET /v1/invoices': () => page([]),
    });
    const { router } = open(`/back-office/invoices/${draftId}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Delete the draft' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Delete the draft for Acme Cloud?' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Delete the draft' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/subscriber/back-office/invoices'));
    expect(deleted).toBe(true);
    expect(toaster().getByText('The draft for Acme Cloud was deleted.')).toBeDefined();
  });

  it('records a payment read in the invoice’s currency, at most what remains due', async () => {
    const recorded: unknown[] = [];
    let current = invoice();
    stubApi({
      [`GET /v1/invoices/${invoiceId}`]: () => jsonResponse(current),
      [`POST /v1/staff/invoices/${invoiceId}/payments`]: ({ body }) => {
        recorded.push(body);
        current = invoice({
          paidMinor: 94_250,
          remainingMinor: 75_000,
          payments: [
            ...invoice().payments,
            {
              id: '4a5b6c7d-8e9f-4a0b-8c1d-2e3f4a5b6c7d',
              amountMinor: 25_000,
              method: 'card',
              reference: 'CARD-991',
              receivedOn: '2026-11-25',
            },
          ],
        });
        return jsonResponse(current, { status: 201 });
      },
      'GET /v1/invoices': () => page([]),
    });
    open(`/back-office/invoices/${invoiceId}`);
    // With a payment received, it can no longer be voided.
    await screen.findByText('With payments received, it can no longer be voided.');
    expect(screen.queryByRole('button', { name: 'Void the invoice' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Record a payment' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Record a payment of INV-2026-0001' }));
    fill('Amount (EUR)', '1000.01', dialog);
    fill('Method', 'card', dialog);
    fill('Reference', 'CARD-991', dialog);
    fill('Received on', '2026-11-25', dialog);
    fireEvent.click(dialog.getByRole('button', { name: 'Record the payment' }));
    await waitFor(() =>
      expect(fieldErrorOf(dialog.getByLabelText('Amount (EUR)'))).toBe('At most €1,000.00 remains due.'),
    );
    fill('Amount (EUR)', '250.001', dialog);
    fireEvent.click(dialog.getByRole('button', { name: 'Record the payment' }));
    await waitFor(() =>
      expect(fieldErrorOf(dialog.getByLabelText('Amount (EUR)'))).toBe(
        'EUR amounts have at most 2 decimals: 250.001 has 3.',
      ),
    );
    fill('Amount (EUR)', '250', dialog);
    fireEvent.click(dialog.getByRole('button', { name: 'Record the payment' }));
    expect(
      await toaster().findByText('Payment of €250.00 recorded on INV-2026-0001: €750.00 remains due.'),
    ).toBeDefined();
    expect(recorded).toEqual([
      { amountMinor: 25_000, method: 'card', reference: 'CARD-991', receivedOn: '2026-11-25' },
    ]);
    expect(await screen.findByText('Remaining due: €750.00')).toBeDefined();
    expect(
      within(screen.getByRole('region', { name: 'Payments received' })).getByText('CARD-991'),
    ).toBeDefined();
  });

  it('voids an invoice without payments, with the reason, and shows the API’s refusal', async () => {
    const unpaid = invoice({ payments: [], paidMinor: 0, remainingMinor: 169_250, paymentStatus: 'unpaid' });
    let refuse = true;
    stubApi({
      [`GET /v1/invoices/${invoiceId}`]: () => jsonResponse(unpaid),
      [`POST /v1/staff/invoices/${invoiceId}/void`]: ({ body }) => {
        if (refuse) {
          refuse = false;
          return problemResponse(
            409,
            'invalid_transition',
            'A payment arrived meanwhile: it cannot be voided',
          );
        }
        return jsonResponse({
          ...unpaid,
          documentStatus: 'void',
          paymentStatus: null,
          remainingMinor: 0,
          voidReason: (body as { reason: string }).reason,
        });
      },
      'GET /v1/invoices': () => page([]),
    });
    open(`/back-office/invoices/${invoiceId}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Void the invoice' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Void invoice INV-2026-0001' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Void the invoice' }));
    await waitFor(() => expect(fieldErrorOf(dialog.getByLabelText('Reason'))).toBe('Say why it is voided.'));
    fill('Reason', 'Billed twice', dialog);
    fireEvent.click(dialog.getByRole('button', { name: 'Void the invoice' }));
    expect((await dialog.findByRole('alert')).textContent).toContain(
      'A payment arrived meanwhile: it cannot be voided',
    );
    fireEvent.click(dialog.getByRole('button', { name: 'Void the invoice' }));
    expect(
      await toaster().findByText('Invoice INV-2026-0001 was voided: it asks for nothing now.'),
    ).toBeDefined();
    expect(
      await screen.findByText('This invoice was voided: it asks for nothing. Reason: Billed twice'),
    ).toBeDefined();
  });
});

describe("the staff organization page's invoices", () => {
  it('lists its invoices, linking to their pages, for staff who read invoices', async () => {
    const asked: string[] = [];
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
          seats: { included: 2, additional: 0, inUse: 1, available: 1 },
          contacts: [],
          orderForms: [],
        }),
      [`GET /v1/staff/organizations/${acme.id}/subscriptions`]: () =>
        jsonResponse({ items: [], nextCursor: null }),
      'GET /v1/invoices': ({ url }) => {
        asked.push(url.search);
        return page([summary()], [{ currency: 'EUR', dueMinor: 100_000, overdueMinor: 0 }]);
      },
    });
    open(`/back-office/organizations/${acme.id}`);
    const invoices = within(await screen.findByRole('region', { name: 'Invoices' }));
    expect((await invoices.findByRole('link', { name: 'INV-2026-0001' })).getAttribute('href')).toBe(
      `/subscriber/back-office/invoices/${invoiceId}`,
    );
    expect(invoices.getByRole('region', { name: 'What is due' })).toBeDefined();
    expect(asked).toEqual([`?organizationId=${acme.id}`]);
  });
});
