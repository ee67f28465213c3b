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
import { describe, expect, it, vi } from 'vitest';
import { portal } from '../../../app/portal';
import {
  acme,
  invoice,
  invoiceId,
  mainContact,
  page,
  summary,
  technicalContact,
  yenInvoiceId,
} from '../../../testing/invoices';

const open = (path: string, me = mainContact) =>
  renderPortal(portal, {
    basename: '/subscriber',
    path: `/subscriber${path}`,
    session: createTestSession(me),
  });

const cellsOf = (row: HTMLElement) => Array.from(row.children).map((cell) => cell.textContent);

const yenInvoice = summary({
  id: yenInvoiceId,
  number: 'INV-2026-0002',
  currency: 'JPY',
  paymentStatus: 'unpaid',
  overdue: true,
  issueDate: '2026-10-01',
  dueDate: '2026-10-31',
  totalMinor: 12_345,
  paidMinor: 0,
  remainingMinor: 12_345,
});

describe("a contact's Invoices page", () => {
  it('is in the navigation of a contact who reads invoices', async () => {
    stubApi({ 'GET /v1/invoices': () => page([]) });
    open('/invoices');
    const navigation = within(await screen.findByRole('navigation', { name: 'Main' }));
    expect(navigation.getByRole('link', { name: 'Invoices' }).getAttribute('href')).toBe(
      '/subscriber/invoices',
    );
  });

  it('is neither listed nor open to a technical contact', async () => {
    const fetchMock = stubApi({});
    open('/invoices', technicalContact);
    expect(
      await screen.findByRole('heading', { level: 1, name: 'This page is not available to you' }),
    ).toBeDefined();
    expect(screen.getByText(/main and administrative contacts/)).toBeDefined();
    const navigation = within(screen.getByRole('navigation', { name: 'Main' }));
    expect(navigation.queryByRole('link', { name: 'Invoices' })).toBeNull();
    expect(calledRoutes(fetchMock)).not.toContain('GET /v1/invoices');
  });

  it('shows what is due and overdue per currency above the invoices, overdue marked in words', async () => {
    stubApi({
      'GET /v1/invoices': () =>
        page(
          [summary(), yenInvoice],
          [
            { currency: 'EUR', dueMinor: 100_000, overdueMinor: 0 },
            { currency: 'JPY', dueMinor: 12_345, overdueMinor: 12_345 },
          ],
        ),
    });
    open('/invoices');
    const totals = within(await screen.findByRole('region', { name: 'What is due' }));
    expect(cellsOf(totals.getByRole('rowheader', { name: 'EUR' }).closest('tr') as HTMLElement)).toEqual([
      'EUR',
      '€1,000.00',
      '€0.00',
    ]);
    expect(cellsOf(totals.getByRole('rowheader', { name: 'JPY' }).closest('tr') as HTMLElement)).toEqual([
      'JPY',
      '¥12,345',
      '¥12,345',
    ]);

    const euro = screen.getByRole('link', { name: 'INV-2026-0001' });
    expect(euro.getAttribute('href')).toBe(`/subscriber/invoices/${invoiceId}`);
    expect(cellsOf(euro.closest('tr') as HTMLElement)).toEqual([
      'INV-2026-0001',
      'Nov 1, 2026',
      'Dec 1, 2026',
      '€1,692.50',
      '€1,000.00',
      'Partly paid',
    ]);
    const yen = screen.getByRole('link', { name: 'INV-2026-0002' }).closest('tr') as HTMLElement;
    expect(cellsOf(yen)).toEqual([
      'INV-2026-0002',
      'Oct 1, 2026',
      'Oct 31, 2026',
      '¥12,345',
      '¥12,345',
      'UnpaidOverdue',
    ]);
    expect(within(yen).getByText('Overdue').className).toContain('invoice-overdue');
    // A contact's list names no organization: they are all theirs.
    expect(screen.queryByRole('columnheader', { name: 'Organization' })).toBeNull();
  });

  it('keeps the filters in the address and asks the API with them', async () => {
    const asked: Record<string, string>[] = [];
    stubApi({
      'GET /v1/invoices': ({ url }) => {
        asked.push(Object.fromEntries(url.searchParams));
        return page([summary()], [{ currency: 'EUR', dueMinor: 100_000, overdueMinor: 0 }]);
      },
    });
    const { router } = open('/invoices');
    await screen.findByRole('link', { name: 'INV-2026-0001' });
    fireEvent.change(screen.getByLabelText('Payment status'), { target: { value: 'unpaid' } });
    fireEvent.click(screen.getByLabelText('Overdue only'));
    fireEvent.change(screen.getByLabelText('Currency'), { target: { value: 'EUR' } });
    fireEvent.change(screen.getByLabelText('Issued from'), { target: { value: '2026-01-01' } });
    fireEvent.change(screen.getByLabelText('Issued to'), { target: { value: '2026-06-30' } });
    await waitFor(() =>
      expect(asked.at(-1)).toEqual({
        paymentStatus: 'unpaid',
        overdue: 'true',
        currency: 'EUR',
        from: '2026-01-01',
        to: '2026-06-30',
      }),
    );
    expect(Object.fromEntries(new URLSearchParams(router.state.location.search))).toEqual({
      paymentStatus: 'unpaid',
      overdue: 'true',
      currency: 'EUR',
      from: '2026-01-01',
      to: '2026-06-30',
    });
    expect(await screen.findByText(/matching these filters/)).toBeDefined();

    fireEvent.click(screen.getByRole('button', { name: 'Clear the filters' }));
    await waitFor(() => expect(asked.at(-1)).toEqual({}));
    expect(router.state.location.search).toBe('');
  });

  it('opened with filters in its address, asks with them at once, leaving out what a contact cannot ask', async () => {
    const asked: Record<string, string>[] = [];
    stubApi({
      'GET /v1/invoices': ({ url }) => {
        asked.push(Object.fromEntries(url.searchParams));
        return page([yenInvoice]);
      },
    });
    open(
      `/invoices?paymentStatus=unpaid&overdue=true&currency=JPY&from=2026-01-01&to=nonsense&documentStatus=draft&organizationId=${acme.id}`,
    );
    await screen.findByRole('link', { name: 'INV-2026-0002' });
    expect((screen.getByLabelText('Payment status') as HTMLSelectElement).value).toBe('unpaid');
    expect((screen.getByLabelText('Overdue only') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Currency') as HTMLSelectElement).value).toBe('JPY');
    expect((screen.getByLabelText('Issued from') as HTMLInputElement).value).toBe('2026-01-01');
    expect((screen.getByLabelText('Issued to') as HTMLInputElement).value).toBe('');
    expect(asked).toEqual([
      { paymentStatus: 'unpaid', overdue: 'true', currency: 'JPY', from: '2026-01-01' },
    ]);
  });

  it('says what an empty list means, with and without filters', async () => {
    stubApi({ 'GET /v1/invoices': () => page([]) });
    open('/invoices');
    expect(
      await screen.findByText(
        'Your organization has no invoices yet: they show here as soon as they are issued.',
      ),
    ).toBeDefined();
    expect(screen.queryByRole('region', { name: 'What is due' })).toBeNull();
    fireEvent.click(screen.getByLabelText('Overdue only'));
    expect(
      await screen.findByText('No invoice matches these filters: clear them to see every invoice.'),
    ).toBeDefined();
  });

  it('loads more invoices page by page, the totals staying those of every page', async () => {
    stubApi({
      'GET /v1/invoices': ({ url }) =>
        url.searchParams.get('cursor') === 'next'
          ? page([yenInvoice], [{ currency: 'EUR', dueMinor: 100_000, overdueMinor: 0 }])
          : page([summary()], [{ currency: 'EUR', dueMinor: 100_000, overdueMinor: 0 }], 'next'),
    });
    open('/invoices');
    await screen.findByRole('link', { name: 'INV-2026-0001' });
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByRole('link', { name: 'INV-2026-0002' })).toBeDefined();
    expect(screen.getByRole('link', { name: 'INV-2026-0001' })).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('tells why the invoices could not be loaded', async () => {
    stubApi({
      'GET /v1/invoices': () => problemResponse(503, 'service_unavailable', 'Try again in a minute'),
    });
    open('/invoices');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The invoices could not be loaded.');
    expect(alert.textContent).toContain('Try again in a minute');
  });
});

describe("a contact's invoice page", () => {
  it('shows the invoice: bill-to, dates, lines, tax per rate, totals, payments and what remains due', async () => {
    stubApi({ [`GET /v1/invoices/${invoiceId}`]: () => jsonResponse(invoice()) });
    open(`/invoices/${invoiceId}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Invoice INV-2026-0001' })).toBeDefined();
    const breadcrumb = within(screen.getByRole('navigation', { name: 'Breadcrumb' }));
    expect(breadcrumb.getByRole('link', { name: 'Invoices' }).getAttribute('href')).toBe(
      '/subscriber/invoices',
    );
    const facts = screen.getByText('Bill to').closest('dl') as HTMLElement;
    expect(within(facts).getByText('Acme Cloud Ltd')).toBeDefined();
    expect(within(facts).getByText('Partly paid')).toBeDefined();
    expect(within(facts).getByText('Nov 1, 2026')).toBeDefined();
    expect(within(facts).getByText('Dec 1, 2026')).toBeDefined();

    const lines = within(screen.getByRole('region', { name: 'Lines' }));
    expect(
      cellsOf(lines.getByRole('rowheader', { name: 'Training day' }).closest('tr') as HTMLElement),
    ).toEqual(['Training day', '1', '€500.00', '8.1 %', '€500.00']);
    expect(
      cellsOf(
        lines.getByRole('rowheader', { name: 'Premium support, 12 servers' }).closest('tr') as HTMLElement,
      ),
    ).toEqual(['Premium support, 12 servers', '12', '€80.00', '20 %', '€960.00']);

    const totals = within(screen.getByRole('region', { name: 'Tax and totals' }));
    expect(cellsOf(totals.getByRole('rowheader', { name: '8.1 %' }).closest('tr') as HTMLElement)).toEqual([
      '8.1 %',
      '€500.00',
      '€40.50',
    ]);
    expect(cellsOf(totals.getByRole('rowheader', { name: '20 %' }).closest('tr') as HTMLElement)).toEqual([
      '20 %',
      '€960.00',
      '€192.00',
    ]);
    const figures = Object.fromEntries(
      Array.from((totals.getByText('Subtotal').closest('dl') as HTMLElement).querySelectorAll('dt')).map(
        (term) => [term.textContent, term.nextElementSibling?.textContent],
      ),
    );
    expect(figures).toEqual({
      Subtotal: '€1,460.00',
      Tax: '€232.50',
      Total: '€1,692.50',
      Paid: '€692.50',
      Credited: '€0.00',
      'Remaining due': '€1,000.00',
    });

    const payments = within(screen.getByRole('region', { name: 'Payments received' }));
    expect(cellsOf(payments.getByRole('rowheader').closest('tr') as HTMLElement)).toEqual([
      'Nov 20, 2026',
      'Bank transfer',
      'ACME-TRF-7781',
      '€692.50',
    ]);
    expect(screen.getByText('Remaining due: €1,000.00').closest('p')?.textContent).toBe(
      'Remaining due: €1,000.00, by Dec 1, 2026 (€692.50 received so far).',
    );
    // A contact has nothing to do with it but read it.
    expect(screen.queryByRole('button', { name: 'Record a payment' })).toBeNull();
  });

  it('says so when it is overdue, and when it is void', async () => {
    stubApi({
      [`GET /v1/invoices/${invoiceId}`]: () => jsonResponse(invoice({ overdue: true })),
      [`GET /v1/invoices/${yenInvoiceId}`]: () =>
        jsonResponse(
          invoice({
            id: yenInvoiceId,
            documentStatus: 'void',
            paymentStatus: null,
            payments: [],
            paidMinor: 0,
            remainingMinor: 0,
            voidReason: 'Billed twice',
          }),
        ),
    });
    const { router } = open(`/invoices/${invoiceId}`);
    const remaining = await screen.findByText('Remaining due: €1,000.00');
    expect(remaining.closest('p')?.textContent).toContain(', overdue since Dec 1, 2026');
    expect(remaining.closest('p')?.className).toContain('alert');
    await router.navigate(`/invoices/${yenInvoiceId}`);
    expect(
      await screen.findByText('This invoice was voided: it asks for nothing. Reason: Billed twice'),
    ).toBeDefined();
  });

  it('downloads the PDF under its number', async () => {
    const bytes = '%PDF-1.7 invoice';
    stubApi({
      [`GET /v1/invoices/${invoiceId}`]: () => jsonResponse(invoice()),
      [`GET /v1/invoices/${invoiceId}/pdf`]: () =>
        new Response(bytes, { headers: { 'content-type': 'application/pdf' } }),
    });
    const saved: Blob[] = [];
    vi.stubGlobal(
      'URL',
      Object.assign(URL, {
        createObjectURL: (blob: Blob) => {
          saved.push(blob);
          return 'blob:http://localhost/invoice';
        },
        revokeObjectURL: () => {},
      }),
    );
    const downloads: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      downloads.push(this.download);
    });
    open(`/invoices/${invoiceId}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Download PDF' }));
    await waitFor(() => expect(downloads).toEqual(['INV-2026-0001.pdf']));
    expect(await saved[0]?.text()).toBe(bytes);
    click.mockRestore();
  });

  it('tells why the PDF could not be downloaded', async () => {
    stubApi({
      [`GET /v1/invoices/${invoiceId}`]: () => jsonResponse(invoice()),
      [`GET /v1/invoices/${invoiceId}/pdf`]: () =>
        problemResponse(503, 'service_unavailable', 'The document service is busy'),
    });
    open(`/invoices/${invoiceId}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Download PDF' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The document service is busy');
    expect(alert.textContent).toContain('The PDF could not be downloaded.');
  });

  it("says when the invoice is not the reader's to see", async () => {
    stubApi({
      [`GET /v1/invoices/${invoiceId}`]: () => problemResponse(404, 'not_found', 'The invoice was not found'),
    });
    open(`/invoices/${invoiceId}`, testMe({ permissions: ['invoice:read:org'] }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The invoice could not be loaded.');
    expect(alert.textContent).toContain('The invoice was not found');
  });
});
