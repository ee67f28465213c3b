import { isApiError } from '@portals/api-client';
import {
  Currency,
  currencies,
  formatMoney,
  type Invoice,
  type InvoiceDraftRequest,
  InvoiceDraftRequest as InvoiceDraftRequestSchema,
  type InvoiceTotals,
  invoiceLimits,
  invoiceTotals,
  lineAmounts,
  parseDecimal,
  toDecimalString,
} from '@portals/domain';
import {
  Button,
  type FormControl,
  FormError,
  OrganizationPicker,
  SelectField,
  TextField,
  useZodForm,
} from '@portals/web-ui';
import { type ReactNode, useEffect, useId, useRef } from 'react';
import { z } from 'zod';
import {
  amountProblem,
  decimalsOf,
  formatTaxRate,
  parseQuantity,
  parseTaxRatePercent,
  taxRatePercentText,
  taxRateProblem,
} from './money-input';

/**
 * A draft invoice's form, written new or edited: the organization, the currency, and lines whose prices
 * are typed as decimals of that currency; the totals follow as they are typed, by the domain's rules.
 */

/** One line as typed: text, like the inputs hold it; the catalogue product a line names is kept as it is. */
const LineFields = z.object({
  description: z.string(),
  quantity: z.string(),
  unitPrice: z.string(),
  taxRate: z.string(),
  productId: z.string().nullable(),
});
type LineFields = z.infer<typeof LineFields>;

/**
 * The form's values. Lines are kept by a key of their own (`order` lists them), never by position, so a
 * line removed from the middle takes nothing of its neighbours' fields with it.
 */
const DraftFields = z.object({
  organizationId: z.string(),
  currency: Currency,
  order: z.array(z.string()),
  lines: z.record(z.string(), LineFields),
});
export type DraftFields = z.infer<typeof DraftFields>;

/** A line read in `currency`: its request, or why each field is not yet right. */
const readLine = (line: LineFields, currency: Currency) => {
  const quantity = parseQuantity(line.quantity, invoiceLimits.quantityMax);
  const unitPriceMinor = parseDecimal(line.unitPrice, currency);
  const taxRateBasisPoints = parseTaxRatePercent(line.taxRate);
  const description = line.description.trim();
  const problems: Partial<Record<keyof LineFields, string>> = {};
  if (description === '') problems.description = 'Say what is invoiced.';
  else if (description.length > invoiceLimits.descriptionMaxLength)
    problems.description = `At most ${invoiceLimits.descriptionMaxLength} characters.`;
  if (quantity === null)
    problems.quantity = `Give a whole number from 1 to ${invoiceLimits.quantityMax.toLocaleString('en')}.`;
  if (unitPriceMinor === null) problems.unitPrice = amountProblem(line.unitPrice, currency);
  if (taxRateBasisPoints === null) problems.taxRate = taxRateProblem(line.taxRate);
  const amounts =
    quantity !== null && unitPriceMinor !== null && taxRateBasisPoints !== null
      ? { description, productId: line.productId, quantity, unitPriceMinor, taxRateBasisPoints }
      : null;
  return { amounts, problems };
};

/** The request from what was typed; every field's problem is told at once, next to it. */
const DraftForm = DraftFields.superRefine((fields, context) => {
  if (fields.organizationId === '') {
    context.addIssue({
      code: 'custom',
      path: ['organizationId'],
      message: 'Choose the organization to invoice.',
    });
  }
  for (const key of fields.order) {
    const line = fields.lines[key];
    if (!line) continue;
    for (const [field, message] of Object.entries(readLine(line, fields.currency).problems)) {
      context.addIssue({ code: 'custom', path: ['lines', key, field], message });
    }
  }
})
  .transform(
    (fields): z.input<typeof InvoiceDraftRequestSchema> => ({
      organizationId: fields.organizationId,
      currency: fields.currency,
      lines: fields.order.flatMap((key) => {
        const line = fields.lines[key];
        const amounts = line ? readLine(line, fields.currency).amounts : null;
        return amounts ? [amounts] : [];
      }),
    }),
  )
  .pipe(InvoiceDraftRequestSchema);

let lineCount = 0;
/** A fresh line's key: letters first, so that the form never takes it for an array index. */
const newLineKey = () => {
  lineCount += 1;
  return `line${lineCount}`;
};
const blankLine: LineFields = { description: '', quantity: '1', unitPrice: '', taxRate: '', productId: null };

/** A new draft's values: no organization yet, euros, one blank line. */
export const newDraftFields = (): DraftFields => {
  const key = newLineKey();
  return { organizationId: '', currency: 'EUR', order: [key], lines: { [key]: blankLine } };
};

/** A saved draft's values as they would have been typed: "80.00" for 8,000 cents, "8.1" for 810. */
export const draftFieldsOf = (invoice: Invoice): DraftFields => {
  const keyed = invoice.lines.map((line) => ({
    key: newLineKey(),
    fields: {
      description: line.description,
      quantity: String(line.quantity),
      unitPrice: toDecimalString(line.unitPriceMinor, invoice.currency),
      taxRate: taxRatePercentText(line.taxRateBasisPoints),
      productId: line.productId,
    } satisfies LineFields,
  }));
  return {
    organizationId: invoice.organization.id,
    currency: invoice.currency,
    order: keyed.map(({ key }) => key),
    lines: Object.fromEntries(keyed.map(({ key, fields }) => [key, fields])),
  };
};

/** The figures of the lines that are complete, by the domain's own rules (tax per line, half-even). */
const liveFigures = (fields: DraftFields) => {
  const complete = fields.order.flatMap((key) => {
    const line = fields.lines[key];
    const amounts = line ? readLine(line, fields.currency).amounts : null;
    return amounts ? [amounts] : [];
  });
  try {
    return { totals: invoiceTotals(complete), complete: complete.length, tooLarge: false };
  } catch {
    return { totals: null, complete: complete.length, tooLarge: true };
  }
};

function LiveTotals({
  totals,
  currency,
  complete,
  lines,
  tooLarge,
}: {
  totals: InvoiceTotals | null;
  currency: Currency;
  complete: number;
  lines: number;
  tooLarge: boolean;
}) {
  const headingId = useId();
  const money = (minor: number) => formatMoney(minor, currency);
  return (
    <section className="card" aria-labelledby={headingId} aria-live="polite">
      <h2 id={headingId}>Totals</h2>
      {tooLarge || !totals ? (
        <p className="field-error">These amounts are too large to be held exactly: lower them.</p>
      ) : (
        <dl className="details invoice-totals">
          <dt>Subtotal</dt>
          <dd>{money(totals.subtotalMinor)}</dd>
          {totals.taxLines.map((taxLine) => (
            <div key={taxLine.rateBasisPoints} className="invoice-tax-line">
              <dt>Tax at {formatTaxRate(taxLine.rateBasisPoints)}</dt>
              <dd>
                {money(taxLine.taxMinor)} <span className="muted">on {money(taxLine.taxableBaseMinor)}</span>
              </dd>
            </div>
          ))}
          <dt>Tax</dt>
          <dd>{money(totals.taxMinor)}</dd>
          <dt>Total</dt>
          <dd>
            <strong>{money(totals.totalMinor)}</strong>
          </dd>
        </dl>
      )}
      {complete < lines ? (
        <p className="muted">
          {lines - complete === 1 ? 'A line is' : `${lines - complete} lines are`} left out until its
          quantity, unit price and tax rate are right.
        </p>
      ) : null}
    </section>
  );
}

/** One line's fields, its amount as typed so far, and its removal. */
function LineFieldset({
  control,
  lineKey,
  position,
  line,
  currency,
  onRemove,
}: {
  control: FormControl<DraftFields>;
  lineKey: string;
  position: number;
  line: LineFields;
  currency: Currency;
  onRemove: (() => void) | null;
}) {
  const { amounts } = readLine(line, currency);
  let amount = '—';
  try {
    if (amounts) amount = formatMoney(lineAmounts(amounts).netMinor, currency);
  } catch {
    amount = 'too large';
  }
  const name = <Field extends keyof LineFields>(field: Field) => `lines.${lineKey}.${field}` as const;
  return (
    <fieldset className="form-section invoice-line">
      <legend>Line {position}</legend>
      <div className="form-grid">
        <TextField
          control={control}
          name={name('description')}
          label="Description"
          maxLength={invoiceLimits.descriptionMaxLength}
          autoComplete="off"
          required
        />
        <TextField
          control={control}
          name={name('quantity')}
          label="Quantity"
          inputMode="numeric"
          autoComplete="off"
          required
        />
        <TextField
          control={control}
          name={name('unitPrice')}
          label={`Unit price (${currency})`}
          hint={`With ${decimalsOf(currency)}; negative for a discount.`}
          inputMode="decimal"
          autoComplete="off"
          required
        />
        <TextField
          control={control}
          name={name('taxRate')}
          label="Tax rate (%)"
          hint="20, 8.1 or 0."
          inputMode="decimal"
          autoComplete="off"
          required
        />
      </div>
      <p className="actions">
        <span>
          Amount of line {position}: <strong>{amount}</strong>
        </span>
        {onRemove ? (
          <Button variant="secondary" onClick={onRemove}>
            Remove line {position}
          </Button>
        ) : null}
      </p>
    </fieldset>
  );
}

/** Where the API's error about `lines.N.field` goes in this form (lines are kept by key). */
const formFieldOf = (apiPath: string, order: readonly string[]): string | null => {
  const match = /^body\.lines\.(\d+)\.(\w+)$/.exec(apiPath);
  if (match) {
    const key = order[Number(match[1])];
    const field = {
      description: 'description',
      quantity: 'quantity',
      unitPriceMinor: 'unitPrice',
      taxRateBasisPoints: 'taxRate',
    }[match[2] ?? ''];
    return key && field ? `lines.${key}.${field}` : null;
  }
  return (
    { 'body.organizationId': 'organizationId', 'body.currency': 'currency' }[apiPath as 'body.currency'] ??
    null
  );
};

/** A save's state, as TanStack Query's mutation holds it. */
export interface DraftSaving {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  reset: () => void;
}

/**
 * The draft's fields, its lines added and removed, and its live totals. `organization` fixes whom it
 * bills (an edited draft keeps its organization); without it, staff find one by name. The API's refusal
 * shows above the form, its field errors next to their fields; what was typed stays as it was.
 */
export function InvoiceDraftForm({
  label,
  initialValues,
  organization,
  submitLabel,
  busyLabel,
  notSaved,
  saving,
  onSave,
  children,
}: {
  /** The form's accessible name. */
  label: string;
  initialValues: DraftFields;
  organization?: { name: string } | undefined;
  submitLabel: string;
  busyLabel: string;
  /** What the refusal means for this form, under the API's words. */
  notSaved: (error: unknown) => ReactNode;
  saving: DraftSaving;
  /** Sends the request; `refused` puts the API's field errors next to their fields. */
  onSave: (request: InvoiceDraftRequest, refused: (error: unknown) => void) => void;
  /** Further actions beside the submit button (Cancel). */
  children?: ReactNode;
}) {
  const form = useZodForm(DraftForm, initialValues);
  const summaryRef = useRef<HTMLDivElement>(null);
  const fields = form.watch() as DraftFields;
  const { totals, complete, tooLarge } = liveFigures(fields);

  useEffect(() => {
    if (saving.isError) summaryRef.current?.focus();
  }, [saving.isError]);

  const handleSubmit = form.handleSubmit(
    (request: InvoiceDraftRequest) =>
      onSave(request, (error) => {
        if (!isApiError(error)) return;
        for (const fieldError of error.fieldErrors) {
          const name = formFieldOf(fieldError.path, fields.order);
          if (name) form.setError(name as never, { type: 'server', message: fieldError.message });
        }
      }),
    () => saving.reset(),
  );

  const addLine = () => {
    const key = newLineKey();
    form.setValue('lines', { ...form.getValues('lines'), [key]: blankLine });
    form.setValue('order', [...form.getValues('order'), key]);
  };
  const removeLine = (key: string) =>
    form.setValue(
      'order',
      form.getValues('order').filter((other) => other !== key),
    );

  const organizationError = form.formState.errors.organizationId?.message;
  return (
    <>
      <div ref={summaryRef} tabIndex={-1}>
        {saving.isError ? <FormError error={saving.error}>{notSaved(saving.error)}</FormError> : null}
      </div>
      <form className="form" noValidate onSubmit={handleSubmit} aria-label={label}>
        <div className="form-grid">
          {organization ? (
            <p>
              Organization: <strong>{organization.name}</strong>
            </p>
          ) : (
            <OrganizationPicker
              label="Organization"
              hint="Whom the invoice bills: type a part of its name and choose it."
              value={fields.organizationId}
              error={organizationError}
              onChange={(chosen) =>
                form.setValue('organizationId', chosen?.id ?? '', {
                  shouldDirty: true,
                  shouldValidate: form.formState.isSubmitted,
                })
              }
            />
          )}
          <SelectField
            control={form.control}
            name="currency"
            label="Currency"
            hint="Prices are typed in its own digits: cents for EUR, whole yen for JPY."
            options={currencies.map((value) => ({ value, label: value }))}
          />
        </div>
        {fields.order.map((key, index) => {
          const line = fields.lines[key];
          return line ? (
            <LineFieldset
              key={key}
              control={form.control}
              lineKey={key}
              position={index + 1}
              line={line}
              currency={fields.currency}
              onRemove={fields.order.length > 1 ? () => removeLine(key) : null}
            />
          ) : null;
        })}
        <p>
          <Button
            variant="secondary"
            disabled={fields.order.length >= invoiceLimits.linesMax}
            onClick={addLine}
          >
            Add a line
          </Button>
        </p>
        <LiveTotals
          totals={totals}
          currency={fields.currency}
          complete={complete}
          lines={fields.order.length}
          tooLarge={tooLarge}
        />
        <div className="actions">
          <Button type="submit" busy={saving.isPending} busyLabel={busyLabel}>
            {submitLabel}
          </Button>
          {children}
        </div>
      </form>
    </>
  );
}
