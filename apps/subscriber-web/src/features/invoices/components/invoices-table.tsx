import { formatMoney, type InvoicePage, type InvoiceSummary } from '@portals/domain';
import {
  formatDate,
  type PagedQuery,
  Table,
  type TableColumn,
  type TableQuery,
  tableStateOf,
} from '@portals/web-ui';
import type { InfiniteData } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { InvoiceStatus } from './invoice-status';

export type InvoicesQuery = TableQuery<InfiniteData<InvoicePage>> & PagedQuery;

const date = (isoDate: string | null) =>
  isoDate ? <time dateTime={isoDate}>{formatDate(isoDate)}</time> : <span className="muted">—</span>;

/** Invoices as rows: number (to its page), dates, total, what remains due and how it stands; page by page. */
export function InvoicesTable({
  invoices,
  invoicePath,
  caption,
  empty,
  showOrganization = false,
}: {
  invoices: InvoicesQuery;
  invoicePath: (invoiceId: string) => string;
  caption: string;
  empty: { message: ReactNode; action?: ReactNode };
  /** Staff's lists of every organization name whose invoice each is. */
  showOrganization?: boolean;
}) {
  const columns: TableColumn<InvoiceSummary>[] = [
    {
      key: 'number',
      header: 'Number',
      rowHeader: true,
      nowrap: true,
      cell: (invoice) => <Link to={invoicePath(invoice.id)}>{invoice.number ?? 'Draft'}</Link>,
    },
    ...(showOrganization
      ? [
          {
            key: 'organization',
            header: 'Organization',
            cell: (invoice: InvoiceSummary) => invoice.organization.name,
          },
        ]
      : []),
    { key: 'issued', header: 'Issue date', nowrap: true, cell: (invoice) => date(invoice.issueDate) },
    { key: 'due', header: 'Due date', nowrap: true, cell: (invoice) => date(invoice.dueDate) },
    {
      key: 'total',
      header: 'Total',
      numeric: true,
      nowrap: true,
      cell: (invoice) => formatMoney(invoice.totalMinor, invoice.currency),
    },
    {
      key: 'remaining',
      header: 'Remaining',
      numeric: true,
      nowrap: true,
      cell: (invoice) =>
        invoice.documentStatus === 'issued' ? (
          formatMoney(invoice.remainingMinor, invoice.currency)
        ) : (
          <span className="muted">—</span>
        ),
    },
    { key: 'status', header: 'Status', cell: (invoice) => <InvoiceStatus invoice={invoice} /> },
  ];
  return (
    <Table
      caption={caption}
      captionHidden
      rowKey={(invoice) => invoice.id}
      state={tableStateOf(invoices, (data) => data.pages.flatMap((page) => page.items))}
      loadingMessage="Loading the invoices…"
      errorSummary="The invoices could not be loaded."
      empty={empty}
      pages={{ query: invoices, failureSummary: 'More invoices could not be loaded.' }}
      columns={columns}
    />
  );
}
