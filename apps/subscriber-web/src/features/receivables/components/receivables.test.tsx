import type { Receivables } from '@portals/domain';
import { createTestSession, jsonResponse, renderPortal, stubApi } from '@portals/web-ui/testing';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { portal } from '../../../app/portal';
import { acme, billingStaff, mainContact } from '../../../testing/invoices';

const open = (path: string, me = billingStaff) =>
  renderPortal(portal, {
    basename: '/subscriber',
    path: `/subscriber${path}`,
    session: createTestSession(me),
  });

const aging = (current: number, late: number) => [
  { bucket: 'current' as const, amountMinor: current },
  { bucket: '1-30' as const, amountMinor: 0 },
  { bucket: '31-60' as const, amountMinor: late },
  { bucket: '61-90' as const, amountMinor: 0 },
  { bucket: '90+' as const, amountMinor: 0 },
];

const receivables: Receivables = {
  asOf: '2026-12-02',
  totals: [{ currency: 'EUR', dueMinor: 150_000, aging: aging(100_000, 50_000) }],
  organizations: [
    {
      organization: acme,
      currency: 'EUR',
      dueMinor: 150_000,
      overdueMinor: 50_000,
      oldestOverdueDate: '2026-10-15',
      aging: aging(100_000, 50_000),
    },
  ],
};

describe('the Receivables page', () => {
  it('shows the totals per currency and each organization, linking to its page', async () => {
    stubApi({ 'GET /v1/staff/receivables': () => jsonResponse(receivables) });
    open('/back-office/receivables');
    const totals = within(await screen.findByRole('region', { name: 'Totals per currency' }));
    expect((await totals.findByRole('row', { name: /EUR/ })).textContent).toContain('€1,500.00');
    const organizations = within(screen.getByRole('region', { name: 'Organizations' }));
    const link = organizations.getByRole('link', { name: 'Acme Cloud' });
    expect(link.getAttribute('href')).toBe(`/subscriber/back-office/organizations/${acme.id}`);
    const row = organizations.getByRole('row', { name: /Acme Cloud/ });
    expect(row.textContent).toContain('€500.00');
    expect(row.textContent).toContain('Oct 15, 2026');
  });

  it('keeps the currency and "overdue only" in the address and asks the API for them', async () => {
    const asked: Record<string, string>[] = [];
    stubApi({
      'GET /v1/staff/receivables': ({ url }) => {
        asked.push(Object.fromEntries(url.searchParams));
        return jsonResponse(receivables);
      },
    });
    const { router } = open('/back-office/receivables?currency=JPY');
    expect(((await screen.findByLabelText('Currency')) as HTMLSelectElement).value).toBe('JPY');
    fireEvent.click(screen.getByLabelText('Overdue only'));
    await waitFor(() => expect(router.state.location.search).toContain('overdueOnly=true'));
    expect(router.state.location.search).toContain('currency=JPY');
    fireEvent.change(screen.getByLabelText('Currency'), { target: { value: '' } });
    await waitFor(() => expect(router.state.location.search).toBe('?overdueOnly=true'));
    await waitFor(() => expect(asked.at(-1)).toEqual({ overdueOnly: 'true' }));
    expect(asked[0]).toEqual({ currency: 'JPY' });
    expect(asked).toContainEqual({ currency: 'JPY', overdueOnly: 'true' });
  });

  it('downloads the CSV with the filters chosen', async () => {
    const csvAsked: string[] = [];
    stubApi({
      'GET /v1/staff/receivables': () => jsonResponse(receivables),
      'GET /v1/staff/receivables/csv': ({ url }) => {
        csvAsked.push(url.search);
        return new Response('Organization\r\n', { headers: { 'content-type': 'text/csv' } });
      },
    });
    vi.stubGlobal(
      'URL',
      Object.assign(URL, {
        createObjectURL: () => 'blob:http://localhost/receivables',
        revokeObjectURL: () => {},
      }),
    );
    const downloads: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      downloads.push(this.download);
    });
    open('/back-office/receivables?overdueOnly=true');
    fireEvent.click(await screen.findByRole('button', { name: 'Download CSV' }));
    await waitFor(() => expect(downloads).toEqual(['receivables-2026-12-02.csv']));
    expect(csvAsked).toEqual(['?overdueOnly=true']);
    click.mockRestore();
  });

  it('is not offered to a contact', async () => {
    stubApi({});
    open('/back-office/receivables', mainContact);
    await waitFor(() => expect(screen.queryByRole('heading', { level: 1, name: 'Receivables' })).toBeNull());
    expect(screen.queryByRole('link', { name: 'Receivables' })).toBeNull();
  });
});
