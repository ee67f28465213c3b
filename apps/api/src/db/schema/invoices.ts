import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  customType,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { invoiceDocumentStatus, paymentMethod } from './enums';
import { organizations } from './organizations';
import { products } from './tickets';
import { users } from './users';

/** Bytes kept as they are (a generated document). */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/** Amounts are bigint minor units read as JavaScript numbers: the domain refuses any past 2^53. */
const minor = (name: string) => bigint(name, { mode: 'number' });

/**
 * An invoice (docs/decisions/028-money-in-minor-units.md, 029-invoice-storage.md). Drafts are the
 * vendor's, invisible to customers; issuing assigns the next gap-free number of its series and year in
 * the same transaction, after which the database refuses any change but voiding and writing it off.
 * Payment status and overdue are derived from what its payments and credit add up to, never stored.
 */
export const invoices = pgTable(
  'invoices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    documentStatus: invoiceDocumentStatus('document_status').notNull().default('draft'),
    /** ISO 4217, one of the domain's `currencies`. */
    currency: text('currency').notNull(),
    series: text('series').notNull().default('INV'),
    /** Both set at issue: the year of the issue date and the next number of the series that year. */
    numberYear: integer('number_year'),
    number: integer('number'),
    issueDate: date('issue_date', { mode: 'string' }),
    dueDate: date('due_date', { mode: 'string' }),
    /** The customer's name as it was at issue, printed on the document. */
    billToName: text('bill_to_name'),
    subtotalMinor: minor('subtotal_minor').notNull().default(0),
    taxMinor: minor('tax_minor').notNull().default(0),
    totalMinor: minor('total_minor').notNull().default(0),
    taxRounding: text('tax_rounding').notNull().default('half_even_per_line'),
    uncollectible: boolean('uncollectible').notNull().default(false),
    voidReason: text('void_reason'),
    voidedAt: timestamp('voided_at', { withTimezone: true }),
    createdByUserId: uuid('created_by_user_id').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    issuedAt: timestamp('issued_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * What its payments and credit applications add up to, kept by the database as each is recorded
     * (migration 0025; nothing else may change them): a list reads them instead of summing.
     */
    paidMinor: minor('paid_minor').notNull().default(0),
    creditedMinor: minor('credited_minor').notNull().default(0),
    /** The day it is listed by: its issue date, a draft's day of making (UTC); set by the database. */
    listedOn: date('listed_on', { mode: 'string' }).notNull().default(sql`current_date`),
  },
  (table) => [
    unique('invoices_id_organization_unique').on(table.id, table.organizationId),
    unique('invoices_id_organization_currency_unique').on(table.id, table.organizationId, table.currency),
    unique('invoices_number_unique').on(table.series, table.numberYear, table.number),
    index('invoices_organization_id_idx').on(table.organizationId, table.issueDate),
    index('invoices_listed_idx').on(
      table.organizationId,
      table.listedOn.desc().nullsFirst(),
      table.id.desc().nullsFirst(),
    ),
    // What is still open, by organization: the lists' totals read only these.
    index('invoices_open_idx')
      .on(table.organizationId)
      .where(
        sql`${table.documentStatus} = 'issued' and ${table.totalMinor} > ${table.paidMinor} + ${table.creditedMinor}`,
      ),
    index('invoices_due_date_idx').on(table.dueDate).where(sql`${table.documentStatus} = 'issued'`),
    check('invoices_currency_code', sql`${table.currency} ~ '^[A-Z]{3}$'`),
    check('invoices_series_code', sql`${table.series} ~ '^[A-Z]{2,8}$'`),
    check(
      'invoices_numbered_once_issued',
      sql`(${table.documentStatus} = 'draft') = (${table.number} is null)
        and (${table.number} is null) = (${table.numberYear} is null)
        and (${table.documentStatus} = 'draft' or (${table.issueDate} is not null and ${table.dueDate} is not null
          and ${table.billToName} is not null and ${table.issuedAt} is not null))`,
    ),
    check('invoices_number_positive', sql`${table.number} > 0`),
    check('invoices_due_after_issue', sql`${table.dueDate} >= ${table.issueDate}`),
    check('invoices_totals_reconcile', sql`${table.subtotalMinor} + ${table.taxMinor} = ${table.totalMinor}`),
    check(
      'invoices_void_has_reason',
      sql`(${table.documentStatus} = 'void') = (${table.voidReason} is not null and ${table.voidedAt} is not null)`,
    ),
    check('invoices_void_reason_length', sql`char_length(${table.voidReason}) between 1 and 1000`),
    check('invoices_tax_rounding_known', sql`${table.taxRounding} = 'half_even_per_line'`),
  ],
);

/** A line of an invoice: what was sold, at what price and tax rate, and its own rounded figures. */
export const invoiceLines = pgTable(
  'invoice_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    invoiceId: uuid('invoice_id').notNull(),
    organizationId: uuid('organization_id').notNull(),
    position: integer('position').notNull(),
    productId: uuid('product_id').references(() => products.id),
    description: text('description').notNull(),
    quantity: integer('quantity').notNull(),
    unitPriceMinor: minor('unit_price_minor').notNull(),
    taxRateBasisPoints: integer('tax_rate_basis_points').notNull(),
    netMinor: minor('net_minor').notNull(),
    taxMinor: minor('tax_minor').notNull(),
  },
  (table) => [
    foreignKey({
      name: 'invoice_lines_invoice_of_organization_fk',
      columns: [table.invoiceId, table.organizationId],
      foreignColumns: [invoices.id, invoices.organizationId],
    }).onDelete('cascade'),
    unique('invoice_lines_position_unique').on(table.invoiceId, table.position),
    index('invoice_lines_organization_id_idx').on(table.organizationId),
    check('invoice_lines_description_length', sql`char_length(${table.description}) between 1 and 500`),
    check('invoice_lines_quantity_positive', sql`${table.quantity} > 0`),
    check('invoice_lines_tax_rate_range', sql`${table.taxRateBasisPoints} between 0 and 10000`),
    check(
      'invoice_lines_net_exact',
      sql`${table.netMinor} = ${table.quantity}::bigint * ${table.unitPriceMinor}`,
    ),
  ],
);

/** The last number given in each series and year: its row lock makes concurrent issuers take turns. */
export const invoiceNumberCounters = pgTable(
  'invoice_number_counters',
  {
    series: text('series').notNull(),
    year: integer('year').notNull(),
    lastNumber: integer('last_number').notNull(),
  },
  (table) => [primaryKey({ columns: [table.series, table.year] })],
);

/** A payment received offline against an issued invoice, in its currency. */
export const invoicePayments = pgTable(
  'invoice_payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    invoiceId: uuid('invoice_id').notNull(),
    organizationId: uuid('organization_id').notNull(),
    currency: text('currency').notNull(),
    amountMinor: minor('amount_minor').notNull(),
    method: paymentMethod('method').notNull(),
    /** The bank transfer's, purchase order's or card payment's reference. */
    reference: text('reference').notNull(),
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    recordedByUserId: uuid('recorded_by_user_id').references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    foreignKey({
      name: 'invoice_payments_invoice_in_currency_fk',
      columns: [table.invoiceId, table.organizationId, table.currency],
      foreignColumns: [invoices.id, invoices.organizationId, invoices.currency],
    }),
    index('invoice_payments_organization_id_idx').on(table.organizationId, table.receivedOn),
    index('invoice_payments_invoice_id_idx').on(table.invoiceId),
    check('invoice_payments_amount_positive', sql`${table.amountMinor} > 0`),
    check('invoice_payments_reference_length', sql`char_length(${table.reference}) between 1 and 200`),
  ],
);

/**
 * An account statement as generated: its period, currency, figures and rows kept as they were, so that
 * it is listed and downloaded again identically (page, CSV, PDF) whatever happens to the account later.
 * The database refuses to change one.
 */
export const accountStatements = pgTable(
  'account_statements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    currency: text('currency').notNull(),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    /** The customer's name when it was generated, printed on it. */
    organizationName: text('organization_name').notNull(),
    openingMinor: minor('opening_minor').notNull(),
    closingMinor: minor('closing_minor').notNull(),
    /** How many rows it holds (in `account_statement_rows`). */
    rowCount: integer('row_count').notNull(),
    /** What remained due at the period's end by days past due (AgingBuckets of the contract). */
    aging: jsonb('aging').notNull(),
    generatedByUserId: uuid('generated_by_user_id').references(() => users.id),
    generatedAt: timestamp('generated_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * The statement's downloads, made when it was generated and served as they are: the CSV gzipped
     * (sent so to a client that accepts gzip); `csv` as text only for statements kept before that.
     */
    csv: text('csv'),
    csvGzip: bytea('csv_gzip'),
    pdf: bytea('pdf').notNull(),
  },
  (table) => [
    index('account_statements_organization_id_idx').on(table.organizationId, table.generatedAt),
    check('account_statements_currency_code', sql`${table.currency} ~ '^[A-Z]{3}$'`),
    check('account_statements_period_ordered', sql`${table.periodTo} >= ${table.periodFrom}`),
    check('account_statements_csv_once', sql`num_nonnulls(${table.csv}, ${table.csvGzip}) = 1`),
  ],
);

/**
 * A kept statement's rows with their running balance, as generated (StatementRow of the contract), one row
 * each: a page of a long statement is a range of its key, not an unpacking of all of them.
 */
export const accountStatementRows = pgTable(
  'account_statement_rows',
  {
    statementId: uuid('statement_id')
      .notNull()
      .references(() => accountStatements.id),
    /** From 1, in the statement's order. */
    position: integer('position').notNull(),
    /** The statement's, for row-level security. */
    organizationId: uuid('organization_id').notNull(),
    entryDate: date('entry_date', { mode: 'string' }).notNull(),
    kind: text('kind').notNull(),
    reference: text('reference').notNull(),
    debitMinor: minor('debit_minor').notNull(),
    creditMinor: minor('credit_minor').notNull(),
    balanceMinor: minor('balance_minor').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.statementId, table.position] }),
    index('account_statement_rows_organization_id_idx').on(table.organizationId),
  ],
);

/**
 * A credit note against an issued invoice: numbered gap-free in its own series (CN), never changed. What
 * it credits goes first to what the invoice still asks for (an application); the rest is account credit
 * that the organization's next invoices in the currency consume, or that is refunded.
 */
export const creditNotes = pgTable(
  'credit_notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull(),
    invoiceId: uuid('invoice_id').notNull(),
    currency: text('currency').notNull(),
    series: text('series').notNull().default('CN'),
    numberYear: integer('number_year').notNull(),
    number: integer('number').notNull(),
    issueDate: date('issue_date', { mode: 'string' }).notNull(),
    amountMinor: minor('amount_minor').notNull(),
    reason: text('reason').notNull(),
    issuedByUserId: uuid('issued_by_user_id').references(() => users.id),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    foreignKey({
      name: 'credit_notes_invoice_in_currency_fk',
      columns: [table.invoiceId, table.organizationId, table.currency],
      foreignColumns: [invoices.id, invoices.organizationId, invoices.currency],
    }),
    unique('credit_notes_number_unique').on(table.series, table.numberYear, table.number),
    unique('credit_notes_id_organization_currency_unique').on(table.id, table.organizationId, table.currency),
    index('credit_notes_organization_id_idx').on(table.organizationId, table.currency, table.issueDate),
    index('credit_notes_invoice_id_idx').on(table.invoiceId),
    check('credit_notes_amount_positive', sql`${table.amountMinor} > 0`),
    check('credit_notes_reason_length', sql`char_length(${table.reason}) between 1 and 1000`),
  ],
);

/** Part of a credit note set against what an invoice asks for (its own invoice, or a later one). */
export const creditApplications = pgTable(
  'credit_applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull(),
    creditNoteId: uuid('credit_note_id').notNull(),
    invoiceId: uuid('invoice_id').notNull(),
    currency: text('currency').notNull(),
    amountMinor: minor('amount_minor').notNull(),
    appliedOn: date('applied_on', { mode: 'string' }).notNull(),
    appliedAt: timestamp('applied_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    foreignKey({
      name: 'credit_applications_credit_note_fk',
      columns: [table.creditNoteId, table.organizationId, table.currency],
      foreignColumns: [creditNotes.id, creditNotes.organizationId, creditNotes.currency],
    }),
    foreignKey({
      name: 'credit_applications_invoice_fk',
      columns: [table.invoiceId, table.organizationId, table.currency],
      foreignColumns: [invoices.id, invoices.organizationId, invoices.currency],
    }),
    index('credit_applications_organization_id_idx').on(table.organizationId),
    index('credit_applications_invoice_id_idx').on(table.invoiceId),
    index('credit_applications_credit_note_id_idx').on(table.creditNoteId),
    check('credit_applications_amount_positive', sql`${table.amountMinor} > 0`),
  ],
);

/** Account credit paid back to the customer. */
export const creditRefunds = pgTable(
  'credit_refunds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    currency: text('currency').notNull(),
    amountMinor: minor('amount_minor').notNull(),
    reference: text('reference').notNull(),
    refundedOn: date('refunded_on', { mode: 'string' }).notNull(),
    recordedByUserId: uuid('recorded_by_user_id').references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('credit_refunds_organization_id_idx').on(table.organizationId, table.currency, table.refundedOn),
    check('credit_refunds_currency_code', sql`${table.currency} ~ '^[A-Z]{3}$'`),
    check('credit_refunds_amount_positive', sql`${table.amountMinor} > 0`),
    check('credit_refunds_reference_length', sql`char_length(${table.reference}) between 1 and 200`),
  ],
);

/** The overdue reminders sent, one per invoice and window (7, 14, 30 days past due): each goes once. */
export const invoiceReminders = pgTable(
  'invoice_reminders',
  {
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    daysPastDue: integer('days_past_due').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.invoiceId, table.daysPastDue] }),
    index('invoice_reminders_organization_id_idx').on(table.organizationId),
  ],
);
