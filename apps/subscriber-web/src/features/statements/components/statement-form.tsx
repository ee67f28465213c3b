import { type Currency, currencies, StatementRequest } from '@portals/domain';
import {
  Button,
  FormError,
  formatDate,
  SelectField,
  setServerFieldErrors,
  TextField,
  useToast,
  useZodForm,
} from '@portals/web-ui';
import { useNavigate } from 'react-router-dom';
import { useGenerateStatement } from '../api/generate-statement';
import { lastFullQuarter, yearToDate } from './statement-period';

/**
 * Produces a statement for a currency and a period (the last full quarter unless other dates are chosen),
 * then opens it. Staff name the organization.
 */
export function StatementForm({
  organizationId,
  currencyChoices,
  statementPath,
}: {
  /** Staff: whose statement. */
  organizationId?: string | undefined;
  /** The account's currencies, first in the list (the first chosen); every supported currency follows. Euros are chosen without them. */
  currencyChoices?: readonly Currency[] | undefined;
  statementPath: (statementId: string) => string;
}) {
  const generate = useGenerateStatement();
  const navigate = useNavigate();
  const { showToast } = useToast();
  const own = [...new Set(currencyChoices ?? [])];
  const options = [...own, ...currencies.filter((currency) => !own.includes(currency))];
  const quarter = lastFullQuarter();
  const form = useZodForm(
    StatementRequest,
    { currency: own[0] ?? 'EUR', from: quarter.from, to: quarter.to },
    {
      messages: {
        from: 'Give the first day of the period.',
        to: (value) =>
          typeof value === 'string' && value !== ''
            ? 'The period ends on or after its first day.'
            : 'Give the last day of the period.',
      },
    },
  );
  const setPeriod = (period: { from: string; to: string }) => {
    form.setValue('from', period.from);
    form.setValue('to', period.to);
  };
  const handleSubmit = form.handleSubmit((request) =>
    generate.mutate(
      { ...request, ...(organizationId ? { organizationId } : {}) },
      {
        onSuccess: (statement) => {
          showToast(
            `Statement in ${statement.currency} from ${formatDate(statement.from)} to ${formatDate(statement.to)} produced.`,
          );
          navigate(statementPath(statement.id));
        },
        onError: (error) => setServerFieldErrors(form, error),
      },
    ),
  );
  return (
    <>
      {generate.isError ? <FormError error={generate.error} /> : null}
      <form className="form" noValidate onSubmit={handleSubmit} aria-label="Produce a statement">
        <SelectField
          control={form.control}
          name="currency"
          label="Currency"
          options={options.map((currency) => ({ value: currency, label: currency }))}
        />
        <div className="form-grid">
          <TextField control={form.control} name="from" label="From" type="date" required />
          <TextField control={form.control} name="to" label="To" type="date" required />
        </div>
        <p className="actions">
          <Button variant="secondary" onClick={() => setPeriod(lastFullQuarter())}>
            Last full quarter
          </Button>
          <Button variant="secondary" onClick={() => setPeriod(yearToDate())}>
            Year to date
          </Button>
        </p>
        <div className="actions">
          <Button type="submit" busy={generate.isPending} busyLabel="Producing…">
            Produce the statement
          </Button>
        </div>
      </form>
    </>
  );
}
