import {
  type SlaReportQuery,
  SlaReportQuery as SlaReportQuerySchema,
  type SlaReportRow,
} from '@portals/domain';
import {
  Button,
  FormError,
  formatDuration,
  PageTitle,
  Table,
  TextField,
  tableStateOf,
  ticketSeverityLabel,
  tierLabels,
  useApiClient,
  useZodForm,
} from '@portals/web-ui';
import { useState } from 'react';
import { downloadSlaReportCsv, useSlaReport } from '../api/get-sla-report';
import { RatingsReport } from './ratings-report';
import { SlaChart } from './sla-chart';

const monthOf = (date: Date) => date.toISOString().slice(0, 7);

/** The last six months, this one included. */
export const defaultReportMonths = (today = new Date()): SlaReportQuery => ({
  from: monthOf(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 5, 1))),
  to: monthOf(today),
});

const minutesCell = (minutes: number | null) =>
  minutes === null ? <span className="muted">—</span> : formatDuration(minutes);

const share = (achieved: number, breached: number) =>
  achieved + breached === 0 ? '—' : `${Math.round((achieved / (achieved + breached)) * 100)} %`;

/** Staff: SLA targets achieved and breached, response and resolution times, and ratings, for a span of months. */
export function SlaReportPage() {
  const apiClient = useApiClient();
  const [months, setMonths] = useState<SlaReportQuery>(() => defaultReportMonths());
  const report = useSlaReport(months);
  const form = useZodForm(SlaReportQuerySchema, months);
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const rows = report.data?.rows ?? [];

  return (
    <section className="page">
      <PageTitle>SLA report</PageTitle>
      <h1>SLA report</h1>
      <form
        className="actions"
        noValidate
        onSubmit={form.handleSubmit((query) => setMonths(query))}
        aria-label="Months of the report"
      >
        <TextField control={form.control} name="from" label="From (month)" type="month" />
        <TextField control={form.control} name="to" label="To (month)" type="month" />
        <Button type="submit">Show</Button>
        <Button
          variant="secondary"
          busy={downloading}
          busyLabel="Downloading…"
          onClick={() => {
            setDownloading(true);
            setDownloadError(null);
            downloadSlaReportCsv(apiClient, months)
              .catch(setDownloadError)
              .finally(() => setDownloading(false));
          }}
        >
          Download CSV
        </Button>
      </form>
      {downloadError ? <FormError error={downloadError}>The CSV could not be downloaded.</FormError> : null}
      {rows.length > 0 ? <SlaChart rows={rows} /> : null}
      <Table<SlaReportRow>
        caption={`From ${months.from} to ${months.to}, by the month tickets were opened`}
        rowKey={(row) => `${row.month}-${row.tier}-${row.severity}`}
        state={tableStateOf(report, (data) => data.rows)}
        loadingMessage="Loading the report…"
        errorSummary="The report could not be loaded."
        empty={{ message: 'No tickets with a response target were opened in these months.' }}
        columns={[
          { key: 'month', header: 'Month', rowHeader: true, nowrap: true, cell: (row) => row.month },
          { key: 'tier', header: 'Tier', cell: (row) => tierLabels[row.tier] },
          { key: 'severity', header: 'Severity', cell: (row) => ticketSeverityLabel(row.severity) },
          { key: 'tickets', header: 'Tickets', numeric: true, cell: (row) => row.tickets },
          {
            key: 'first',
            header: 'First response: achieved / breached',
            numeric: true,
            cell: (row) =>
              `${row.firstResponse.achieved} / ${row.firstResponse.breached} (${share(row.firstResponse.achieved, row.firstResponse.breached)})`,
          },
          {
            key: 'next',
            header: 'Next responses: achieved / breached',
            numeric: true,
            cell: (row) => `${row.nextResponse.achieved} / ${row.nextResponse.breached}`,
          },
          {
            key: 'first-time',
            header: 'First response time, median / 90th',
            numeric: true,
            cell: (row) => (
              <>
                {minutesCell(row.firstResponseMinutes.p50)} / {minutesCell(row.firstResponseMinutes.p90)}
              </>
            ),
          },
          {
            key: 'resolution-time',
            header: 'Resolution time, median / 90th',
            numeric: true,
            cell: (row) => (
              <>
                {minutesCell(row.resolutionMinutes.p50)} / {minutesCell(row.resolutionMinutes.p90)}
              </>
            ),
          },
        ]}
      />
      <RatingsReport months={months} />
    </section>
  );
}
