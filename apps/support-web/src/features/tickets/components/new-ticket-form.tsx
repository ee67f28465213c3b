import { type Ticket, TicketCreateRequest, TicketSeverity } from '@portals/domain';
import {
  Button,
  FormError,
  SelectField,
  setServerFieldErrors,
  TextField,
  useMe,
  useProducts,
  useToast,
  useZodForm,
} from '@portals/web-ui';
import { type ChangeEvent, useEffect, useId, useRef, useState } from 'react';
import { useController, useWatch } from 'react-hook-form';
import { z } from 'zod';
import { useCreateTicket } from '../api/create-ticket';
import { useColleagues } from '../api/get-colleagues';
import { clearTicketDraft, newIdempotencyKey, readTicketDraft, saveTicketDraft } from '../lib/ticket-draft';
import { MarkdownField } from './markdown-field';
import { SeverityChoice } from './severity-choice';

/** An empty choice is "none": the domain wants null, a select holds "". */
const optionalId = z
  .string()
  .transform((value: string) => (value === '' ? null : value))
  .pipe(z.uuid().nullable());

/** The domain's rules for a new ticket, read from what the form's controls hold. */
const newTicketForm = TicketCreateRequest.extend({
  productId: z.string().pipe(TicketCreateRequest.shape.productId),
  componentId: optionalId,
  versionId: optionalId,
  severity: z.coerce.number().pipe(TicketSeverity),
});
type NewTicketValues = z.input<typeof newTicketForm>;

const emptyTicket: NewTicketValues = {
  subject: '',
  description: '',
  productId: '',
  componentId: '',
  versionId: '',
  severity: '' as unknown as number,
  ccUserIds: [],
};

/** Colleagues to copy, as checkboxes; the value is their ids. */
function CcChoice({ control }: { control: ReturnType<typeof useZodForm<typeof newTicketForm>>['control'] }) {
  const legendId = useId();
  const colleagues = useColleagues();
  const { field } = useController({ control, name: 'ccUserIds' });
  const chosen = new Set((field.value as string[] | undefined) ?? []);
  return (
    <fieldset className="field" aria-labelledby={legendId}>
      <legend id={legendId}>Copy colleagues</legend>
      {colleagues.isPending ? <p role="status">Loading your colleagues…</p> : null}
      {colleagues.isError ? (
        <FormError error={colleagues.error}>Your colleagues could not be loaded.</FormError>
      ) : null}
      {colleagues.data?.items.length === 0 ? <p className="muted">No colleagues to copy.</p> : null}
      {colleagues.data?.items.map((colleague) => (
        <label className="checkbox" key={colleague.id}>
          <input
            type="checkbox"
            checked={chosen.has(colleague.id)}
            onChange={(event) => {
              const next = new Set(chosen);
              if (event.target.checked) next.add(colleague.id);
              else next.delete(colleague.id);
              field.onChange([...next]);
            }}
          />
          <span>{colleague.name}</span>
        </label>
      ))}
    </fieldset>
  );
}

export interface NewTicketFormProps {
  /** The ticket was opened: the page shows it (and uploads the chosen files to it). */
  onCreated: (ticket: Ticket, files: File[]) => void;
}

/**
 * "Open a ticket": the domain's rules via useZodForm, a draft kept per person across reloads (not the
 * files), and one Idempotency-Key per draft so a double click or a retry opens one ticket.
 */
export function NewTicketForm({ onCreated }: NewTicketFormProps) {
  const me = useMe();
  const userId = me?.id ?? 'signed-out';
  const { showToast } = useToast();
  const products = useProducts();
  const create = useCreateTicket();
  const filesId = useId();
  const [draft] = useState(
    () =>
      readTicketDraft<NewTicketValues>(userId) ?? {
        values: emptyTicket,
        idempotencyKey: newIdempotencyKey(),
      },
  );
  const form = useZodForm(
    newTicketForm,
    { ...emptyTicket, ...draft.values },
    {
      messages: {
        productId: 'Choose the product the ticket is about.',
        severity: 'Choose a severity.',
        subject: 'Give the ticket a subject.',
        description: 'Describe the problem.',
      },
    },
  );
  const [files, setFiles] = useState<File[]>([]);
  const submitted = useRef(false);

  // Every change is saved, so a reload (or a crash) keeps what was typed.
  useEffect(() => {
    const subscription = form.watch((values) => {
      if (!submitted.current)
        saveTicketDraft(userId, { values: values as NewTicketValues, idempotencyKey: draft.idempotencyKey });
    });
    return () => subscription.unsubscribe();
  }, [form, userId, draft.idempotencyKey]);

  const productId = useWatch({ control: form.control, name: 'productId' });
  const product = products.data?.items.find((item) => item.id === productId);

  // Components and versions follow the product: a choice from another product is dropped.
  useEffect(() => {
    if (!products.data) return;
    const { componentId, versionId } = form.getValues();
    if (componentId && !product?.components.some((component) => component.id === componentId)) {
      form.setValue('componentId', '');
    }
    if (versionId && !product?.versions.some((version) => version.id === versionId)) {
      form.setValue('versionId', '');
    }
  }, [product, products.data, form]);

  const onSubmit = form.handleSubmit(async (ticket) => {
    try {
      const created = await create.mutateAsync({ ticket, idempotencyKey: draft.idempotencyKey });
      submitted.current = true;
      clearTicketDraft(userId);
      showToast(`Ticket #${created.number} is open.`);
      onCreated(created, files);
    } catch (error) {
      setServerFieldErrors(form, error);
    }
  });

  const onFiles = (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = Array.from(event.target.files ?? []);
    setFiles((previous) => [...previous, ...chosen]);
    event.target.value = '';
  };

  return (
    <form className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
      {create.isError ? <FormError error={create.error}>The ticket could not be opened.</FormError> : null}
      <TextField control={form.control} name="subject" label="Subject" autoComplete="off" />
      <MarkdownField control={form.control} name="description" label="Description" />
      {products.isError ? (
        <FormError error={products.error}>The product list could not be loaded.</FormError>
      ) : null}
      <SelectField
        control={form.control}
        name="productId"
        label="Product"
        disabled={products.isPending}
        options={[
          { value: '', label: products.isPending ? 'Loading products…' : 'Choose a product' },
          ...(products.data?.items ?? []).map((item) => ({ value: item.id, label: item.name })),
        ]}
      />
      <SelectField
        control={form.control}
        name="componentId"
        label="Component"
        disabled={!product}
        options={[
          { value: '', label: 'Not sure / none' },
          ...(product?.components ?? []).map((item) => ({ value: item.id, label: item.name })),
        ]}
      />
      <SelectField
        control={form.control}
        name="versionId"
        label="Version"
        disabled={!product}
        options={[
          { value: '', label: 'Not sure / none' },
          ...(product?.versions ?? []).map((item) => ({ value: item.id, label: item.name })),
        ]}
      />
      <SeverityChoice control={form.control} name="severity" />
      <CcChoice control={form.control} />
      <div className="field">
        <label htmlFor={filesId}>Attach files</label>
        <p className="field-hint">
          Uploaded with progress once the ticket is open. Files are not kept in a draft.
        </p>
        <input id={filesId} type="file" multiple onChange={onFiles} />
        {files.length > 0 ? (
          <ul aria-label="Files to attach">
            {files.map((file, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: files are only ever appended
              <li key={`${index}-${file.name}`}>{file.name}</li>
            ))}
          </ul>
        ) : null}
      </div>
      <div className="actions">
        <Button type="submit" busy={create.isPending} busyLabel="Opening the ticket…">
          Open the ticket
        </Button>
      </div>
    </form>
  );
}
