import type { TicketAttachment } from '@portals/domain';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { Button } from '../../components/button';
import { FormError } from '../../components/form-error';
import { useApiClient } from '../../lib/auth';
import { formatInstant } from '../../lib/format-instant';
import {
  downloadTicketAttachment,
  ticketAttachmentsQueryKey,
  useTicketAttachments,
  useTicketAttachmentUploadOptions,
} from './api/ticket-attachments';
import { AttachmentPicker, AttachmentUploadItem } from './attachment-picker';
import { type ResumableUploadOptions, useResumableUpload } from './use-resumable-upload';

/** Files waiting to be uploaded to the ticket, or to one of its replies (its event id). */
export interface PendingAttachments {
  key: string;
  files: readonly File[];
  eventId: number | null;
}

const formatBytes = (bytes: number): string =>
  bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 ** 2
      ? `${(bytes / 1024).toFixed(1)} KB`
      : bytes < 1024 ** 3
        ? `${(bytes / 1024 ** 2).toFixed(1)} MB`
        : `${(bytes / 1024 ** 3).toFixed(1)} GB`;

function PendingUpload({ file, options }: { file: File; options: ResumableUploadOptions }) {
  const upload = useResumableUpload(file, options);
  const { start } = upload;
  useEffect(() => {
    start();
  }, [start]);
  return (
    <AttachmentUploadItem
      fileName={file.name}
      state={upload.state}
      onPause={upload.pause}
      onResume={upload.resume}
    />
  );
}

function PendingBatch({
  ticketId,
  pending,
  onComplete,
}: {
  ticketId: string;
  pending: PendingAttachments;
  onComplete: () => void;
}) {
  const options = useTicketAttachmentUploadOptions({ ticketId, eventId: pending.eventId, onComplete });
  return (
    <>
      {pending.files.map((file, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a batch's files never change
        <PendingUpload key={`${index}-${file.name}`} file={file} options={options} />
      ))}
    </>
  );
}

function AttachmentRow({ attachment }: { attachment: TicketAttachment }) {
  const apiClient = useApiClient();
  const [downloading, setDownloading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <li className="attachment">
      <strong>{attachment.fileName}</strong>{' '}
      {attachment.visibility === 'internal' ? <span className="status">Internal</span> : null}{' '}
      <span className="muted">({formatBytes(attachment.sizeBytes)})</span>, by {attachment.uploader.name},{' '}
      {formatInstant(attachment.createdAt, { withTime: true })}{' '}
      <Button
        variant="secondary"
        aria-label={`Download ${attachment.fileName}`}
        busy={downloading}
        busyLabel="Downloading…"
        onClick={() => {
          setDownloading(true);
          setError(null);
          downloadTicketAttachment(apiClient, attachment)
            .catch(setError)
            .finally(() => setDownloading(false));
        }}
      >
        Download
      </Button>
      <p className="muted">
        SHA-256: <code>{attachment.sha256}</code>
      </p>
      {error ? <FormError error={error}>{attachment.fileName} could not be downloaded.</FormError> : null}
    </li>
  );
}

/**
 * The ticket's files with their sha256 and downloads through short-lived download links; uploads in progress
 * (chosen when the ticket was opened or with a reply or note); and a picker to attach more at any time.
 * Shared by the contacts' ticket page and the staff's, which alone shows internal files (`showInternal`).
 */
export function TicketAttachments({
  ticketId,
  pending,
  onStored,
  showInternal = false,
}: {
  ticketId: string;
  pending: readonly PendingAttachments[];
  /** A file was stored: what else to refresh (the page's ticket and timeline queries). */
  onStored?: () => void;
  showInternal?: boolean;
}) {
  const headingId = useId();
  const queryClient = useQueryClient();
  const attachments = useTicketAttachments(ticketId);
  // A stored file shows up in the list and, as an event, in the timeline.
  const onComplete = () => {
    void queryClient.invalidateQueries({ queryKey: ticketAttachmentsQueryKey(ticketId) });
    onStored?.();
  };
  const uploadOptions = useTicketAttachmentUploadOptions({ ticketId, onComplete });
  // Internal files never reach a contact from the API; should one arrive, a contact's page hides it.
  const shown = (attachments.data?.items ?? []).filter(
    (attachment) => showInternal || attachment.visibility === 'public',
  );
  return (
    <section aria-labelledby={headingId} className="card">
      <h2 id={headingId}>Attachments</h2>
      {attachments.isPending ? <p role="status">Loading the attachments…</p> : null}
      {attachments.isError ? (
        <FormError error={attachments.error}>The attachments could not be loaded.</FormError>
      ) : null}
      {attachments.data && shown.length === 0 ? <p className="muted">No files attached yet.</p> : null}
      {shown.length > 0 ? (
        <ul className="attachments" aria-label="Attached files">
          {shown.map((attachment) => (
            <AttachmentRow key={attachment.id} attachment={attachment} />
          ))}
        </ul>
      ) : null}
      {pending.length > 0 ? (
        <ul className="attachment-uploads" aria-label="Uploads in progress">
          {pending.map((batch) => (
            <PendingBatch key={batch.key} ticketId={ticketId} pending={batch} onComplete={onComplete} />
          ))}
        </ul>
      ) : null}
      <AttachmentPicker uploadOptions={uploadOptions} label="Attach files to the ticket" />
    </section>
  );
}
