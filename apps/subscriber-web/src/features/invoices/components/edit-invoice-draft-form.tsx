import { isApiError } from '@portals/api-client';
import { formatMoney, type Invoice } from '@portals/domain';
import { Button, useToast } from '@portals/web-ui';
import { useState } from 'react';
import { useUpdateInvoiceDraft } from '../api/manage-invoices';
import { draftFieldsOf, InvoiceDraftForm } from './invoice-draft-form';

/** Why an edit was refused, for this form: a conflict means the draft is a draft no more. */
const notSaved = (error: unknown) =>
  isApiError(error) && error.status === 409
    ? 'It was issued or voided since this form opened, and only a draft can be edited. Nothing was saved; your changes are still in the form. Close it to see the invoice as it is now.'
    : 'The changes were not saved; they are still in the form.';

/**
 * Staff edit a draft with the form it was written with, its lines and currency as saved: the API
 * replaces them whole (its organization stays). Saved, the page shows the new lines and totals.
 */
export function EditInvoiceDraftForm({
  invoice,
  onDone,
  onRefused,
}: {
  invoice: Invoice;
  /** Saved or cancelled. */
  onDone: () => void;
  /** The API refused it: the invoice on the page may be out of date. */
  onRefused: () => void;
}) {
  const update = useUpdateInvoiceDraft();
  const { showToast } = useToast();
  const [initialValues] = useState(() => draftFieldsOf(invoice));
  return (
    <InvoiceDraftForm
      label="Edit the draft"
      initialValues={initialValues}
      organization={invoice.organization}
      submitLabel="Save the changes"
      busyLabel="Saving…"
      notSaved={notSaved}
      saving={update}
      onSave={({ currency, lines }, refused) =>
        update.mutate(
          { invoiceId: invoice.id, request: { currency, lines } },
          {
            onSuccess: (saved) => {
              showToast(
                `Draft for ${saved.organization.name} saved: ${saved.lines.length === 1 ? '1 line' : `${saved.lines.length} lines`}, ${formatMoney(saved.totalMinor, saved.currency)} in all.`,
              );
              onDone();
            },
            onError: (error) => {
              refused(error);
              onRefused();
            },
          },
        )
      }
    >
      <Button variant="secondary" onClick={onDone}>
        Cancel
      </Button>
    </InvoiceDraftForm>
  );
}
