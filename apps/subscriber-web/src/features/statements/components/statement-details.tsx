import {
  type AgingBucket,
  formatMoney,
  ledgerKindLabels,
  type Statement,
  type StatementAging,
  type StatementRow,
} from '@portals/domain';
import {
  ApiErrorMessage,
  Button,
  FormError,
  formatDate,
  formatInstant,
  PageTitle,
  Table,
} from '@portals/web-ui';
import { type ReactNode, useId, useState } from 'react';
import { Link } from 'react-router-dom';
import { type StatementFormat, useDownloadStatement } from '../api/download-statement';
import { statementRowsPerPage, useStatement } from '../api/get-statement';

const date = (isoDate: string) => <time dateTime={isoDate}>{formatDate(isoDate)}</time>;

export const agingLabels: Record<AgingBucket, string> = {
  current: 'Not yet due',
  '1-30': '1–30 days past due',
  '31-60': '31–60 days past due',
  '61-90': '61–90 days past due',
  '90+': 'More than 90 days past due',
};

function Section({ title, children }: { title: string; children: ReactNode }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="card">
      <h2 id={headingId}>{title}</h2>
      {children}
    </section>
  );
}

function Download({ statement, format }: { statement: Statement; format: StatementFormat }) {
  const download = useDownloadStatement(format);
  const label = format === 'csv' ? 'CSV' : 'PDF';
  return (
    <>
      <Button
        variant="secondary"
        busy={download.isPending}
        busyLabel="Downloading…"
        onClick={() => download.mutate(statement)}
      >
        Download {label}
      </Button>
      {download.isError ? (
        <FormError error={download.error}>The {label} could not be downloaded.</FormError>
      ) : null}
    </>
  );
}

/** The aging of what remained due at the period's end, by days past due. */
export function AgingTable({
  aging,
  currency,
  caption,
}: {
  aging: readonly StatementAging[];
  currency: Statement['currency'];
  caption: string;
}) {
  return (
    <Table<StatementAging>
      caption={caption}
      captionHidden
      rowKey={(bucket) => bucket.bucket}
      state={{ status: 'data', rows: aging }}
      errorSummary="The aging could not be shown."
      empty={{ message: 'Nothing remained due.' }}
      columns={[
        { key: 'bucket', header: 'Age', rowHeader: true, cell: (bucket) => agingLabels[bucket.bucket] },
        {
          key: 'amount',
          header: 'Amount',
          numeric: true,
          nowrap: true,
          cell: (bucket) => formatMoney(bucket.amountMinor, currency),
        },
      ]}
    />
  );
}

function Rows({
  statement,
  rowsOffset,
  onPage,
  busy,
}: {
  statement: Statement;
  rowsOffset: number;
  onPage: (rowsOffset: number) => void;
  busy: boolean;
}) {
  const money = (minor: number) => (minor === 0 ? '' : formatMoney(minor, statement.currency));
  const first = statement.rowCount === 0 ? 0 : rowsOffset + 1;
  const last = Math.min(rowsOffset + statement.rows.length, statement.rowCount);
  const paged = statement.rowCount > statementRowsPerPage;
  return (
    <Section title="Movements">
      <Table<StatementRow>
        caption="Invoices and payments of the period, with the running balance"
        captionHidden
        rowKey={(row) => `${row.date}-${row.kind}-${row.reference}-${row.balanceMinor}`}
        state={{ status: 'data', rows: statement.rows }}
        errorSummary="The movements could not be shown."
        empty={{ message: 'No invoice was issued and no payment received in this period.' }}
        columns={[
          { key: 'date', header: 'Date', rowHeader: true, nowrap: true, cell: (row) => date(row.date) },
          { key: 'type', header: 'Type', cell: (row) => ledgerKindLabels[row.kind] },
          { key: 'reference', header: 'Reference', cell: (row) => row.reference },
          {
            key: 'debit',
            header: 'Debit',
            numeric: true,
            nowrap: true,
            cell: (row) => money(row.debitMinor),
          },
          {
            key: 'credit',
            header: 'Credit',
            numeric: true,
            nowrap: true,
            cell: (row) => money(row.creditMinor),
          },
          {
            key: 'balance',
            header: 'Balance',
            numeric: true,
            nowrap: true,
            cell: (row) => formatMoney(row.balanceMinor, statement.currency),
          },
        ]}
      />
      {paged ? (
        <nav aria-label="Movements pages" className="actions">
          <span role="status">
            Rows {first}–{last} of {statement.rowCount}
          </span>
          <Button
            variant="secondary"
            disabled={rowsOffset === 0 || busy}
            onClick={() => onPage(Math.max(0, rowsOffset - statementRowsPerPage))}
          >
            Previous rows
          </Button>
          <Button
            variant="secondary"
            disabled={last >= statement.rowCount || busy}
            onClick={() => onPage(rowsOffset + statementRowsPerPage)}
          >
            Next rows
          </Button>
        </nav>
      ) : null}
    </Section>
  );
}

/**
 * A statement as produced: its period and currency, the opening balance, the movements page by page with
 * the running balance, the closing balance, the aging at the period's end, and its CSV and PDF.
 */
export function StatementDetails({
  statementId,
  backLink,
}: {
  statementId: string;
  /** Where the breadcrumb leads: the statements list, or the organization's page for staff. */
  backLink: (statement: Statement) => { to: string; label: string };
}) {
  const [rowsOffset, setRowsOffset] = useState(0);
  const statement = useStatement(statementId, rowsOffset);
  if (statement.isPending) {
    return (
      <p className="table-loading" role="status" aria-busy="true">
        Loading the statement…
      </p>
    );
  }
  if (statement.isError) {
    return (
      <ApiErrorMessage
        summary="The statement could not be loaded."
        error={statement.error}
        onRetry={() => void statement.refetch()}
      />
    );
  }
  const { statement: data, rowsOffset: shownOffset } = statement.data;
  const money = (minor: number) => formatMoney(minor, data.currency);
  const back = backLink(data);
  const title = `Statement in ${data.currency}, ${formatDate(data.from)} to ${formatDate(data.to)}`;
  return (
    <>
      <PageTitle>{title}</PageTitle>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={back.to}>{back.label}</Link>
      </nav>
      <h1>{title}</h1>
      <dl className="facts card">
        <div>
          <dt>Organization</dt>
          <dd>{data.organization.name}</dd>
        </div>
        <div>
          <dt>Period</dt>
          <dd>
            {date(data.from)} to {date(data.to)}
          </dd>
        </div>
        <div>
          <dt>Currency</dt>
          <dd>{data.currency}</dd>
        </div>
        <div>
          <dt>Opening balance</dt>
          <dd>{money(data.openingMinor)}</dd>
        </div>
        <div>
          <dt>Closing balance</dt>
          <dd>
            <strong>{money(data.closingMinor)}</strong>
          </dd>
        </div>
        <div>
          <dt>Produced</dt>
          <dd>
            <time dateTime={data.generatedAt}>{formatInstant(data.generatedAt, { withTime: true })}</time>
          </dd>
        </div>
      </dl>
      <p className="muted">
        Kept as produced: read or downloaded again, it stays the same whatever happens to the account later.
      </p>
      <div className="actions">
        <Download statement={data} format="csv" />
        <Download statement={data} format="pdf" />
      </div>
      <Rows
        statement={data}
        rowsOffset={shownOffset}
        onPage={setRowsOffset}
        busy={statement.isPlaceholderData}
      />
      <Section title="Aging at the period's end">
        <p className="muted">
          What remained due on {formatDate(data.to)}, by how long it was past its due date.
        </p>
        <AgingTable aging={data.aging} currency={data.currency} caption="Aging at the period's end" />
      </Section>
    </>
  );
}
