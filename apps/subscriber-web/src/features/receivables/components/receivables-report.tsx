import {
  type AgingBucket,
  agingBuckets,
  Currency,
  currencies,
  formatMoney,
  type ReceivableOrganization,
  type Receivables,
  type ReceivablesQuery,
} from '@portals/domain';
import { Button, FormError, formatDate, Table, type TableColumn } from '@portals/web-ui';
import { useId } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useDownloadReceivablesCsv, useReceivables } from '../api/get-receivables';

const bucketHeaders: Record<AgingBucket, string> = {
  current: 'Current',
  '1-30': '1–30 days',
  '31-60': '31–60 days',
  '61-90': '61–90 days',
  '90+': '90+ days',
};

const agingColumns = <
  Row extends { currency: Currency; aging: ReceivableOrganization['aging'] },
>(): TableColumn<Row>[] =>
  agingBuckets.map((bucket) => ({
    key: `aging-${bucket}`,
    header: bucketHeaders[bucket],
    numeric: true,
    nowrap: true,
    cell: (row: Row) =>
      formatMoney(row.aging.find((entry) => entry.bucket === bucket)?.amountMinor ?? 0, row.currency),
  }));

/** The filters in the page's address: a bookmarked or shared report opens the same. */
const queryOf = (params: URLSearchParams): ReceivablesQuery => {
  const currency = Currency.safeParse(params.get('currency')).data;
  return {
    ...(currency ? { currency } : {}),
    ...(params.get('overdueOnly') === 'true' ? { overdueOnly: 'true' as const } : {}),
  };
};

/**
 * What every organization owes today: the totals per currency with their aging, then each organization
 * (most overdue first) linking to its page; currency and "overdue only" kept in the address; the CSV.
 */
export function ReceivablesReport({
  organizationPath,
}: {
  organizationPath: (organizationId: string) => string;
}) {
  const currencyId = useId();
  const overdueId = useId();
  const totalsHeadingId = useId();
  const organizationsHeadingId = useId();
  const [params, setParams] = useSearchParams();
  const query = queryOf(params);
  const receivables = useReceivables(query);
  const download = useDownloadReceivablesCsv();
  const setParam = (key: string, value: string) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  const state = receivables.isPending
    ? ({ status: 'loading' } as const)
    : receivables.isError
      ? ({ status: 'error', error: receivables.error, retry: () => void receivables.refetch() } as const)
      : null;
  const data: Receivables | undefined = receivables.data;
  return (
    <>
      <fieldset className="filters">
        <legend className="visually-hidden">Filters</legend>
        <span>
          <label htmlFor={currencyId}>Currency</label>{' '}
          <select
            id={currencyId}
            value={query.currency ?? ''}
            onChange={(event) => setParam('currency', event.target.value)}
          >
            <option value="">Any currency</option>
            {currencies.map((currency) => (
              <option key={currency} value={currency}>
                {currency}
              </option>
            ))}
          </select>
        </span>
        <span className="checkbox">
          <input
            id={overdueId}
            type="checkbox"
            checked={query.overdueOnly === 'true'}
            onChange={(event) => setParam('overdueOnly', event.target.checked ? 'true' : '')}
          />
          <label htmlFor={overdueId}>Overdue only</label>
        </span>
        {data ? (
          <Button
            variant="secondary"
            busy={download.isPending}
            busyLabel="Downloading…"
            onClick={() => download.mutate({ query, asOf: data.asOf })}
          >
            Download CSV
          </Button>
        ) : null}
      </fieldset>
      {download.isError ? (
        <FormError error={download.error}>The CSV could not be downloaded.</FormError>
      ) : null}
      {data ? (
        <p className="muted">
          As of <time dateTime={data.asOf}>{formatDate(data.asOf)}</time>.
        </p>
      ) : null}
      <section className="card" aria-labelledby={totalsHeadingId}>
        <h2 id={totalsHeadingId}>Totals per currency</h2>
        <Table<Receivables['totals'][number]>
          caption="What is owed per currency, by age"
          captionHidden
          rowKey={(total) => total.currency}
          state={state ?? { status: 'data', rows: data?.totals ?? [] }}
          loadingMessage="Loading the receivables…"
          errorSummary="The receivables could not be loaded."
          empty={{ message: 'Nothing is owed.' }}
          columns={[
            { key: 'currency', header: 'Currency', rowHeader: true, cell: (total) => total.currency },
            {
              key: 'due',
              header: 'Due',
              numeric: true,
              nowrap: true,
              cell: (total) => formatMoney(total.dueMinor, total.currency),
            },
            ...agingColumns<Receivables['totals'][number]>(),
          ]}
        />
      </section>
      <section className="card" aria-labelledby={organizationsHeadingId}>
        <h2 id={organizationsHeadingId}>Organizations</h2>
        <Table<ReceivableOrganization>
          caption="What each organization owes, most overdue first"
          captionHidden
          rowKey={(row) => `${row.organization.id}-${row.currency}`}
          state={state ?? { status: 'data', rows: data?.organizations ?? [] }}
          loadingMessage="Loading the receivables…"
          errorSummary="The receivables could not be loaded."
          empty={{
            message:
              Object.keys(query).length > 0
                ? 'No organization matches these filters.'
                : 'No organization owes anything.',
          }}
          columns={[
            {
              key: 'organization',
              header: 'Organization',
              rowHeader: true,
              cell: (row) => <Link to={organizationPath(row.organization.id)}>{row.organization.name}</Link>,
            },
            { key: 'currency', header: 'Currency', cell: (row) => row.currency },
            {
              key: 'due',
              header: 'Due',
              numeric: true,
              nowrap: true,
              cell: (row) => formatMoney(row.dueMinor, row.currency),
            },
            {
              key: 'overdue',
              header: 'Overdue',
              numeric: true,
              nowrap: true,
              cell: (row) =>
                row.overdueMinor > 0 ? (
                  <strong className="invoice-overdue-amount">
                    {formatMoney(row.overdueMinor, row.currency)}
                  </strong>
                ) : (
                  formatMoney(row.overdueMinor, row.currency)
                ),
            },
            {
              key: 'oldest',
              header: 'Oldest overdue due date',
              nowrap: true,
              cell: (row) =>
                row.oldestOverdueDate ? (
                  <time dateTime={row.oldestOverdueDate}>{formatDate(row.oldestOverdueDate)}</time>
                ) : (
                  <span className="muted">—</span>
                ),
            },
            ...agingColumns<ReceivableOrganization>(),
          ]}
        />
      </section>
    </>
  );
}
