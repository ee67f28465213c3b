import type { StaffOrganization, Statement, StatementRow } from '@portals/domain';
import {
  createTestSession,
  jsonResponse,
  problemResponse,
  renderPortal,
  stubApi,
} from '@portals/web-ui/testing';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { portal } from '../../../app/portal';
import { acme, billingStaff, mainContact, page, technicalContact } from '../../../testing/invoices';
import { lastFullQuarter, yearToDate } from './statement-period';

const statementId = '6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d';

const open = (path: string, me = mainContact) =>
  renderPortal(portal, {
    basename: '/subscriber',
    path: `/subscriber${path}`,
    session: createTestSession(me),
  });

const toaster = () => within(screen.getByRole('region', { name: 'Notifications' }));
const cellsOf = (row: HTMLElement) => Array.from(row.children).map((cell) => cell.textContent);
const fact = (term: string) => screen.getByText(term, { selector: 'dt' }).nextElementSibling?.textContent;

/** 120 movements: an invoice of €100.00 every row, each raising the balance from an opening €250.00. */
const rows: StatementRow[] = Array.from({ length: 120 }, (_, index) => ({
  date: '2026-02-01',
  kind: index % 2 === 0 ? 'invoice' : 'payment',
  reference: `REF-${String(index + 1).padStart(3, '0')}`,
  debitMinor: index % 2 === 0 ? 10_000 : 0,
  creditMinor: index % 2 === 0 ? 0 : 5_000,
  balanceMinor: 25_000 + index * 1_000,
}));

const statement = (overrides: Partial<Statement> = {}): Statement => ({
  id: statementId,
  organization: acme,
  currency: 'EUR',
  from: '2026-01-01',
  to: '2026-03-31',
  generatedAt: '2026-04-02T09:30:00Z',
  openingMinor: 25_000,
  closingMinor: 325_000,
  rowCount: 2,
  rows: rows.slice(0, 2),
  aging: [
    { bucket: 'current', amountMinor: 100_000 },
    { bucket: '1-30', amountMinor: 200_000 },
    { bucket: '31-60', amountMinor: 25_000 },
    { bucket: '61-90', amountMinor: 0 },
    { bucket: '90+', amountMinor: 0 },
  ],
  ...overrides,
});

const summaryOf = ({ rowCount: _, rows: __, aging: ___, ...summary }: Statement) => summary;

afterEach(() => {
  vi.useRealTimers();
});

describe('the Statements page', () => {
  it('explains what a statement is when none was produced, and offers the last full quarter', async () => {
    stubApi({ 'GET /v1/statements': () => jsonResponse({ items: [], nextCursor: null }) });
    open('/statements');
    expect(await screen.findByText(/A statement lists, for one currency and period/)).toBeDefined();
    const quarter = lastFullQuarter();
    expect((screen.getByLabelText('From') as HTMLInputElement).value).toBe(quarter.from);
    expect((screen.getByLabelText('To') as HTMLInputElement).value).toBe(quarter.to);
    fireEvent.click(screen.getByRole('button', { name: 'Year to date' }));
    expect((screen.getByLabelText('From') as HTMLInputElement).value).toBe(yearToDate().from);
  });

  it('works out the last full quarter across a year', () => {
    expect(lastFullQuarter(new Date('2026-02-15T12:00:00Z'))).toEqual({
      from: '2025-10-01',
      to: '2025-12-31',
    });
    expect(lastFullQuarter(new Date('2026-12-03T00:10:00Z'))).toEqual({
      from: '2026-07-01',
      to: '2026-09-30',
    });
  });

  it('produces a statement, says so and opens it', async () => {
    const sent: unknown[] = [];
    stubApi({
      'GET /v1/statements': () => jsonResponse({ items: [], nextCursor: null }),
      'POST /v1/statements': ({ body }) => {
        sent.push(body);
        return jsonResponse(statement({ currency: 'JPY', closingMinor: 50_000, openingMinor: 0 }), {
          status: 201,
        });
      },
      [`GET /v1/statements/${statementId}`]: () =>
        jsonResponse(statement({ currency: 'JPY', closingMinor: 50_000, openingMinor: 0 })),
    });
    open('/statements');
    fireEvent.change(await screen.findByLabelText('Currency'), { target: { value: 'JPY' } });
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-01-01' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-03-31' } });
    fireEvent.click(screen.getByRole('button', { name: 'Produce the statement' }));
    expect(await screen.findByRole('heading', { level: 1, name: /Statement in JPY/ })).toBeDefined();
    expect(sent).toEqual([{ currency: 'JPY', from: '2026-01-01', to: '2026-03-31' }]);
    expect(toaster().getByText(/Statement in JPY from .* produced\./)).toBeDefined();
    expect(fact('Closing balance')).toBe('¥50,000');
  });

  it("offers the account's currencies first, the first one chosen", async () => {
    stubApi({
      'GET /v1/statements': () => jsonResponse({ items: [], nextCursor: null }),
      'GET /v1/invoices': () =>
        page(
          [],
          [
            { currency: 'EUR', dueMinor: 0, overdueMinor: 0 },
            { currency: 'JPY', dueMinor: 180_000, overdueMinor: 0 },
          ],
        ),
    });
    open('/statements');
    const currency = (await screen.findByLabelText('Currency')) as HTMLSelectElement;
    expect(currency.value).toBe('EUR');
    expect(Array.from(currency.options, (option) => option.value).slice(0, 3)).toEqual(['EUR', 'JPY', 'AUD']);
  });

  it('refuses a period that ends before it starts, without asking the API', async () => {
    const post = vi.fn(() => jsonResponse(statement(), { status: 201 }));
    stubApi({
      'GET /v1/statements': () => jsonResponse({ items: [], nextCursor: null }),
      'POST /v1/statements': post,
    });
    open('/statements');
    fireEvent.change(await screen.findByLabelText('From'), { target: { value: '2026-03-31' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-01-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Produce the statement' }));
    expect(await screen.findByText('The period ends on or after its first day.')).toBeDefined();
    expect(post).not.toHaveBeenCalled();
  });

  it('lists the statements produced, latest first, each opening its page, with more on demand', async () => {
    stubApi({
      'GET /v1/statements': ({ url }) =>
        url.searchParams.get('cursor')
          ? jsonResponse({
              items: [
                summaryOf(statement({ id: crypto.randomUUID(), from: '2025-10-01', to: '2025-12-31' })),
              ],
              nextCursor: null,
            })
          : jsonResponse({ items: [summaryOf(statement())], nextCursor: 'next' }),
    });
    open('/statements');
    const link = await screen.findByRole('link', { name: /EUR, .*2026.* to .*2026/ });
    expect(link.getAttribute('href')).toBe(`/subscriber/statements/${statementId}`);
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByRole('link', { name: /EUR, .*2025.* to .*2025/ })).toBeDefined();
  });

  it('is not offered to a technical contact', async () => {
    stubApi({});
    open('/statements', technicalContact);
    expect(
      await screen.findByText(
        /Statements are produced by your organization's main and administrative contacts/,
      ),
    ).toBeDefined();
    expect(screen.queryByRole('link', { name: 'Statements' })).toBeNull();
  });
});

describe('a statement page', () => {
  it('shows the period, balances, movements with the running balance and the aging', async () => {
    stubApi({ [`GET /v1/statements/${statementId}`]: () => jsonResponse(statement()) });
    open(`/statements/${statementId}`);
    expect(await screen.findByRole('heading', { level: 1, name: /Statement in EUR/ })).toBeDefined();
    expect(fact('Opening balance')).toBe('€250.00');
    expect(fact('Closing balance')).toBe('€3,250.00');
    expect(fact('Currency')).toBe('EUR');
    const movements = within(screen.getByRole('region', { name: 'Movements' }));
    const [, first, second] = movements.getAllByRole('row');
    expect(cellsOf(first as HTMLElement)).toEqual([
      'Feb 1, 2026',
      'Invoice',
      'REF-001',
      '€100.00',
      '',
      '€250.00',
    ]);
    expect(cellsOf(second as HTMLElement)).toEqual([
      'Feb 1, 2026',
      'Payment',
      'REF-002',
      '',
      '€50.00',
      '€260.00',
    ]);
    const aging = within(screen.getByRole('region', { name: "Aging at the period's end" }));
    expect(cellsOf(aging.getByRole('row', { name: /1–30 days past due/ }))).toEqual([
      '1–30 days past due',
      '€2,000.00',
    ]);
    expect(screen.queryByRole('button', { name: 'Next rows' })).toBeNull();
  });

  it('pages through many movements a window at a time', async () => {
    const asked: string[] = [];
    stubApi({
      [`GET /v1/statements/${statementId}`]: ({ url }) => {
        const offset = Number(url.searchParams.get('rowsOffset'));
        const limit = Number(url.searchParams.get('rowsLimit'));
        asked.push(`${offset}+${limit}`);
        return jsonResponse(statement({ rowCount: rows.length, rows: rows.slice(offset, offset + limit) }));
      },
    });
    open(`/statements/${statementId}`);
    expect(await screen.findByText('Rows 1–50 of 120')).toBeDefined();
    expect(screen.getByText('REF-050')).toBeDefined();
    expect(screen.queryByText('REF-051')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Next rows' }));
    expect(await screen.findByText('REF-051')).toBeDefined();
    fireEvent.click(screen.getByRole('button', { name: 'Next rows' }));
    expect(await screen.findByText('Rows 101–120 of 120')).toBeDefined();
    expect((screen.getByRole('button', { name: 'Next rows' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Previous rows' }));
    expect(await screen.findByText('Rows 51–100 of 120')).toBeDefined();
    // The opening balance stays whatever window of rows is shown.
    expect(fact('Opening balance')).toBe('€250.00');
    expect(asked.slice(0, 3)).toEqual(['0+50', '50+50', '100+50']);
  });

  it('downloads the CSV and the PDF under the names the API gives them', async () => {
    stubApi({
      [`GET /v1/statements/${statementId}`]: () => jsonResponse(statement()),
      [`GET /v1/statements/${statementId}/csv`]: () =>
        new Response('Date,Type\r\n', { headers: { 'content-type': 'text/csv' } }),
      [`GET /v1/statements/${statementId}/pdf`]: () =>
        new Response('%PDF-1.7 statement', { headers: { 'content-type': 'application/pdf' } }),
    });
    const saved: Blob[] = [];
    vi.stubGlobal(
      'URL',
      Object.assign(URL, {
        createObjectURL: (blob: Blob) => {
          saved.push(blob);
          return 'blob:http://localhost/statement';
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
    open(`/statements/${statementId}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Download CSV' }));
    await waitFor(() => expect(downloads).toEqual(['statement-EUR-2026-01-01-to-2026-03-31.csv']));
    fireEvent.click(screen.getByRole('button', { name: 'Download PDF' }));
    await waitFor(() =>
      expect(downloads).toEqual([
        'statement-EUR-2026-01-01-to-2026-03-31.csv',
        'statement-EUR-2026-01-01-to-2026-03-31.pdf',
      ]),
    );
    expect(await saved[1]?.text()).toBe('%PDF-1.7 statement');
    click.mockRestore();
  });

  it('tells why a download failed', async () => {
    stubApi({
      [`GET /v1/statements/${statementId}`]: () => jsonResponse(statement()),
      [`GET /v1/statements/${statementId}/pdf`]: () =>
        problemResponse(503, 'service_unavailable', 'The document service is busy'),
    });
    open(`/statements/${statementId}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Download PDF' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The document service is busy');
    expect(alert.textContent).toContain('The PDF could not be downloaded.');
  });
});

describe("an organization's statements, for billing staff", () => {
  it("produces the organization's statement from its page and opens it, the breadcrumb leading back", async () => {
    const sent: unknown[] = [];
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
      'GET /v1/account-credit': () => jsonResponse({ organizationId: acme.id, items: [] }),
      'GET /v1/statements': ({ url }) => {
        expect(url.searchParams.get('organizationId')).toBe(acme.id);
        return jsonResponse({ items: [], nextCursor: null });
      },
      'POST /v1/statements': ({ body }) => {
        sent.push(body);
        return jsonResponse(statement(), { status: 201 });
      },
      [`GET /v1/statements/${statementId}`]: () => jsonResponse(statement()),
    });
    const { router } = open(`/back-office/organizations/${acme.id}`, billingStaff);
    const section = within(await screen.findByRole('region', { name: 'Statements' }));
    fireEvent.change(await section.findByLabelText('From'), { target: { value: '2026-01-01' } });
    fireEvent.change(section.getByLabelText('To'), { target: { value: '2026-03-31' } });
    fireEvent.click(section.getByRole('button', { name: 'Produce the statement' }));
    expect(await screen.findByRole('heading', { level: 1, name: /Statement in EUR/ })).toBeDefined();
    expect(router.state.location.pathname).toBe(`/subscriber/back-office/statements/${statementId}`);
    expect(sent).toEqual([
      { currency: 'EUR', from: '2026-01-01', to: '2026-03-31', organizationId: acme.id },
    ]);
    const breadcrumb = within(screen.getByRole('navigation', { name: 'Breadcrumb' }));
    expect(breadcrumb.getByRole('link', { name: 'Acme Cloud' }).getAttribute('href')).toBe(
      `/subscriber/back-office/organizations/${acme.id}`,
    );
  });
});
