import { type TicketEvent, TicketReplyRequest } from '@portals/domain';
import { Button, FormError, setServerFieldErrors, useToast, useZodForm } from '@portals/web-ui';
import { type ChangeEvent, useId, useState } from 'react';
import { useReplyToTicket } from '../api/reply-to-ticket';
import { newIdempotencyKey } from '../lib/ticket-draft';
import { MarkdownField } from './markdown-field';

/** A public reply in Markdown; one Idempotency-Key per message, so a retry posts it once. */
export function ReplyForm({
  ticketId,
  onSent,
}: {
  ticketId: string;
  /** The reply is posted: its files are uploaded to it next. */
  onSent?: (reply: TicketEvent, files: File[]) => void;
}) {
  const filesId = useId();
  const [files, setFiles] = useState<File[]>([]);
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
      const sent = await reply.mutateAsync({ body, idempotencyKey });
      onSent?.(sent, files);
      setFiles([]);
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
      <div className="field">
        <label htmlFor={filesId}>Attach files to your reply</label>
        <input
          id={filesId}
          type="file"
          multiple
          onChange={(event: ChangeEvent<HTMLInputElement>) => {
            const chosen = Array.from(event.target.files ?? []);
            setFiles((previous) => [...previous, ...chosen]);
            event.target.value = '';
          }}
        />
        {files.length > 0 ? (
          <ul aria-label="Files to attach to your reply">
            {files.map((file, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: files are only ever appended
              <li key={`${index}-${file.name}`}>{file.name}</li>
            ))}
          </ul>
        ) : null}
      </div>
      <div className="actions">
        <Button type="submit" busy={reply.isPending} busyLabel="Sending…">
          Send the reply
        </Button>
      </div>
    </form>
  );
}
