import { type TicketEvent, TicketReplyRequest } from '@portals/domain';
import { Button, FormError, TextAreaField, useToast, useZodForm } from '@portals/web-ui';
import { useId, useState } from 'react';
import { useAddInternalNote, useReplyToTicket } from '../api/post-to-ticket';
import { CannedReplyPicker } from './canned-reply-picker';

type ReplyKind = 'public' | 'internal';

const submitLabels: Record<ReplyKind, { label: string; busy: string; done: string }> = {
  public: { label: 'Send public reply', busy: 'Sending…', done: 'Your reply was sent to the customer.' },
  internal: { label: 'Add internal note', busy: 'Adding…', done: 'Your internal note was added.' },
};

/**
 * Staff answer here: a public reply (the default, chosen visibly) or an internal note, and the submit
 * button says which. A canned reply can fill the box.
 */
export function ReplyBox({
  ticketId,
  onSent,
}: {
  ticketId: string;
  /** The reply or note is posted: its files are uploaded to it next. */
  onSent?: (event: TicketEvent, files: File[]) => void;
}) {
  const filesId = useId();
  const [files, setFiles] = useState<File[]>([]);
  const [kind, setKind] = useState<ReplyKind>('public');
  // One key per draft: a submit retried after a lost answer is not posted twice.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const form = useZodForm(TicketReplyRequest, { body: '' }, { messages: { body: 'Write something first.' } });
  const reply = useReplyToTicket();
  const note = useAddInternalNote();
  const { showToast } = useToast();
  const groupName = useId();
  const mutation = kind === 'public' ? reply : note;

  const submit = form.handleSubmit(async ({ body }) => {
    let sent: TicketEvent;
    try {
      sent = await mutation.mutateAsync({ ticketId, body, idempotencyKey });
    } catch {
      return;
    }
    onSent?.(sent, files);
    setFiles([]);
    form.reset({ body: '' });
    setIdempotencyKey(crypto.randomUUID());
    showToast(submitLabels[kind].done);
  });

  return (
    <form className={`card reply-box reply-box-${kind}`} onSubmit={submit} aria-label="Answer">
      <fieldset>
        <legend>Answer as</legend>
        <label>
          <input
            type="radio"
            name={groupName}
            value="public"
            checked={kind === 'public'}
            onChange={() => setKind('public')}
          />{' '}
          Public reply — the customer sees it
        </label>{' '}
        <label>
          <input
            type="radio"
            name={groupName}
            value="internal"
            checked={kind === 'internal'}
            onChange={() => setKind('internal')}
          />{' '}
          Internal note — not visible to the customer
        </label>
      </fieldset>
      <CannedReplyPicker
        onPick={(text) => {
          const current = form.getValues('body') ?? '';
          form.setValue('body', current.trim() === '' ? text : `${current}\n\n${text}`, {
            shouldDirty: true,
          });
        }}
      />
      <TextAreaField
        control={form.control}
        name="body"
        label={kind === 'public' ? 'Reply' : 'Note'}
        rows={8}
      />
      <div className="field">
        <label htmlFor={filesId}>
          {kind === 'public' ? 'Attach files to the reply' : 'Attach files to the note'}
        </label>
        <input
          id={filesId}
          type="file"
          multiple
          onChange={(event) => {
            const chosen = Array.from(event.target.files ?? []);
            setFiles((previous) => [...previous, ...chosen]);
            event.target.value = '';
          }}
        />
        {files.length > 0 ? (
          <ul aria-label="Files to attach">
            {files.map((file, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: files are only ever appended
              <li key={`${index}-${file.name}`}>{file.name}</li>
            ))}
          </ul>
        ) : null}
      </div>
      {mutation.error ? <FormError error={mutation.error} /> : null}
      <Button type="submit" busy={mutation.isPending} busyLabel={submitLabels[kind].busy}>
        {submitLabels[kind].label}
      </Button>
    </form>
  );
}
