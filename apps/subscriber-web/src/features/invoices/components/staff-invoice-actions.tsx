import {
  CreditNoteRequest,
  formatMoney,
  type Invoice,
  InvoiceVoidRequest,
  invoiceLimits,
  PaymentRequest,
  parseDecimal,
  paymentMethods,
} from '@portals/domain';
import {
  Button,
  ConfirmDialog,
  Dialog,
  FormError,
  formatDate,
  SelectField,
  setServerFieldErrors,
  TextAreaField,
  TextField,
  useToast,
  useZodForm,
} from '@portals/web-ui';
import { useId, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { z } from 'zod';
import {
  useDeleteInvoiceDraft,
  useIssueCreditNote,
  useIssueInvoice,
  useRecordInvoicePayment,
  useRereadInvoice,
  useVoidInvoice,
} from '../api/manage-invoices';
import { EditInvoiceDraftForm } from './edit-invoice-draft-form';
import { paymentMethodLabels } from './invoice-labels';
import { amountProblem, decimalsOf } from './money-input';

/** Today in the vendor's calendar (UTC), as the API reads dates. */
const today = () => new Date().toISOString().slice(0, 10);

const IsoDate = z.iso.date();

/** Issues a draft: the next number; today and thirty days on unless other dates are chosen. */
function IssueDialog({ invoice, open, onClose }: { invoice: Invoice; open: boolean; onClose: () => void }) {
  const issue = useIssueInvoice();
  const { showToast } = useToast();
  const issueDateId = useId();
  const dueDateId = useId();
  const [issueDate, setIssueDate] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const close = () => {
    setProblem(null);
    onClose();
  };
  return (
    <ConfirmDialog
      open={open}
      title={`Issue the draft for ${invoice.organization.name}?`}
      confirmLabel="Issue the invoice"
      busyLabel="Issuing…"
      onClose={close}
      onConfirm={async () => {
        if (issueDate && dueDate && dueDate < issueDate) {
          setProblem('The due date cannot be before the issue date.');
          return false;
        }
        setProblem(null);
        const issued = await issue.mutateAsync({
          invoiceId: invoice.id,
          request: { ...(issueDate ? { issueDate } : {}), ...(dueDate ? { dueDate } : {}) },
        });
        showToast(
          `Invoice ${issued.number ?? ''} issued to ${issued.organization.name}: ${formatMoney(issued.remainingMinor, issued.currency)} due${issued.dueDate ? ` by ${formatDate(issued.dueDate)}` : ''}.`,
        );
        return true;
      }}
    >
      <p>
        It gets the next invoice number, the customer sees it at once, and it can no longer be changed: only
        voided. Total: <strong>{formatMoney(invoice.totalMinor, invoice.currency)}</strong>.
      </p>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={issueDateId}>Issue date (optional)</label>
          <p className="field-hint" id={`${issueDateId}-hint`}>
            Today when left empty.
          </p>
          <input
            id={issueDateId}
            type="date"
            value={issueDate}
            aria-describedby={`${issueDateId}-hint`}
            onChange={(event) => setIssueDate(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={dueDateId}>Due date (optional)</label>
          <p className="field-hint" id={`${dueDateId}-hint`}>
            Thirty days after the issue date when left empty.
          </p>
          <input
            id={dueDateId}
            type="date"
            value={dueDate}
            aria-invalid={problem ? true : undefined}
            aria-describedby={`${dueDateId}-hint${problem ? ` ${dueDateId}-error` : ''}`}
            onChange={(event) => setDueDate(event.target.value)}
          />
          {problem ? (
            <p className="field-error" id={`${dueDateId}-error`}>
              {problem}
            </p>
          ) : null}
        </div>
      </div>
    </ConfirmDialog>
  );
}

function DeleteDraftDialog({
  invoice,
  open,
  onClose,
  listPath,
}: {
  invoice: Invoice;
  open: boolean;
  onClose: () => void;
  listPath: string;
}) {
  const remove = useDeleteInvoiceDraft();
  const { showToast } = useToast();
  const navigate = useNavigate();
  return (
    <ConfirmDialog
      open={open}
      title={`Delete the draft for ${invoice.organization.name}?`}
      confirmLabel="Delete the draft"
      busyLabel="Deleting…"
      variant="danger"
      onClose={onClose}
      onConfirm={async () => {
        await remove.mutateAsync(invoice.id);
        showToast(`The draft for ${invoice.organization.name} was deleted.`);
        navigate(listPath);
      }}
    >
      <p>
        The draft of {formatMoney(invoice.totalMinor, invoice.currency)} and its lines are deleted. It was
        never issued, so no number is lost.
      </p>
    </ConfirmDialog>
  );
}

const PaymentFields = z.object({
  amount: z.string(),
  method: z.enum(paymentMethods),
  reference: z.string(),
  receivedOn: z.string(),
});
type PaymentFields = z.infer<typeof PaymentFields>;

/** The payment form's values read for `invoice`: the amount in its currency, at most what remains due. */
const paymentFormOf = (invoice: Invoice) =>
  PaymentFields.transform((fields, context): z.input<typeof PaymentRequest> => {
    const amountMinor = parseDecimal(fields.amount, invoice.currency);
    if (amountMinor === null) {
      context.addIssue({
        code: 'custom',
        path: ['amount'],
        message: amountProblem(fields.amount, invoice.currency),
      });
    } else if (amountMinor <= 0) {
      context.addIssue({ code: 'custom', path: ['amount'], message: 'Give an amount of more than zero.' });
    } else if (amountMinor > invoice.remainingMinor) {
      context.addIssue({
        code: 'custom',
        path: ['amount'],
        message: `At most ${formatMoney(invoice.remainingMinor, invoice.currency)} remains due.`,
      });
    }
    if (!IsoDate.safeParse(fields.receivedOn).success) {
      context.addIssue({
        code: 'custom',
        path: ['receivedOn'],
        message: 'Give the day the payment arrived.',
      });
    }
    return {
      amountMinor: amountMinor ?? 0,
      method: fields.method,
      reference: fields.reference,
      receivedOn: fields.receivedOn,
    };
  }).pipe(PaymentRequest);

function RecordPaymentForm({ invoice, onDone }: { invoice: Invoice; onDone: () => void }) {
  const record = useRecordInvoicePayment();
  const { showToast } = useToast();
  // One key per payment being recorded: a retry after a lost answer records it once.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const form = useZodForm(
    paymentFormOf(invoice),
    {
      amount: '',
      method: 'bank_transfer',
      reference: '',
      receivedOn: today(),
    } satisfies PaymentFields,
    { messages: { reference: 'Give the transfer’s, purchase order’s or card payment’s reference.' } },
  );
  const handleSubmit = form.handleSubmit((request) =>
    record.mutate(
      { invoiceId: invoice.id, request, idempotencyKey },
      {
        onSuccess: (paid) => {
          showToast(
            `Payment of ${formatMoney(request.amountMinor, paid.currency)} recorded on ${paid.number ?? 'the invoice'}: ${
              paid.remainingMinor === 0
                ? 'it is paid in full.'
                : `${formatMoney(paid.remainingMinor, paid.currency)} remains due.`
            }`,
          );
          onDone();
        },
        onError: (error) => setServerFieldErrors(form, error, { renamed: { amountMinor: 'amount' } }),
      },
    ),
  );
  return (
    <>
      {record.isError ? <FormError error={record.error} /> : null}
      <form className="form" noValidate onSubmit={handleSubmit}>
        <p>
          Remaining due: <strong>{formatMoney(invoice.remainingMinor, invoice.currency)}</strong>.
        </p>
        <TextField
          control={form.control}
          name="amount"
          label={`Amount (${invoice.currency})`}
          hint={`As received, with ${decimalsOf(invoice.currency)}.`}
          inputMode="decimal"
          autoComplete="off"
          required
        />
        <SelectField
          control={form.control}
          name="method"
          label="Method"
          options={paymentMethods.map((value) => ({ value, label: paymentMethodLabels[value] }))}
        />
        <TextField
          control={form.control}
          name="reference"
          label="Reference"
          maxLength={invoiceLimits.referenceMaxLength}
          autoComplete="off"
          required
        />
        <TextField control={form.control} name="receivedOn" label="Received on" type="date" required />
        <div className="actions">
          <Button type="submit" busy={record.isPending} busyLabel="Recording…">
            Record the payment
          </Button>
          <Button variant="secondary" onClick={onDone}>
            Cancel
          </Button>
        </div>
      </form>
    </>
  );
}

function VoidForm({ invoice, onDone }: { invoice: Invoice; onDone: () => void }) {
  const voiding = useVoidInvoice();
  const { showToast } = useToast();
  const form = useZodForm(
    InvoiceVoidRequest,
    { reason: '' },
    { messages: { reason: 'Say why it is voided.' } },
  );
  const handleSubmit = form.handleSubmit((request) =>
    voiding.mutate(
      { invoiceId: invoice.id, request },
      {
        onSuccess: (voided) => {
          showToast(`Invoice ${voided.number ?? ''} was voided: it asks for nothing now.`);
          onDone();
        },
        onError: (error) => setServerFieldErrors(form, error),
      },
    ),
  );
  return (
    <>
      {voiding.isError ? <FormError error={voiding.error} /> : null}
      <form className="form" noValidate onSubmit={handleSubmit}>
        <p>
          A void invoice keeps its number and its document, marked void, and asks for nothing. This cannot be
          undone.
        </p>
        <TextAreaField
          control={form.control}
          name="reason"
          label="Reason"
          hint="Kept with the invoice and shown to the customer."
          maxLength={invoiceLimits.voidReasonMaxLength}
          rows={3}
          required
        />
        <div className="actions">
          <Button type="submit" variant="danger" busy={voiding.isPending} busyLabel="Voiding…">
            Void the invoice
          </Button>
          <Button variant="secondary" onClick={onDone}>
            Cancel
          </Button>
        </div>
      </form>
    </>
  );
}

const CreditNoteFields = z.object({ amount: z.string(), reason: z.string(), issueDate: z.string() });
type CreditNoteFields = z.infer<typeof CreditNoteFields>;

/** What an invoice may still be credited: its total less the credit notes already issued against it. */
export const creditableOf = (invoice: Invoice) =>
  invoice.totalMinor - invoice.creditNotes.reduce((sum, note) => sum + note.amountMinor, 0);

/** The credit note form's values read for `invoice`: the amount exactly, in its currency. */
const creditNoteFormOf = (invoice: Invoice) =>
  CreditNoteFields.transform((fields, context): z.input<typeof CreditNoteRequest> => {
    const amountMinor = parseDecimal(fields.amount, invoice.currency);
    if (amountMinor === null) {
      context.addIssue({
        code: 'custom',
        path: ['amount'],
        message: amountProblem(fields.amount, invoice.currency),
      });
    } else if (amountMinor <= 0) {
      context.addIssue({ code: 'custom', path: ['amount'], message: 'Give an amount of more than zero.' });
    }
    if (fields.issueDate !== '' && !IsoDate.safeParse(fields.issueDate).success) {
      context.addIssue({ code: 'custom', path: ['issueDate'], message: 'Give a date, or leave it empty.' });
    }
    return {
      amountMinor: amountMinor ?? 0,
      reason: fields.reason,
      ...(fields.issueDate ? { issueDate: fields.issueDate } : {}),
    };
  }).pipe(CreditNoteRequest);

/**
 * Issues a credit note: the amount is checked for its currency here, and what remains creditable by the
 * API, whose refusal (409) is shown in its words.
 */
function CreditNoteForm({ invoice, onDone }: { invoice: Invoice; onDone: () => void }) {
  const issue = useIssueCreditNote();
  const { showToast } = useToast();
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const form = useZodForm(
    creditNoteFormOf(invoice),
    { amount: '', reason: '', issueDate: '' } satisfies CreditNoteFields,
    { messages: { reason: 'Say why the invoice is credited.' } },
  );
  const handleSubmit = form.handleSubmit((request) =>
    issue.mutate(
      { invoiceId: invoice.id, request, idempotencyKey },
      {
        onSuccess: (credited) => {
          const note = credited.creditNotes.at(-1);
          showToast(
            `Credit note ${note?.number ?? ''} of ${formatMoney(request.amountMinor, credited.currency)} issued against ${credited.number ?? 'the invoice'}: ${formatMoney(credited.remainingMinor, credited.currency)} remains due.`,
          );
          onDone();
        },
        onError: (error) => setServerFieldErrors(form, error, { renamed: { amountMinor: 'amount' } }),
      },
    ),
  );
  return (
    <>
      {issue.isError ? <FormError error={issue.error} /> : null}
      <form className="form" noValidate onSubmit={handleSubmit}>
        <p>
          It reduces what the invoice asks for; what it credits beyond that becomes account credit. Still
          creditable: <strong>{formatMoney(creditableOf(invoice), invoice.currency)}</strong>.
        </p>
        <TextField
          control={form.control}
          name="amount"
          label={`Amount (${invoice.currency})`}
          hint={`With ${decimalsOf(invoice.currency)}.`}
          inputMode="decimal"
          autoComplete="off"
          required
        />
        <TextAreaField
          control={form.control}
          name="reason"
          label="Reason"
          hint="Printed on the credit note and shown to the customer."
          maxLength={invoiceLimits.voidReasonMaxLength}
          rows={3}
          required
        />
        <TextField
          control={form.control}
          name="issueDate"
          label="Issue date (optional)"
          hint="Today when left empty."
          type="date"
        />
        <div className="actions">
          <Button type="submit" busy={issue.isPending} busyLabel="Issuing…">
            Issue the credit note
          </Button>
          <Button variant="secondary" onClick={onDone}>
            Cancel
          </Button>
        </div>
      </form>
    </>
  );
}

type OpenAction = 'edit' | 'issue' | 'delete' | 'payment' | 'void' | 'credit' | null;

/** An issued invoice's actions: payments while something remains due, voiding while it has none. */
function IssuedInvoiceActions({
  invoice,
  action,
  open,
  close,
}: {
  invoice: Invoice;
  action: OpenAction;
  open: (action: OpenAction) => void;
  close: () => void;
}) {
  const canPay = invoice.remainingMinor > 0 && invoice.paymentStatus !== 'uncollectible';
  const canVoid = invoice.payments.length === 0;
  return (
    <>
      {canPay ? <Button onClick={() => open('payment')}>Record a payment</Button> : null}
      {creditableOf(invoice) > 0 ? (
        <Button variant="secondary" onClick={() => open('credit')}>
          Issue a credit note
        </Button>
      ) : null}
      {canVoid ? (
        <Button variant="danger" onClick={() => open('void')}>
          Void the invoice
        </Button>
      ) : (
        <span className="muted">With payments received, it can no longer be voided.</span>
      )}
      <Dialog
        open={action === 'payment' || action === 'void' || action === 'credit'}
        title={
          action === 'void'
            ? `Void invoice ${invoice.number ?? ''}`
            : action === 'credit'
              ? `Issue a credit note against ${invoice.number ?? ''}`
              : `Record a payment of ${invoice.number ?? ''}`
        }
        onClose={close}
      >
        {action === 'payment' ? <RecordPaymentForm invoice={invoice} onDone={close} /> : null}
        {action === 'void' ? <VoidForm invoice={invoice} onDone={close} /> : null}
        {action === 'credit' ? <CreditNoteForm invoice={invoice} onDone={close} /> : null}
      </Dialog>
    </>
  );
}

/**
 * What billing staff do with an invoice: a draft is edited, issued or deleted; an issued one gets
 * payments while something remains due, and is voided while it has none. A void one: nothing.
 */
export function StaffInvoiceActions({ invoice, listPath }: { invoice: Invoice; listPath: string }) {
  const [action, setAction] = useState<OpenAction>(null);
  // An edit the API refused (issued meanwhile): the page reads the invoice again once the form is closed,
  // not before, so that what was typed stays in the form until then.
  const [stale, setStale] = useState(false);
  const reread = useRereadInvoice();
  const close = () => {
    setAction(null);
    if (stale) {
      setStale(false);
      void reread(invoice.id);
    }
  };
  return (
    <>
      {/* First and outside the status's controls: an open edit form stays, with what was typed, even when
          the invoice is read again meanwhile (the window regains focus) and is a draft no more. */}
      <Dialog
        open={action === 'edit'}
        title={`Edit the draft for ${invoice.organization.name}`}
        onClose={close}
      >
        {action === 'edit' ? (
          <EditInvoiceDraftForm invoice={invoice} onDone={close} onRefused={() => setStale(true)} />
        ) : null}
      </Dialog>
      {invoice.documentStatus === 'draft' ? (
        <>
          <Button onClick={() => setAction('issue')}>Issue the invoice</Button>
          <Button variant="secondary" onClick={() => setAction('edit')}>
            Edit the draft
          </Button>
          <Button variant="danger" onClick={() => setAction('delete')}>
            Delete the draft
          </Button>
          <IssueDialog invoice={invoice} open={action === 'issue'} onClose={close} />
          <DeleteDraftDialog
            invoice={invoice}
            open={action === 'delete'}
            onClose={close}
            listPath={listPath}
          />
        </>
      ) : invoice.documentStatus === 'issued' ? (
        <IssuedInvoiceActions invoice={invoice} action={action} open={setAction} close={close} />
      ) : null}
    </>
  );
}
