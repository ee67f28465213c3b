import { z } from 'zod';
import { SubscriptionTier } from '../enums';
import { TicketSeverity } from './ticket';

/** A calendar month, `YYYY-MM` (UTC). */
export const ReportMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'A month as YYYY-MM');

/** The longest span one report covers. */
export const slaReportMaxMonths = 24;

const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
/** Compares two months only when both are months (a malformed one has its own message). */
const span = (query: { from: string; to: string }) =>
  ReportMonth.safeParse(query.from).success && ReportMonth.safeParse(query.to).success
    ? monthIndex(query.to) - monthIndex(query.from)
    : 0;

/** The months a report covers, first and last included. */
export const SlaReportQuery = z
  .object({ from: ReportMonth, to: ReportMonth })
  .refine((query) => span(query) >= 0, {
    message: 'The last month comes before the first',
    path: ['to'],
  })
  .refine((query) => span(query) < slaReportMaxMonths, {
    message: `A report covers at most ${slaReportMaxMonths} months`,
    path: ['to'],
  });
export type SlaReportQuery = z.infer<typeof SlaReportQuery>;

/** Minutes on the wall clock (not business time); null when no ticket of the row has one. */
const Minutes = z.number().nonnegative().nullable();

/**
 * Tickets opened in a month, for a tier and severity: response targets met and missed, and how long the
 * first response and the resolution took (50th and 90th percentiles).
 */
export const SlaReportRow = z.object({
  month: ReportMonth,
  tier: SubscriptionTier,
  severity: TicketSeverity,
  tickets: z.number().int().nonnegative(),
  firstResponse: z.object({
    /** Answered within the target. */
    achieved: z.number().int().nonnegative(),
    /** The target was missed (answered late, or not yet answered). */
    breached: z.number().int().nonnegative(),
  }),
  nextResponse: z.object({
    achieved: z.number().int().nonnegative(),
    breached: z.number().int().nonnegative(),
  }),
  firstResponseMinutes: z.object({ p50: Minutes, p90: Minutes }),
  resolutionMinutes: z.object({ p50: Minutes, p90: Minutes }),
});
export type SlaReportRow = z.infer<typeof SlaReportRow>;

export const SlaReport = z.object({
  from: ReportMonth,
  to: ReportMonth,
  rows: z.array(SlaReportRow),
});
export type SlaReport = z.infer<typeof SlaReport>;

/** The CSV's columns, in order (the export and its test read this list). */
export const slaReportCsvColumns = [
  'month',
  'tier',
  'severity',
  'tickets',
  'first_response_achieved',
  'first_response_breached',
  'next_response_achieved',
  'next_response_breached',
  'first_response_minutes_p50',
  'first_response_minutes_p90',
  'resolution_minutes_p50',
  'resolution_minutes_p90',
] as const;

const cell = (value: number | string | null) => (value === null ? '' : String(value));
const rounded = (minutes: number | null) => (minutes === null ? null : Math.round(minutes));

/** The report as CSV (RFC 4180, CRLF line ends): one line per row, the header first. */
export const slaReportCsv = (report: SlaReport): string =>
  [
    slaReportCsvColumns.join(','),
    ...report.rows.map((row) =>
      [
        row.month,
        row.tier,
        row.severity,
        row.tickets,
        row.firstResponse.achieved,
        row.firstResponse.breached,
        row.nextResponse.achieved,
        row.nextResponse.breached,
        rounded(row.firstResponseMinutes.p50),
        rounded(row.firstResponseMinutes.p90),
        rounded(row.resolutionMinutes.p50),
        rounded(row.resolutionMinutes.p90),
      ]
        .map(cell)
        .join(','),
    ),
  ]
    .map((line) => `${line}\r\n`)
    .join('');
