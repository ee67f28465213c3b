import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import {
  type AccountCredit,
  type Actor,
  agingBuckets,
  agingOf,
  assertCan,
  type CreditNoteRequest,
  type Currency,
  daysPastDue,
  formatInvoiceNumber,
  hasPermission,
  type Invoice,
  type InvoiceDraftRequest,
  type InvoiceDraftUpdate,
  type InvoiceIssueRequest,
  type InvoiceListQuery,
  type InvoicePage,
  type InvoiceSummary,
  type InvoiceVoidRequest,
  invoiceTotals,
  isOverdue,
  type PaymentRequest,
  paymentStatusOf,
  type Receivables,
  type ReceivablesQuery,
  type RefundRecorded,
  type RefundRequest,
  remainingDueMinor,
  type Statement,
  type StatementListQuery,
  type StatementPage,
  type StatementRequest,
  type StatementRowsQuery,
  statementCsv,
  statementOf,
  sumMinor,
} from '@portals/domain';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { organizations } from '../../db/schema/index';
import { type DatabaseAccess, readScoped, type ScopedExecutor, scopeOf, withScope } from '../../db/scope';
import { AppError, notFound } from '../../lib/app-error';
import { recordAudit } from '../../lib/audit';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { type IdempotencyClaim, idempotently } from '../../lib/idempotency';
import { existingProductIds } from '../alerts/repository';
import { queueEmailForRole } from '../communications/queue-email-for-role';
import { invoiceIssuedEmail, paymentReceivedEmail } from '../email/templates/invoice';
import { portalUrl } from '../email/templates/layout';
import { recordWebhookEvent } from '../webhooks/record-event';
import { renderInvoicePdf, renderStatementPdf } from './pdf';
import {
  accountCreditByCurrency,
  consumeAccountCredit,
  deleteDraft,
  findInvoice,
  findInvoiceCredits,
  findStatement,
  findStatementDownload,
  type InvoiceFilter,
  type InvoiceRow,
  insertDraftInvoice,
  recordPayment as insertPayment,
  insertStatement,
  invoiceTotalsByCurrency,
  issueCreditNote,
  issueInvoice,
  listInvoices as listInvoiceRows,
  listLedger,
  listOpenInvoices,
  listOpenItemsAt,
  listStatements,
  voidInvoice as markVoid,
  planByIndexOrder,
  recordRefund,
  replaceDraft,
} from './repository';

/** The vendor's calendar day (UTC) at `now`: what issue dates default to and overdue is read against. */
export const dayOf = (now: Date): string => now.toISOString().slice(0, 10);

const addDays = (isoDate: string, days: number): string =>
  new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Payment is due this many days after the issue date unless staff choose a due date. */
export const defaultPaymentTermDays = 30;

const DateIdCursor = z.string().transform((value, context) => {
  try {
    const [date, id] = z.tuple([z.iso.date(), z.uuid()]).parse(JSON.parse(value));
    return { date, id };
  } catch {
    context.addIssue({ code: 'custom', message: 'not a cursor' });
    return z.NEVER;
  }
});

/** Staff read every organization's books; a main or administrative contact their own organization's. */
const readerOf = (actor: Actor) => {
  if (actor.kind === 'staff' && hasPermission(actor, 'invoice:read:any')) return { staff: true as const };
  if (!actor.organizationId) {
    throw new AppError(
      'forbidden',
      "Only the vendor's billing staff and an organization's contacts read invoices",
    );
  }
  assertCan(actor, 'invoice:read:org', { organizationId: actor.organizationId });
  return { staff: false as const, organizationId: actor.organizationId };
};

/** Reports across organizations are staff's. */
const requireStaffReader = (actor: Actor) => {
  if (actor.kind !== 'staff')
    throw new AppError('forbidden', "Only the vendor's billing staff read the receivables");
  assertCan(actor, 'invoice:read:any');
};

const requireBookkeeper = (actor: Actor) => {
  if (actor.kind !== 'staff')
    throw new AppError('forbidden', "Only the vendor's billing staff keep the books");
  assertCan(actor, 'invoice:manage:any');
};

const summaryOf = (row: InvoiceRow, today: string): InvoiceSummary => {
  const facts = {
    totalMinor: Number(row.total_minor),
    paidMinor: Number(row.paid_minor),
    creditedMinor: Number(row.credited_minor),
    uncollectible: row.uncollectible,
  };
  const issued = row.document_status === 'issued';
  return {
    id: row.id,
    number:
      row.number !== null && row.number_year !== null
        ? formatInvoiceNumber(row.series, row.number_year, row.number)
        : null,
    organization: { id: row.organization_id, name: row.organization_name },
    documentStatus: row.document_status,
    paymentStatus: issued ? paymentStatusOf(facts) : null,
    overdue: issued && row.due_date !== null && isOverdue({ ...facts, dueDate: row.due_date }, today),
    currency: row.currency,
    issueDate: row.issue_date,
    dueDate: row.due_date,
    totalMinor: facts.totalMinor,
    paidMinor: facts.paidMinor,
    creditedMinor: facts.creditedMinor,
    remainingMinor: issued ? remainingDueMinor(facts) : 0,
  };
};

export const listInvoices = async (
  db: DatabaseAccess,
  actor: Actor,
  query: InvoiceListQuery,
  now: Date,
): Promise<InvoicePage> => {
  const reader = readerOf(actor);
  if (!reader.staff) {
    if (query.documentStatus === 'draft') {
      throw new AppError(
        'validation_failed',
        'Drafts are the vendor’s work in progress: choose issued or void',
        [{ path: 'documentStatus', message: 'must be issued or void' }],
        'querystring',
      );
    }
    if (query.organizationId && query.organizationId !== reader.organizationId) {
      throw new AppError('forbidden', "You read your own organization's invoices only");
    }
  }
  const today = dayOf(now);
  const filter: InvoiceFilter = {
    organizationId: reader.staff ? query.organizationId : reader.organizationId,
    includeDrafts: reader.staff,
    documentStatus: query.documentStatus,
    paymentStatus: query.paymentStatus,
    overdue: query.overdue === undefined ? undefined : query.overdue === 'true',
    currency: query.currency,
    from: query.from,
    to: query.to,
    today,
  };
  const after = query.cursor ? decodeCursor(query.cursor, DateIdCursor) : undefined;
  // The page and the totals in one round trip; the page read in the order of its index.
  const [, rows, , totals] = await readScoped(db, scopeOf(actor), (tx) => [
    planByIndexOrder(tx, true),
    listInvoiceRows(tx, filter, { after, limit: query.limit + 1 }),
    planByIndexOrder(tx, false),
    invoiceTotalsByCurrency(tx, filter),
  ]);
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map((row) => summaryOf(row, today)),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor(JSON.stringify([last.sort_date, last.id])) : null,
    totals: totals.map((total) => ({
      currency: total.currency,
      dueMinor: Number(total.due_minor),
      overdueMinor: Number(total.overdue_minor),
    })),
  };
};

const readInvoice = async (tx: ScopedExecutor, invoiceId: string, today: string): Promise<Invoice> => {
  const found = await findInvoice(tx, invoiceId, today);
  if (!found) throw notFound('The invoice');
  const { row, lines, payments } = found;
  const figures = invoiceTotals(lines);
  const credits = await findInvoiceCredits(tx, invoiceId);
  return {
    ...summaryOf(row, today),
    billToName: row.bill_to_name,
    lines: lines.map((line) => ({
      position: line.position,
      description: line.description,
      productId: line.productId,
      quantity: line.quantity,
      unitPriceMinor: line.unitPriceMinor,
      taxRateBasisPoints: line.taxRateBasisPoints,
      netMinor: line.netMinor,
      taxMinor: line.taxMinor,
    })),
    taxLines: figures.taxLines,
    subtotalMinor: Number(row.subtotal_minor),
    taxMinor: Number(row.tax_minor),
    taxRounding: 'half_even_per_line',
    payments: payments.map((payment) => ({
      id: payment.id,
      amountMinor: payment.amountMinor,
      method: payment.method,
      reference: payment.reference,
      receivedOn: payment.receivedOn,
    })),
    creditNotes: credits.notes.map((note) => ({
      id: note.id,
      number: formatInvoiceNumber(note.series, note.numberYear, note.number),
      issueDate: note.issueDate,
      amountMinor: note.amountMinor,
      reason: note.reason,
    })),
    credits: credits.applications.map((application) => ({
      creditNoteNumber: formatInvoiceNumber(application.series, application.number_year, application.number),
      amountMinor: Number(application.amount),
      appliedOn: application.applied_on,
    })),
    voidReason: row.void_reason,
  };
};

export const getInvoice = async (db: DatabaseAccess, actor: Actor, invoiceId: string, now: Date) => {
  readerOf(actor);
  return withScope(db, scopeOf(actor), (tx) => readInvoice(tx, invoiceId, dayOf(now)));
};

/** An issued or void invoice's document; a draft has none yet. */
export const getInvoicePdf = async (
  db: DatabaseAccess,
  actor: Actor,
  invoiceId: string,
  issuer: readonly string[],
  now: Date,
) => {
  const invoice = await getInvoice(db, actor, invoiceId, now);
  if (invoice.documentStatus === 'draft' || !invoice.number) {
    throw new AppError('invalid_transition', 'A draft has no document yet: issue it first');
  }
  return { fileName: `${invoice.number}.pdf`, bytes: await renderInvoicePdf(invoice, issuer) };
};

/** The organization a request names in its body, or a clear 422 naming the field. */
const namedOrganization = async (tx: ScopedExecutor, organizationId: string) => {
  const [organization] = await tx
    .select({ name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  if (!organization) {
    throw new AppError('invalid_reference', 'Choose an organization that exists', [
      { path: 'organizationId', message: 'No such organization' },
    ]);
  }
  return organization;
};

/** Products named on lines must be in the catalogue: a clear 422 rather than a foreign key's failure. */
const checkProducts = async (tx: ScopedExecutor, lines: InvoiceDraftUpdate['lines']) => {
  const named = lines.flatMap((line) => (line.productId ? [line.productId] : []));
  const known = await existingProductIds(tx, [...new Set(named)]);
  const errors = lines.flatMap((line, index) =>
    line.productId && !known.includes(line.productId)
      ? [{ path: `lines.${index}.productId`, message: 'No such product' }]
      : [],
  );
  if (errors.length > 0)
    throw new AppError('invalid_reference', "Choose products from the vendor's catalogue", errors);
};

/** Totals past what is held exactly are a clear 400, not a failure of the server. */
const checkedTotals = (lines: InvoiceDraftUpdate['lines']) => {
  try {
    return invoiceTotals(lines);
  } catch (error) {
    if (error instanceof RangeError) {
      throw new AppError('validation_failed', 'The invoice is too large to be held exactly', [
        { path: 'lines', message: error.message },
      ]);
    }
    throw error;
  }
};

export const createDraft = async (
  db: DatabaseAccess,
  actor: Actor,
  request: InvoiceDraftRequest,
  idempotency: IdempotencyClaim | null,
  now: Date,
): Promise<Invoice> => {
  requireBookkeeper(actor);
  checkedTotals(request.lines);
  return idempotently(db, scopeOf(actor), idempotency, async (tx) => {
    await namedOrganization(tx, request.organizationId);
    await checkProducts(tx, request.lines);
    const { id } = await insertDraftInvoice(tx, {
      organizationId: request.organizationId,
      currency: request.currency as Currency,
      lines: request.lines,
      createdByUserId: actor.userId,
    });
    await recordAudit(tx, {
      action: 'invoice.drafted',
      actorUserId: actor.userId,
      organizationId: request.organizationId,
      targetType: 'invoice',
      targetId: id,
      details: { currency: request.currency, lines: request.lines.length },
    });
    return readInvoice(tx, id, dayOf(now));
  });
};

export const updateDraft = async (
  db: DatabaseAccess,
  actor: Actor,
  invoiceId: string,
  request: InvoiceDraftUpdate,
  now: Date,
): Promise<Invoice> => {
  requireBookkeeper(actor);
  checkedTotals(request.lines);
  return withScope(db, scopeOf(actor), async (tx) => {
    await checkProducts(tx, request.lines);
    const organizationId = await replaceDraft(tx, invoiceId, request);
    await recordAudit(tx, {
      action: 'invoice.draft_changed',
      actorUserId: actor.userId,
      organizationId,
      targetType: 'invoice',
      targetId: invoiceId,
      details: { currency: request.currency, lines: request.lines.length },
    });
    return readInvoice(tx, invoiceId, dayOf(now));
  });
};

export const removeDraft = async (db: DatabaseAccess, actor: Actor, invoiceId: string) => {
  requireBookkeeper(actor);
  await withScope(db, scopeOf(actor), async (tx) => {
    const organizationId = await deleteDraft(tx, invoiceId);
    await recordAudit(tx, {
      action: 'invoice.draft_deleted',
      actorUserId: actor.userId,
      organizationId,
      targetType: 'invoice',
      targetId: invoiceId,
    });
  });
};

/** What the invoice emails need: links into the Subscriber Portal and the issuer printed on the PDF. */
export interface InvoiceMailConfig {
  publicUrl: string;
  issuer: readonly string[];
}

const emailFactsOf = (invoice: Invoice, config: InvoiceMailConfig) => ({
  number: invoice.number ?? '',
  currency: invoice.currency,
  totalMinor: invoice.totalMinor,
  dueDate: invoice.dueDate ?? '',
  invoiceUrl: portalUrl(config.publicUrl, 'subscriber', `invoices/${invoice.id}`),
});

/** What invoice webhooks carry: the invoice's facts, not its lines (read them with GET /v1/invoices/{id}). */
const webhookInvoiceOf = (invoice: Invoice) => ({
  id: invoice.id,
  number: invoice.number,
  organizationId: invoice.organization.id,
  currency: invoice.currency,
  totalMinor: invoice.totalMinor,
  remainingMinor: invoice.remainingMinor,
  paymentStatus: invoice.paymentStatus,
  issueDate: invoice.issueDate,
  dueDate: invoice.dueDate,
});

export const issue = async (
  db: DatabaseAccess,
  actor: Actor,
  invoiceId: string,
  request: InvoiceIssueRequest,
  now: Date,
  mail: InvoiceMailConfig,
): Promise<Invoice> => {
  requireBookkeeper(actor);
  const issueDate = request.issueDate ?? dayOf(now);
  const dueDate = request.dueDate ?? addDays(issueDate, defaultPaymentTermDays);
  return withScope(db, scopeOf(actor), async (tx) => {
    const number = await issueInvoice(tx, { invoiceId, issueDate, dueDate, issuedAt: now });
    const creditApplied = await consumeAccountCredit(tx, invoiceId, issueDate);
    const invoice = await readInvoice(tx, invoiceId, dayOf(now));
    await recordAudit(tx, {
      action: 'invoice.issued',
      actorUserId: actor.userId,
      organizationId: invoice.organization.id,
      targetType: 'invoice',
      targetId: invoiceId,
      details: {
        number: formatInvoiceNumber(number.series, number.year, number.number),
        currency: invoice.currency,
        totalMinor: invoice.totalMinor,
        creditApplied,
      },
    });
    await recordWebhookEvent(tx, {
      organizationId: invoice.organization.id,
      type: 'invoice.issued',
      audience: 'billing',
      data: { invoice: webhookInvoiceOf(invoice) },
    });
    // The issued invoice goes to the main and administrative contacts, its PDF attached (always sent).
    await queueEmailForRole(tx, invoice.organization.id, 'invoice_issued', {
      ...invoiceIssuedEmail({ ...emailFactsOf(invoice, mail), remainingMinor: invoice.remainingMinor }),
      attachments: [
        {
          fileName: `${invoice.number}.pdf`,
          contentType: 'application/pdf',
          content: await renderInvoicePdf(invoice, mail.issuer),
        },
      ],
    });
    return invoice;
  });
};

export const voidIssued = async (
  db: DatabaseAccess,
  actor: Actor,
  invoiceId: string,
  request: InvoiceVoidRequest,
  now: Date,
): Promise<Invoice> => {
  requireBookkeeper(actor);
  return withScope(db, scopeOf(actor), async (tx) => {
    await markVoid(tx, { invoiceId, reason: request.reason });
    const invoice = await readInvoice(tx, invoiceId, dayOf(now));
    await recordAudit(tx, {
      action: 'invoice.voided',
      actorUserId: actor.userId,
      organizationId: invoice.organization.id,
      targetType: 'invoice',
      targetId: invoiceId,
      details: { number: invoice.number, reason: request.reason },
    });
    return invoice;
  });
};

export const recordPayment = async (
  db: DatabaseAccess,
  actor: Actor,
  invoiceId: string,
  request: PaymentRequest,
  idempotency: IdempotencyClaim | null,
  now: Date,
  mail: InvoiceMailConfig,
): Promise<Invoice> => {
  requireBookkeeper(actor);
  return idempotently(db, scopeOf(actor), idempotency, async (tx) => {
    const payment = await insertPayment(tx, { invoiceId, ...request, recordedByUserId: actor.userId });
    const invoice = await readInvoice(tx, invoiceId, dayOf(now));
    await recordAudit(tx, {
      action: 'invoice.payment_recorded',
      actorUserId: actor.userId,
      organizationId: invoice.organization.id,
      targetType: 'invoice',
      targetId: invoiceId,
      details: {
        paymentId: payment.id,
        amountMinor: request.amountMinor,
        method: request.method,
        remainingMinor: payment.remainingMinor,
      },
    });
    if (invoice.paymentStatus === 'paid') {
      await recordWebhookEvent(tx, {
        organizationId: invoice.organization.id,
        type: 'invoice.paid',
        audience: 'billing',
        data: { invoice: webhookInvoiceOf(invoice), payment: { id: payment.id, ...request } },
      });
    }
    // A receipt to the contacts who keep it (payment receipts may be turned off).
    await queueEmailForRole(
      tx,
      invoice.organization.id,
      'payment_received',
      paymentReceivedEmail({
        ...emailFactsOf(invoice, mail),
        amountMinor: request.amountMinor,
        remainingMinor: invoice.remainingMinor,
      }),
    );
    return invoice;
  });
};

// Statements.

const TimeIdCursor = z.string().transform((value, context) => {
  try {
    const [at, id] = z.tuple([z.iso.datetime({ offset: true }), z.uuid()]).parse(JSON.parse(value));
    return { at, id };
  } catch {
    context.addIssue({ code: 'custom', message: 'not a cursor' });
    return z.NEVER;
  }
});

type StatementRecord = NonNullable<Awaited<ReturnType<typeof findStatement>>>;

const statementOfRecord = (record: StatementRecord): Statement => ({
  id: record.id,
  organization: { id: record.organizationId, name: record.organizationName },
  currency: record.currency as Currency,
  from: record.periodFrom,
  to: record.periodTo,
  generatedAt: record.generatedAt.toISOString(),
  openingMinor: record.openingMinor,
  closingMinor: record.closingMinor,
  rowCount: record.rowCount,
  rows: record.rows,
  aging: record.aging as Statement['aging'],
});

/** Whose statements a request is about: a contact's own organization; for staff, the one named. */
const statementOrganizationOf = (actor: Actor, organizationId: string | undefined) => {
  const reader = readerOf(actor);
  if (reader.staff) return organizationId;
  if (organizationId && organizationId !== reader.organizationId) {
    throw new AppError('forbidden', "You read your own organization's statements only");
  }
  return reader.organizationId;
};

/**
 * Generates an account statement for a period and currency and keeps it: the opening balance (everything
 * before the period), the period's invoices and payments with the running balance, the closing balance,
 * and the aging of what remained due at the period's end.
 */
export const generateStatement = async (
  db: DatabaseAccess,
  actor: Actor,
  request: StatementRequest,
  issuer: readonly string[],
  idempotency: IdempotencyClaim | null,
): Promise<Statement> => {
  const organizationId = statementOrganizationOf(actor, request.organizationId);
  if (!organizationId) {
    throw new AppError('validation_failed', 'Choose the organization whose statement to generate', [
      { path: 'organizationId', message: 'is required for staff' },
    ]);
  }
  return idempotently(db, scopeOf(actor), idempotency, async (tx) => {
    const organization = await namedOrganization(tx, organizationId);
    const scope = { organizationId, currency: request.currency, to: request.to };
    const ledger = await listLedger(tx, scope);
    const figures = statementOf(ledger, request);
    const aging = agingOf(await listOpenItemsAt(tx, scope), request.to);
    // Its downloads are made now, from the statement as generated, and kept with it: the same bytes at
    // every download, and a download costs a read.
    const statement: Statement = {
      id: randomUUID(),
      organization: { id: organizationId, name: organization.name },
      currency: request.currency,
      from: request.from,
      to: request.to,
      // When it was made (the wall clock, as a record), not a date of the books.
      generatedAt: new Date().toISOString(),
      openingMinor: figures.openingMinor,
      closingMinor: figures.closingMinor,
      rowCount: figures.rows.length,
      rows: figures.rows.map(({ entry, debitMinor, creditMinor, balanceMinor }) => ({
        date: entry.date,
        kind: entry.kind,
        reference: entry.reference,
        debitMinor,
        creditMinor,
        balanceMinor,
      })),
      aging: agingBuckets.map((bucket) => ({ bucket, amountMinor: aging[bucket] })),
    };
    await insertStatement(
      tx,
      {
        id: statement.id,
        organizationId,
        currency: statement.currency,
        periodFrom: statement.from,
        periodTo: statement.to,
        organizationName: organization.name,
        openingMinor: statement.openingMinor,
        closingMinor: statement.closingMinor,
        rowCount: statement.rowCount,
        aging: statement.aging,
        generatedByUserId: actor.userId,
        generatedAt: new Date(statement.generatedAt),
        csvGzip: gzipSync(statementCsv(statement), { level: 9 }),
        pdf: await renderStatementPdf(statement, issuer),
      },
      statement.rows,
    );
    return statement;
  });
};

export const listAccountStatements = async (
  db: DatabaseAccess,
  actor: Actor,
  query: StatementListQuery,
): Promise<StatementPage> => {
  const organizationId = statementOrganizationOf(actor, query.organizationId);
  const after = query.cursor ? decodeCursor(query.cursor, TimeIdCursor) : undefined;
  const rows = await withScope(db, scopeOf(actor), (tx) =>
    listStatements(tx, { organizationId, after, limit: query.limit + 1 }),
  );
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map((row) => ({
      id: row.id,
      organization: { id: row.organizationId, name: row.organizationName },
      currency: row.currency as Currency,
      from: row.periodFrom,
      to: row.periodTo,
      generatedAt: row.generatedAt.toISOString(),
      openingMinor: row.openingMinor,
      closingMinor: row.closingMinor,
    })),
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor(JSON.stringify([last.generatedAt.toISOString(), last.id]))
        : null,
  };
};

export const getStatement = async (
  db: DatabaseAccess,
  actor: Actor,
  statementId: string,
  window?: StatementRowsQuery,
): Promise<Statement> => {
  readerOf(actor);
  const [record] = await readScoped(db, scopeOf(actor), (tx) => [
    findStatement(tx, statementId, window && { offset: window.rowsOffset, limit: window.rowsLimit }),
  ]);
  if (!record) throw notFound('The statement');
  return statementOfRecord(record);
};

/**
 * A statement's CSV or PDF, as made when it was generated: the bytes kept (`gzipped` for a CSV kept
 * gzipped, sent so to a client that accepts it), or a CSV kept as text before that.
 */
export const getStatementDownload = async (
  db: DatabaseAccess,
  actor: Actor,
  statementId: string,
  format: 'csv' | 'pdf',
): Promise<{ fileName: string; body: Buffer | string; gzipped: boolean }> => {
  readerOf(actor);
  const [found] = await readScoped(db, scopeOf(actor), (tx) => [
    findStatementDownload(tx, statementId, format),
  ]);
  if (!found) throw notFound('The statement');
  const fileName = `statement-${found.currency}-${found.periodFrom}-to-${found.periodTo}.${format}`;
  if ('pdf' in found) return { fileName, body: found.pdf, gzipped: false };
  if (found.gzipped) return { fileName, body: found.gzipped, gzipped: true };
  if (found.text === null) throw new Error(`statement ${statementId} keeps no CSV`);
  return { fileName, body: found.text, gzipped: false };
};

// Credit.

export const creditInvoice = async (
  db: DatabaseAccess,
  actor: Actor,
  invoiceId: string,
  request: CreditNoteRequest,
  idempotency: IdempotencyClaim | null,
  now: Date,
): Promise<Invoice> => {
  requireBookkeeper(actor);
  return idempotently(db, scopeOf(actor), idempotency, async (tx) => {
    const note = await issueCreditNote(tx, {
      invoiceId,
      amountMinor: request.amountMinor,
      reason: request.reason,
      issueDate: request.issueDate ?? dayOf(now),
      issuedByUserId: actor.userId,
    });
    await recordAudit(tx, {
      action: 'invoice.credit_note_issued',
      actorUserId: actor.userId,
      organizationId: note.organizationId,
      targetType: 'invoice',
      targetId: invoiceId,
      details: {
        creditNote: formatInvoiceNumber(note.number.series, note.number.year, note.number.number),
        amountMinor: request.amountMinor,
        appliedMinor: note.appliedMinor,
        accountCreditMinor: note.accountCreditMinor,
        reason: request.reason,
      },
    });
    return readInvoice(tx, invoiceId, dayOf(now));
  });
};

const accountCreditIn = async (tx: ScopedExecutor, organizationId: string): Promise<AccountCredit> => ({
  organizationId,
  items: await accountCreditByCurrency(tx, organizationId),
});

export const getAccountCredit = async (
  db: DatabaseAccess,
  actor: Actor,
  organizationId: string | undefined,
): Promise<AccountCredit> => {
  const whose = statementOrganizationOf(actor, organizationId);
  if (!whose) {
    throw new AppError(
      'validation_failed',
      'Choose the organization whose account credit to read',
      [{ path: 'organizationId', message: 'is required for staff' }],
      'querystring',
    );
  }
  return withScope(db, scopeOf(actor), (tx) => accountCreditIn(tx, whose));
};

export const refundCredit = async (
  db: DatabaseAccess,
  actor: Actor,
  organizationId: string,
  request: RefundRequest,
  idempotency: IdempotencyClaim | null,
): Promise<RefundRecorded> => {
  requireBookkeeper(actor);
  return idempotently(db, scopeOf(actor), idempotency, async (tx) => {
    const [organization] = await tx
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.id, organizationId));
    if (!organization) throw notFound('The organization');
    const refund = await recordRefund(tx, { organizationId, ...request, recordedByUserId: actor.userId });
    await recordAudit(tx, {
      action: 'invoice.credit_refunded',
      actorUserId: actor.userId,
      organizationId,
      targetType: 'organization',
      targetId: organizationId,
      details: {
        currency: request.currency,
        amountMinor: request.amountMinor,
        reference: request.reference,
      },
    });
    return { id: refund.id, accountCredit: await accountCreditIn(tx, organizationId) };
  });
};

// Receivables.

export const getReceivables = async (
  db: DatabaseAccess,
  actor: Actor,
  query: ReceivablesQuery,
  now: Date,
): Promise<Receivables> => {
  requireStaffReader(actor);
  const asOf = dayOf(now);
  const open = await withScope(db, scopeOf(actor), (tx) => listOpenInvoices(tx, query.currency));
  const groups = new Map<string, typeof open>();
  for (const item of open) {
    const key = `${item.organizationId}:${item.currency}`;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  const agingList = (items: typeof open) => {
    const aging = agingOf(items, asOf);
    return agingBuckets.map((bucket) => ({ bucket, amountMinor: aging[bucket] }));
  };
  const organizationRows = [...groups.values()].flatMap((items) => {
    const [first] = items;
    if (!first) return [];
    const overdue = items.filter((item) => daysPastDue(item.dueDate, asOf) > 0);
    return [
      {
        organization: { id: first.organizationId, name: first.organizationName },
        currency: first.currency,
        dueMinor: sumMinor(items.map((item) => item.remainingMinor)),
        overdueMinor: sumMinor(overdue.map((item) => item.remainingMinor)),
        oldestOverdueDate: overdue.map((item) => item.dueDate).sort()[0] ?? null,
        aging: agingList(items),
      },
    ];
  });
  const byCurrency = new Map<Currency, typeof open>();
  for (const item of open) byCurrency.set(item.currency, [...(byCurrency.get(item.currency) ?? []), item]);
  return {
    asOf,
    totals: [...byCurrency.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, items]) => ({
        currency,
        dueMinor: sumMinor(items.map((item) => item.remainingMinor)),
        aging: agingList(items),
      })),
    organizations: organizationRows
      .filter((row) => query.overdueOnly !== 'true' || row.overdueMinor > 0)
      .sort(
        (a, b) =>
          (a.oldestOverdueDate ?? '9999').localeCompare(b.oldestOverdueDate ?? '9999') ||
          b.overdueMinor - a.overdueMinor ||
          a.organization.name.localeCompare(b.organization.name),
      ),
  };
};
