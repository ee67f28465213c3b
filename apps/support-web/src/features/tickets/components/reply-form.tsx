import { TicketReplyRequest } from '@portals/domain';
import { Button, FormError, setServerFieldErrors, useToast, useZodForm } from '@portals/web-ui';
import { useState } from 'react';
import { useReplyToTicket } from '../api/reply-to-ticket';
import { newIdempotencyKey } from '../lib/ticket-draft';
import { MarkdownField } from './markdown-field';

/** A public reply in Markdown; one Idempotency-Key per message, so a retry posts it once. */
export function ReplyForm({ ticketId }: { ticketId: string }) {
  const reply = useReplyToTicket(ticketId);
  const { showToast } = useToast();
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const form = useZodForm(
    TicketReplyRequest,
    { body: '' },
    { messages: { body: 'Write your reply first.' } },
  );
  const onSubmit = form.handleSubmit(async ({ body }) => {
    try {
      await reply.mutateAsync({ body, idempotencyKey });
      form.reset({ body: '' });
      setIdempotencyKey(newIdempotencyKey());
      showToast('Your reply was sent.');
    } catch (error) {
      setServerFieldErrors(form, error);
    }
  });
  return (
    <form className="form" noValidate onSubmit={(event) => void onSubmit(event)} aria-label="Reply">
      {reply.isError ? <FormError error={reply.error}>Your reply could not be sent.</FormError> : null}
      <MarkdownField control={form.control} name="body" label="Your reply" rows={6} />
      <div className="actions">
        <Button type="submit" busy={reply.isPending} busyLabel="Sending…">
          Send the reply
        </Button>
      </div>
    </form>
  );
}
