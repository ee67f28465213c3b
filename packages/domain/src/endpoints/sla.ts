import { z } from 'zod';
import { defineEndpoint } from '../endpoint';
import { SlaReport, SlaReportQuery } from '../schemas/sla-report';

/** Staff who read every ticket read the SLA reports. */
const readsEveryTicket = { permission: 'ticket:read:any' } as const;

export const slaEndpoints = {
  report: defineEndpoint({
    method: 'GET',
    path: '/v1/staff/sla-report',
    query: SlaReportQuery,
    response: { 200: SlaReport },
    access: readsEveryTicket,
    tags: ['staff'],
    summary:
      'Response targets achieved and breached, and first-response and resolution percentiles, per month, tier and severity',
    description:
      'Counts tickets by the month (UTC) their SLA clock started. Percentiles are wall-clock minutes from the ' +
      'ticket’s opening to its first public staff reply, and to its solve.',
  }),
  reportCsv: defineEndpoint({
    method: 'GET',
    path: '/v1/staff/sla-report/csv',
    query: SlaReportQuery,
    response: { 200: z.string().meta({ description: 'The same report as CSV (text/csv)' }) },
    access: readsEveryTicket,
    tags: ['staff'],
    summary: 'The SLA report as a CSV download',
  }),
};
