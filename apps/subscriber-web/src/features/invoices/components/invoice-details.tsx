import {
  type CreditApplication,
  type CreditNote,
  formatMoney,
  type Invoice,
  type InvoiceLine,
  type InvoiceTaxLine,
  type Payment,
} from '@portals/domain';
import { ApiErrorMessage, Button, FormError, formatDate, PageTitle, Table } from '@portals/web-ui';
import { type ReactNode, useId } from 'react';
import { Link } from 'react-router-dom';
import { useDownloadInvoicePdf } from '../api/download-invoice-pdf';
import { useInvoice } from '../api/get-invoice';
import { invoiceTitle, paymentMethodLabels } from './invoice-labels';
import { InvoiceStatus } from './invoice-status';
import { formatTaxRate } from './money-input';

const date = (isoDate: string | null) =>
  isoDate ? <time dateTime={isoDate}>{formatDate(isoDate)}</time> : <span className="muted">Not yet</span>;

function Section({ title, children }: { title: string; children: ReactNode }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="card">
      <h2 id={headingId}>{title}</h2>
      {children}
    </section>
  );
}

/** What remains due, the sentence a customer opens the page for. */
function Remaining({ invoice }: { invoice: Invoice }) {
  if (invoice.documentStatus === 'draft') {
    return (
      <p className="notice">
        A draft: the customer does not see it, and it asks for nothing until it is issued.
      </p>
    );
  }
  if (invoice.documentStatus === 'void') {
    return (
      <p className="notice">
        This invoice was voided: it asks for nothing.
        {invoice.voidReason ? ` Reason: ${invoice.voidReason}` : ''}
      </p>
    );
  }
  const remaining = formatMoney(invoice.remainingMinor, invoice.currency);
  if (invoice.remainingMinor === 0) return <p className="notice">Paid in full: nothing remains due.</p>;
  if (invoice.paymentStatus === 'uncollectible') {
    return <p className="notice">Written off as uncollectible: {remaining} was not collected.</p>;
  }
  return (
    <p className={invoice.overdue ? 'alert invoice-remaining' : 'notice invoice-remaining'}>
      <strong>Remaining due: {remaining}</strong>
      {invoice.dueDate ? (
        <>
          {invoice.overdue ? ', overdue since ' : ', by '}
          {date(invoice.dueDate)}
        </>
      ) : null}
      {invoice.paidMinor > 0 ? ` (${formatMoney(invoice.paidMinor, invoice.currency)} received so far)` : ''}
      {invoice.creditedMinor > 0 ? ` (${formatMoney(invoice.creditedMinor, invoice.currency)} credited)` : ''}
      .
    </p>
  );
}

function DownloadPdf({ invoice }: { invoice: Invoice }) {
  const download = useDownloadInvoicePdf();
  const { number } = invoice;
  if (!number) return null;
  return (
    <>
      <Button
        variant="secondary"
        busy={download.isPending}
        busyLabel="Downloading…"
        onClick={() => download.mutate({ id: invoice.id, number })}
      >
        Download PDF
      </Button>
      {download.isError ? (
        <FormError error={download.error}>The PDF could not be downloaded.</FormError>
      ) : null}
    </>
  );
}

function Lines({ invoice }: { invoice: Invoice }) {
  const money = (minor: number) => formatMoney(minor, invoice.currency);
  return (
    <Section title="Lines">
      <Table<InvoiceLine>
        caption="Lines of the invoice"
        captionHidden
        rowKey={(line) => String(line.position)}
        state={{ status: 'data', rows: invoice.lines }}
        errorSummary="The lines could not be shown."
        empty={{ message: 'This invoice has no lines.' }}
        columns={[
          { key: 'description', header: 'Description', rowHeader: true, cell: (line) => line.description },
          { key: 'quantity', header: 'Quantity', numeric: true, cell: (line) => line.quantity },
          {
            key: 'unit-price',
            header: 'Unit price',
            numeric: true,
            nowrap: true,
            cell: (line) => money(line.unitPriceMinor),
          },
          {
            key: 'tax-rate',
            header: 'Tax rate',
            numeric: true,
            nowrap: true,
            cell: (line) => formatTaxRate(line.taxRateBasisPoints),
          },
          {
            key: 'amount',
            header: 'Amount',
            numeric: true,
            nowrap: true,
            cell: (line) => money(line.netMinor),
          },
        ]}
      />
    </Section>
  );
}

function Totals({ invoice }: { invoice: Invoice }) {
  const money = (minor: number) => formatMoney(minor, invoice.currency);
  return (
    <Section title="Tax and totals">
      <Table<InvoiceTaxLine>
        caption="Tax per rate"
        rowKey={(taxLine) => String(taxLine.rateBasisPoints)}
        state={{ status: 'data', rows: invoice.taxLines }}
        errorSummary="The tax could not be shown."
        empty={{ message: 'No tax.' }}
        columns={[
          {
            key: 'rate',
            header: 'Rate',
            rowHeader: true,
            nowrap: true,
            cell: (taxLine) => formatTaxRate(taxLine.rateBasisPoints),
          },
          {
            key: 'base',
            header: 'Taxable base',
            numeric: true,
            nowrap: true,
            cell: (taxLine) => money(taxLine.taxableBaseMinor),
          },
          {
            key: 'tax',
            header: 'Tax',
            numeric: true,
            nowrap: true,
            cell: (taxLine) => money(taxLine.taxMinor),
          },
        ]}
      />
      <dl className="details invoice-totals">
        <dt>Subtotal</dt>
        <dd>{money(invoice.subtotalMinor)}</dd>
        <dt>Tax</dt>
        <dd>{money(invoice.taxMinor)}</dd>
        <dt>Total</dt>
        <dd>
          <strong>{money(invoice.totalMinor)}</strong>
        </dd>
        {invoice.documentStatus === 'issued' ? (
          <>
            <dt>Paid</dt>
            <dd>{money(invoice.paidMinor)}</dd>
            <dt>Credited</dt>
            <dd>{money(invoice.creditedMinor)}</dd>
            <dt>Remaining due</dt>
            <dd>
              <strong>{money(invoice.remainingMinor)}</strong>
            </dd>
          </>
        ) : null}
      </dl>
      <p className="muted">Tax is rounded per line, half to even, to the minor unit of {invoice.currency}.</p>
    </Section>
  );
}

function Payments({ invoice }: { invoice: Invoice }) {
  return (
    <Section title="Payments received">
      <Table<Payment>
        caption="Payments received"
        captionHidden
        rowKey={(payment) => payment.id}
        state={{ status: 'data', rows: invoice.payments }}
        errorSummary="The payments could not be shown."
        empty={{ message: 'No payment has been received for this invoice yet.' }}
        columns={[
          {
            key: 'received',
            header: 'Received on',
            rowHeader: true,
            nowrap: true,
            cell: (payment) => date(payment.receivedOn),
          },
          { key: 'method', header: 'Method', cell: (payment) => paymentMethodLabels[payment.method] },
          { key: 'reference', header: 'Reference', cell: (payment) => payment.reference },
          {
            key: 'amount',
            header: 'Amount',
            numeric: true,
            nowrap: true,
            cell: (payment) => formatMoney(payment.amountMinor, invoice.currency),
          },
        ]}
      />
    </Section>
  );
}

function CreditNotes({ invoice }: { invoice: Invoice }) {
  const money = (minor: number) => formatMoney(minor, invoice.currency);
  return (
    <Section title="Credit notes">
      <Table<CreditNote>
        caption="Credit notes issued against this invoice"
        captionHidden
        rowKey={(note) => note.id}
        state={{ status: 'data', rows: invoice.creditNotes }}
        errorSummary="The credit notes could not be shown."
        empty={{ message: 'No credit note has been issued against this invoice.' }}
        columns={[
          { key: 'number', header: 'Number', rowHeader: true, nowrap: true, cell: (note) => note.number },
          { key: 'date', header: 'Issue date', nowrap: true, cell: (note) => date(note.issueDate) },
          { key: 'reason', header: 'Reason', cell: (note) => note.reason },
          {
            key: 'amount',
            header: 'Amount',
            numeric: true,
            nowrap: true,
            cell: (note) => money(note.amountMinor),
          },
        ]}
      />
      {invoice.credits.length > 0 ? (
        <>
          <h3>Credit set against this invoice</h3>
          <Table<CreditApplication>
            caption="Credit set against this invoice"
            captionHidden
            rowKey={(credit) => `${credit.creditNoteNumber}-${credit.appliedOn}-${credit.amountMinor}`}
            state={{ status: 'data', rows: invoice.credits }}
            errorSummary="The credit could not be shown."
            empty={{ message: 'No credit has been set against this invoice.' }}
            columns={[
              {
                key: 'note',
                header: 'From credit note',
                rowHeader: true,
                nowrap: true,
                cell: (credit) => credit.creditNoteNumber,
              },
              {
                key: 'applied',
                header: 'Set against on',
                nowrap: true,
                cell: (credit) => date(credit.appliedOn),
              },
              {
                key: 'amount',
                header: 'Amount',
                numeric: true,
                nowrap: true,
                cell: (credit) => money(credit.amountMinor),
              },
            ]}
          />
        </>
      ) : null}
    </Section>
  );
}

/**
 * An invoice as its reader opens it: number and status, whom it bills, its dates, its lines, the tax per
 * rate and the totals, the payments received and what remains due, and its PDF. Staff get `actions`.
 */
export function InvoiceDetails({
  invoiceId,
  listPath,
  organizationLink,
  actions,
}: {
  invoiceId: string;
  /** The list this page is reached from, for the breadcrumb. */
  listPath: string;
  /** Staff: the organization's own page. */
  organizationLink?: ((organizationId: string) => string) | undefined;
  /** What the reader may do with it (staff's Issue, Record payment…), beside "Download PDF". */
  actions?: ((invoice: Invoice) => ReactNode) | undefined;
}) {
  const invoice = useInvoice(invoiceId);
  if (invoice.isPending) {
    return (
      <p className="table-loading" role="status" aria-busy="true">
        Loading the invoice…
      </p>
    );
  }
  if (invoice.isError) {
    return (
      <ApiErrorMessage
        summary="The invoice could not be loaded."
        error={invoice.error}
        onRetry={() => void invoice.refetch()}
      />
    );
  }
  const data = invoice.data;
  const title = invoiceTitle(data);
  return (
    <>
      <PageTitle>{title}</PageTitle>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={listPath}>Invoices</Link>
      </nav>
      <h1>{title}</h1>
      <dl className="facts card">
        <div>
          <dt>Status</dt>
          <dd>
            <InvoiceStatus invoice={data} />
          </dd>
        </div>
        <div>
          <dt>Bill to</dt>
          <dd>
            {organizationLink ? (
              <Link to={organizationLink(data.organization.id)}>
                {data.billToName ?? data.organization.name}
              </Link>
            ) : (
              (data.billToName ?? data.organization.name)
            )}
          </dd>
        </div>
        <div>
          <dt>Issue date</dt>
          <dd>{date(data.issueDate)}</dd>
        </div>
        <div>
          <dt>Due date</dt>
          <dd>{date(data.dueDate)}</dd>
        </div>
        <div>
          <dt>Currency</dt>
          <dd>{data.currency}</dd>
        </div>
        <div>
          <dt>Total</dt>
          <dd>{formatMoney(data.totalMinor, data.currency)}</dd>
        </div>
      </dl>
      <Remaining invoice={data} />
      <div className="actions invoice-actions">
        <DownloadPdf invoice={data} />
        {actions?.(data)}
      </div>
      <Lines invoice={data} />
      <Totals invoice={data} />
      {data.documentStatus === 'draft' ? null : <Payments invoice={data} />}
      {data.documentStatus === 'draft' ||
      (data.documentStatus === 'void' &&
        data.creditNotes.length === 0 &&
        data.credits.length === 0) ? null : (
        <CreditNotes invoice={data} />
      )}
    </>
  );
}
