import {
  Currency,
  currencies,
  formatMoney,
  type InvoiceCurrencyTotal,
  InvoiceDocumentStatus,
  invoiceDocumentStatuses,
  PaymentStatus,
  paymentStatuses,
} from '@portals/domain';
import { Button, OrganizationPicker, Table } from '@portals/web-ui';
import { type ReactNode, useId, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { z } from 'zod';
import { type InvoiceListFilters, useInvoices } from '../api/get-invoices';
import { documentStatusLabels, paymentStatusLabels } from './invoice-labels';
import { InvoicesTable } from './invoices-table';

/** Who reads the list: an organization's contact (their invoices) or billing staff (every organization's). */
export type InvoiceListAudience = 'customer' | 'staff';

interface Choices {
  paymentStatus: PaymentStatus | '';
  overdue: boolean;
  currency: Currency | '';
  from: string;
  to: string;
  documentStatus: InvoiceDocumentStatus | '';
  organizationId: string;
  organizationName: string;
}

const IsoDate = z.iso.date();
const date = (value: string | null): string => IsoDate.safeParse(value).data ?? '';

/**
 * The filters in the page's address, so that going back from an invoice finds the list as it was and a
 * filtered list can be bookmarked. A value the API would refuse is left out rather than sent.
 */
const choicesOf = (params: URLSearchParams, audience: InvoiceListAudience): Choices => {
  const staff = audience === 'staff';
  const organizationId = staff ? (z.uuid().safeParse(params.get('organizationId')).data ?? '') : '';
  return {
    paymentStatus: PaymentStatus.safeParse(params.get('paymentStatus')).data ?? '',
    overdue: params.get('overdue') === 'true',
    currency: Currency.safeParse(params.get('currency')).data ?? '',
    from: date(params.get('from')),
    to: date(params.get('to')),
    documentStatus: staff ? (InvoiceDocumentStatus.safeParse(params.get('documentStatus')).data ?? '') : '',
    organizationId,
    organizationName: organizationId ? (params.get('organization') ?? '') : '',
  };
};

/** What the API is asked: the filters chosen, and nothing for those left at "any". */
const filtersOf = (choices: Choices): InvoiceListFilters => ({
  ...(choices.paymentStatus ? { paymentStatus: choices.paymentStatus } : {}),
  ...(choices.overdue ? { overdue: 'true' as const } : {}),
  ...(choices.currency ? { currency: choices.currency } : {}),
  ...(choices.from ? { from: choices.from } : {}),
  ...(choices.to ? { to: choices.to } : {}),
  ...(choices.documentStatus ? { documentStatus: choices.documentStatus } : {}),
  ...(choices.organizationId ? { organizationId: choices.organizationId } : {}),
});

function FilterSelect<Value extends string>({
  label,
  value,
  anyLabel,
  options,
  onChange,
}: {
  label: string;
  value: Value | '';
  anyLabel: string;
  options: readonly { value: Value; label: string }[];
  onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <span>
      <label htmlFor={id}>{label}</label>{' '}
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{anyLabel}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </span>
  );
}

function DateFilter({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <span>
      <label htmlFor={id}>{label}</label>{' '}
      <input id={id} type="date" value={value} onChange={(event) => onChange(event.target.value)} />
    </span>
  );
}

/** What the listed invoices still ask for, per currency, all pages together; the overdue part beside it. */
export function DueTotals({
  totals,
  filtered,
}: {
  totals: readonly InvoiceCurrencyTotal[];
  filtered: boolean;
}) {
  const headingId = useId();
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>What is due</h2>
      <p className="muted">
        {filtered
          ? 'What the invoices matching these filters still ask for, all pages together, per currency.'
          : 'What these invoices still ask for, all pages together, per currency.'}
      </p>
      <Table
        caption="What is due, per currency"
        captionHidden
        rowKey={(total) => total.currency}
        state={{ status: 'data', rows: totals }}
        errorSummary="The totals could not be loaded."
        empty={{ message: 'Nothing is due.' }}
        columns={[
          { key: 'currency', header: 'Currency', rowHeader: true, cell: (total) => total.currency },
          {
            key: 'due',
            header: 'Due',
            numeric: true,
            nowrap: true,
            cell: (total) => formatMoney(total.dueMinor, total.currency),
          },
          {
            key: 'overdue',
            header: 'Of which overdue',
            numeric: true,
            nowrap: true,
            cell: (total) =>
              total.overdueMinor > 0 ? (
                <strong className="invoice-overdue-amount">
                  {formatMoney(total.overdueMinor, total.currency)}
                </strong>
              ) : (
                formatMoney(total.overdueMinor, total.currency)
              ),
          },
        ]}
      />
    </section>
  );
}

/**
 * Invoices with their filters (payment status, overdue only, currency, issue dates; for staff also the
 * document status and the organization), kept in the address; what is due per currency above the table.
 */
export function InvoiceList({
  audience,
  invoicePath,
  emptyMessage,
}: {
  audience: InvoiceListAudience;
  invoicePath: (invoiceId: string) => string;
  /** What an empty list without filters means, in the page's words. */
  emptyMessage: ReactNode;
}) {
  const overdueId = useId();
  const [params, setParams] = useSearchParams();
  const choices = choicesOf(params, audience);
  const filters = filtersOf(choices);
  const invoices = useInvoices(filters);
  const staff = audience === 'staff';
  const filtered = Object.keys(filters).length > 0;
  const setParam = (changes: Record<string, string>) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        return next;
      },
      { replace: true },
    );
  // "Clear the filters" starts the organization picker afresh too.
  const [pickerGeneration, setPickerGeneration] = useState(0);
  const clearFilters = () => {
    setParams(new URLSearchParams(), { replace: true });
    setPickerGeneration((generation) => generation + 1);
  };
  const totals = invoices.data?.pages[0]?.totals ?? [];

  return (
    <>
      <fieldset className="filters">
        <legend className="visually-hidden">Filters</legend>
        {staff ? (
          <FilterSelect
            label="Document"
            anyLabel="Any document"
            value={choices.documentStatus}
            options={invoiceDocumentStatuses.map((value) => ({ value, label: documentStatusLabels[value] }))}
            onChange={(value) => setParam({ documentStatus: value })}
          />
        ) : null}
        <FilterSelect
          label="Payment status"
          anyLabel="Any payment status"
          value={choices.paymentStatus}
          options={paymentStatuses.map((value) => ({ value, label: paymentStatusLabels[value] }))}
          onChange={(value) => setParam({ paymentStatus: value })}
        />
        <span className="checkbox">
          <input
            id={overdueId}
            type="checkbox"
            checked={choices.overdue}
            onChange={(event) => setParam({ overdue: event.target.checked ? 'true' : '' })}
          />
          <label htmlFor={overdueId}>Overdue only</label>
        </span>
        <FilterSelect
          label="Currency"
          anyLabel="Any currency"
          value={choices.currency}
          options={currencies.map((value) => ({ value, label: value }))}
          onChange={(value) => setParam({ currency: value })}
        />
        <DateFilter
          label="Issued from"
          value={choices.from}
          onChange={(value) => setParam({ from: value })}
        />
        <DateFilter label="Issued to" value={choices.to} onChange={(value) => setParam({ to: value })} />
        {filtered ? (
          <Button variant="secondary" onClick={clearFilters}>
            Clear the filters
          </Button>
        ) : null}
      </fieldset>
      {staff ? (
        <OrganizationPicker
          key={pickerGeneration}
          label="Organization"
          hint="Only this organization's invoices: type a part of its name and choose it."
          value={choices.organizationId}
          chosenName={choices.organizationName}
          onChange={(organization) =>
            setParam({ organizationId: organization?.id ?? '', organization: organization?.name ?? '' })
          }
        />
      ) : null}
      {invoices.data && totals.length > 0 ? <DueTotals totals={totals} filtered={filtered} /> : null}
      <div className="card">
        <InvoicesTable
          invoices={invoices}
          invoicePath={invoicePath}
          showOrganization={staff}
          caption="Invoices, latest issued first"
          empty={
            filtered
              ? { message: 'No invoice matches these filters: clear them to see every invoice.' }
              : { message: emptyMessage }
          }
        />
      </div>
    </>
  );
}
