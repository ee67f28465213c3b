import { formatMoney, type InvoiceDraftRequest } from '@portals/domain';
import { useToast } from '@portals/web-ui';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useCreateInvoiceDraft } from '../api/manage-invoices';
import { InvoiceDraftForm, newDraftFields } from './invoice-draft-form';

/**
 * Staff write a draft invoice: the organization (found by name), the currency, and lines whose prices are
 * typed as decimals of that currency; the totals follow as they type, by the domain's rules. Saved as a
 * draft, it opens on its own page, to be issued from there.
 */
export function NewInvoiceForm({ invoicePath }: { invoicePath: (invoiceId: string) => string }) {
  const create = useCreateInvoiceDraft();
  const { showToast } = useToast();
  const navigate = useNavigate();
  // One key per draft being written: a retry after a lost answer creates it once.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [initialValues] = useState(newDraftFields);
  return (
    <InvoiceDraftForm
      label="New invoice"
      initialValues={initialValues}
      submitLabel="Save as draft"
      busyLabel="Saving…"
      notSaved={() => 'The draft was not saved.'}
      saving={create}
      onSave={(request: InvoiceDraftRequest, refused) =>
        create.mutate(
          { request, idempotencyKey },
          {
            onSuccess: (draft) => {
              showToast(
                `Draft saved for ${draft.organization.name}: ${formatMoney(draft.totalMinor, draft.currency)}. Issue it when it is right.`,
              );
              navigate(invoicePath(draft.id));
            },
            onError: refused,
          },
        )
      }
    />
  );
}
