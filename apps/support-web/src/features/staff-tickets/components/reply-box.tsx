import { TicketReplyRequest } from '@portals/domain';
import { Button, FormError, TextAreaField, useToast, useZodForm } from '@portals/web-ui';
import { useId, useState } from 'react';
import { useAddInternalNote } from '../api/add-internal-note';
import { useReplyToTicket } from '../api/reply-to-ticket';
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
export function ReplyBox({ ticketId }: { ticketId: string }) {
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
    try {
      await mutation.mutateAsync({ ticketId, body, idempotencyKey });
    } catch {
      return;
    }
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
      {mutation.error ? <FormError error={mutation.error} /> : null}
      <Button type="submit" busy={mutation.isPending} busyLabel={submitLabels[kind].busy}>
        {submitLabels[kind].label}
      </Button>
    </form>
  );
}
