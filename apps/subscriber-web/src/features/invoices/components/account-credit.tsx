import {
  type AccountCredit,
  type Currency,
  formatMoney,
  invoiceLimits,
  parseDecimal,
  RefundRequest,
} from '@portals/domain';
import {
  ApiErrorMessage,
  Button,
  Dialog,
  FormError,
  SelectField,
  setServerFieldErrors,
  Table,
  TextField,
  useToast,
  useZodForm,
} from '@portals/web-ui';
import { useId, useState } from 'react';
import { z } from 'zod';
import { useAccountCredit } from '../api/get-account-credit';
import { useRecordRefund } from '../api/manage-invoices';
import { amountProblem } from './money-input';

type CreditItem = AccountCredit['items'][number];

const today = () => new Date().toISOString().slice(0, 10);

function CreditTable({ items }: { items: readonly CreditItem[] }) {
  return (
    <Table<CreditItem>
      caption="Account credit left, per currency"
      captionHidden
      rowKey={(item) => item.currency}
      state={{ status: 'data', rows: items }}
      errorSummary="The account credit could not be shown."
      empty={{ message: 'No account credit is left.' }}
      columns={[
        { key: 'currency', header: 'Currency', rowHeader: true, cell: (item) => item.currency },
        {
          key: 'credit',
          header: 'Credit left',
          numeric: true,
          nowrap: true,
          cell: (item) => formatMoney(item.creditMinor, item.currency),
        },
      ]}
    />
  );
}

/** A contact's account credit per currency, shown only when there is some. */
export function AccountCreditNotice() {
  const headingId = useId();
  const credit = useAccountCredit();
  const items = credit.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Account credit</h2>
      <p className="muted">
        Credit from credit notes beyond what their invoices asked for: your next invoices in the currency use
        it up when they are issued.
      </p>
      <CreditTable items={items} />
    </section>
  );
}

const RefundFields = z.object({
  currency: z.string(),
  amount: z.string(),
  reference: z.string(),
  refundedOn: z.string(),
});
type RefundFields = z.infer<typeof RefundFields>;

const refundFormOf = (items: readonly CreditItem[]) =>
  RefundFields.transform((fields, context): z.input<typeof RefundRequest> => {
    const item = items.find((entry) => entry.currency === fields.currency);
    const currency = (item?.currency ?? fields.currency) as Currency;
    const amountMinor = item ? parseDecimal(fields.amount, item.currency) : null;
    if (!item) {
      context.addIssue({
        code: 'custom',
        path: ['currency'],
        message: 'Choose a currency with credit left.',
      });
    } else if (amountMinor === null) {
      context.addIssue({
        code: 'custom',
        path: ['amount'],
        message: amountProblem(fields.amount, item.currency),
      });
    } else if (amountMinor <= 0) {
      context.addIssue({ code: 'custom', path: ['amount'], message: 'Give an amount of more than zero.' });
    } else if (amountMinor > item.creditMinor) {
      context.addIssue({
        code: 'custom',
        path: ['amount'],
        message: `At most ${formatMoney(item.creditMinor, item.currency)} of credit is left.`,
      });
    }
    if (!z.iso.date().safeParse(fields.refundedOn).success) {
      context.addIssue({
        code: 'custom',
        path: ['refundedOn'],
        message: 'Give the day the refund was paid.',
      });
    }
    return {
      currency,
      amountMinor: amountMinor ?? 0,
      reference: fields.reference,
      refundedOn: fields.refundedOn,
    };
  }).pipe(RefundRequest);

function RefundForm({
  organizationId,
  items,
  onDone,
}: {
  organizationId: string;
  items: readonly CreditItem[];
  onDone: () => void;
}) {
  const refund = useRecordRefund();
  const { showToast } = useToast();
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const form = useZodForm(
    refundFormOf(items),
    {
      currency: items[0]?.currency ?? '',
      amount: '',
      reference: '',
      refundedOn: today(),
    } satisfies RefundFields,
    { messages: { reference: 'Give the transfer’s reference.' } },
  );
  const handleSubmit = form.handleSubmit((request) =>
    refund.mutate(
      { organizationId, request, idempotencyKey },
      {
        onSuccess: () => {
          showToast(`Refund of ${formatMoney(request.amountMinor, request.currency)} recorded.`);
          onDone();
        },
        onError: (error) => setServerFieldErrors(form, error, { renamed: { amountMinor: 'amount' } }),
      },
    ),
  );
  return (
    <>
      {refund.isError ? <FormError error={refund.error} /> : null}
      <form className="form" noValidate onSubmit={handleSubmit}>
        <SelectField
          control={form.control}
          name="currency"
          label="Currency"
          options={items.map((item) => ({
            value: item.currency,
            label: `${item.currency} (${formatMoney(item.creditMinor, item.currency)} left)`,
          }))}
        />
        <TextField
          control={form.control}
          name="amount"
          label="Amount"
          hint="As paid back, in the currency chosen."
          inputMode="decimal"
          autoComplete="off"
          required
        />
        <TextField
          control={form.control}
          name="reference"
          label="Reference"
          maxLength={invoiceLimits.referenceMaxLength}
          autoComplete="off"
          required
        />
        <TextField control={form.control} name="refundedOn" label="Refunded on" type="date" required />
        <div className="actions">
          <Button type="submit" busy={refund.isPending} busyLabel="Recording…">
            Record the refund
          </Button>
          <Button variant="secondary" onClick={onDone}>
            Cancel
          </Button>
        </div>
      </form>
    </>
  );
}

/** An organization's account credit for staff; those who keep the books record its refunds. */
export function AccountCreditSection({
  organizationId,
  canRefund,
}: {
  organizationId: string;
  canRefund: boolean;
}) {
  const headingId = useId();
  const credit = useAccountCredit(organizationId);
  const [refunding, setRefunding] = useState(false);
  const items = credit.data?.items ?? [];
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Account credit</h2>
      {credit.isPending ? (
        <p className="table-loading" role="status" aria-busy="true">
          Loading the account credit…
        </p>
      ) : credit.isError ? (
        <ApiErrorMessage
          summary="The account credit could not be loaded."
          error={credit.error}
          onRetry={() => void credit.refetch()}
        />
      ) : (
        <CreditTable items={items} />
      )}
      {canRefund && items.length > 0 ? (
        <>
          <p className="actions">
            <Button variant="secondary" onClick={() => setRefunding(true)}>
              Record a refund
            </Button>
          </p>
          <Dialog
            open={refunding}
            title="Record a refund of account credit"
            onClose={() => setRefunding(false)}
          >
            {refunding ? (
              <RefundForm organizationId={organizationId} items={items} onDone={() => setRefunding(false)} />
            ) : null}
          </Dialog>
        </>
      ) : null}
    </section>
  );
}
