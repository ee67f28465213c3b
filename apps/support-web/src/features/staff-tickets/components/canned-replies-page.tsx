import { type CannedReply, CannedReplyRequest } from '@portals/domain';
import {
  Button,
  ConfirmDialog,
  FormError,
  formatInstant,
  PageTitle,
  setServerFieldErrors,
  Table,
  TextAreaField,
  TextField,
  tableStateOf,
  useToast,
  useZodForm,
} from '@portals/web-ui';
import { useState } from 'react';
import { useCreateCannedReply } from '../api/create-canned-reply';
import { useDeleteCannedReply } from '../api/delete-canned-reply';
import { useCannedReplies } from '../api/get-canned-replies';
import { useUpdateCannedReply } from '../api/update-canned-reply';

/** Adds a canned reply, or rewrites `editing`. */
function CannedReplyForm({ editing, onDone }: { editing: CannedReply | null; onDone: () => void }) {
  const form = useZodForm(CannedReplyRequest, { title: editing?.title ?? '', body: editing?.body ?? '' });
  const create = useCreateCannedReply();
  const update = useUpdateCannedReply();
  const mutation = editing ? update : create;
  const { showToast } = useToast();
  return (
    <form
      className="card"
      aria-label={editing ? `Edit “${editing.title}”` : 'New canned reply'}
      onSubmit={form.handleSubmit(async (request) => {
        try {
          if (editing) await update.mutateAsync({ cannedReplyId: editing.id, request });
          else await create.mutateAsync(request);
        } catch (error) {
          setServerFieldErrors(form, error);
          return;
        }
        showToast(editing ? `“${request.title}” was saved.` : `“${request.title}” was added.`);
        form.reset({ title: '', body: '' });
        onDone();
      })}
    >
      <h2>{editing ? `Edit “${editing.title}”` : 'New canned reply'}</h2>
      <TextField control={form.control} name="title" label="Title" maxLength={200} />
      <TextAreaField control={form.control} name="body" label="Text" rows={8} />
      {mutation.error ? <FormError error={mutation.error} /> : null}
      <div className="actions">
        <Button type="submit" busy={mutation.isPending} busyLabel="Saving…">
          {editing ? 'Save' : 'Add canned reply'}
        </Button>
        {editing ? (
          <Button variant="secondary" onClick={onDone}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}

/** The support team's canned replies: list, add, edit, delete. */
export function CannedRepliesPage() {
  const replies = useCannedReplies();
  const remove = useDeleteCannedReply();
  const { showToast } = useToast();
  const [editing, setEditing] = useState<CannedReply | null>(null);
  const [deleting, setDeleting] = useState<CannedReply | null>(null);
  return (
    <section className="page">
      <PageTitle>Canned replies</PageTitle>
      <h1>Canned replies</h1>
      <p className="muted">
        Replies the team keeps at hand; an agent inserts one into the reply box and edits it.
      </p>
      <CannedReplyForm key={editing?.id ?? 'new'} editing={editing} onDone={() => setEditing(null)} />
      <ConfirmDialog
        open={deleting !== null}
        title={deleting ? `Delete “${deleting.title}”?` : ''}
        confirmLabel="Delete"
        busyLabel="Deleting…"
        variant="danger"
        onConfirm={async () => {
          if (!deleting) return;
          await remove.mutateAsync(deleting.id);
          showToast(`“${deleting.title}” was deleted.`);
          if (editing?.id === deleting.id) setEditing(null);
        }}
        onClose={() => setDeleting(null)}
      >
        <p>Nobody can insert it any more. Replies already sent stay as they are.</p>
      </ConfirmDialog>
      <Table
        caption="Canned replies, by title"
        rowKey={(reply) => reply.id}
        state={tableStateOf(replies, (data) => data.pages.flatMap((page) => page.items))}
        loadingMessage="Loading the canned replies…"
        errorSummary="The canned replies could not be loaded."
        empty={{ message: 'No canned replies yet.' }}
        pages={{ query: replies, failureSummary: 'More canned replies could not be loaded.' }}
        columns={[
          { key: 'title', header: 'Title', rowHeader: true, cell: (reply) => reply.title },
          {
            key: 'body',
            header: 'Text',
            cell: (reply) => (reply.body.length > 120 ? `${reply.body.slice(0, 120)}…` : reply.body),
          },
          {
            key: 'updated',
            header: 'Changed',
            nowrap: true,
            cell: (reply) => <time dateTime={reply.updatedAt}>{formatInstant(reply.updatedAt)}</time>,
          },
          {
            key: 'actions',
            header: <span className="visually-hidden">Actions</span>,
            cell: (reply) => (
              <span className="actions">
                <Button
                  variant="secondary"
                  aria-label={`Edit ${reply.title}`}
                  onClick={() => setEditing(reply)}
                >
                  Edit
                </Button>
                <Button
                  variant="secondary"
                  aria-label={`Delete ${reply.title}`}
                  onClick={() => setDeleting(reply)}
                >
                  Delete
                </Button>
              </span>
            ),
          },
        ]}
      />
    </section>
  );
}
