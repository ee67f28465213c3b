import type { SlaReport, TicketRatingReport } from '@portals/domain';
import { jsonResponse, stubApi } from '@portals/web-ui/testing';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { openAsAgent } from '../../staff-tickets/testing';
// Loaded up front, as the lazy route would load it.
import './sla-report-page';

const report = (from: string, to: string): SlaReport => ({
  from,
  to,
  rows: [
    {
      month: '2026-12',
      tier: 'advanced',
      severity: 2,
      tickets: 2,
      firstResponse: { achieved: 1, breached: 1 },
      nextResponse: { achieved: 1, breached: 0 },
      firstResponseMinutes: { p50: 180, p90: 276 },
      resolutionMinutes: { p50: 360, p90: null },
    },
  ],
});

describe('the SLA report page', () => {
  it('shows the report as a table and a chart, for the months chosen', async () => {
    const asked: string[] = [];
    stubApi({
      'GET /v1/staff/sla-report': ({ url }) => {
        const query = url.searchParams;
        asked.push(`${query.get('from')}..${query.get('to')}`);
        return jsonResponse(report(query.get('from') ?? '', query.get('to') ?? ''));
      },
    });
    openAsAgent('/staff/sla-report');
    const row = await screen.findByRole('row', { name: /2026-12/ });
    expect(within(row).getByText('1 / 1 (50 %)')).toBeDefined();
    expect(within(row).getByText(/3 h 00 min/)).toBeDefined();
    expect(screen.getByRole('img', { name: /2026-12: 1 achieved, 1 breached/ })).toBeDefined();

    fireEvent.change(screen.getByLabelText('From (month)'), { target: { value: '2026-12' } });
    fireEvent.change(screen.getByLabelText('To (month)'), { target: { value: '2026-11' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show' }));
    expect(await screen.findByText('The last month comes before the first')).toBeDefined();

    fireEvent.change(screen.getByLabelText('To (month)'), { target: { value: '2026-12' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show' }));
    await waitFor(() => expect(asked.at(-1)).toBe('2026-12..2026-12'));
  });

  it('shows how requesters rated their solved tickets, per month, with the latest comments', async () => {
    const asked: string[] = [];
    stubApi({
      'GET /v1/staff/sla-report': ({ url }) =>
        jsonResponse(report(url.searchParams.get('from') ?? '', url.searchParams.get('to') ?? '')),
      'GET /v1/staff/ticket-ratings': ({ url }): Response => {
        asked.push(`${url.searchParams.get('from')}..${url.searchParams.get('to')}`);
        const ratings: TicketRatingReport = {
          from: '2026-07',
          to: '2026-12',
          months: [{ month: '2026-12', good: 3, bad: 1 }],
          items: [
            {
              ticketId: '00000000-0000-4000-8000-000000000001',
              ticketNumber: 1042,
              ticketSubject: 'Backups fail',
              organizationId: '00000000-0000-4000-8000-000000000002',
              organizationName: 'Acme Cloud',
              rating: 'bad',
              comment: 'Took three days',
              ratedBy: { id: '00000000-0000-4000-8000-000000000003', name: 'Tara Tech' },
              ratedAt: '2026-12-01T10:00:00.000Z',
            },
          ],
        };
        return jsonResponse(ratings);
      },
    });
    openAsAgent('/staff/sla-report');
    const month = await screen.findByRole('row', { name: /2026-12 3 1/ });
    expect(within(month).getByText('75 %')).toBeDefined();
    const latest = await screen.findByRole('row', { name: /#1042 Backups fail/ });
    expect(within(latest).getByText('Took three days')).toBeDefined();
    expect(within(latest).getByRole('link', { name: '#1042 Backups fail' }).getAttribute('href')).toContain(
      '/staff/tickets/00000000-0000-4000-8000-000000000001',
    );
    expect(asked[0]).toMatch(/^\d{4}-\d{2}\.\.\d{4}-\d{2}$/);
  });
});
