import { randomUUID } from 'node:crypto';
import {
  type Actor,
  hasPermission,
  pathOf,
  type TicketAttachment,
  type TicketAttachmentDownloadLink,
  type TicketAttachmentList,
  TicketAttachmentUploadMetadata,
  type TicketVisibility,
  ticketAttachmentEndpoints,
} from '@portals/domain';
import { type DatabaseAccess, type Scope, type ScopedExecutor, scopeOf, withScope } from '../../db/scope';
import { AppError, notFound } from '../../lib/app-error';
import type { CompletedUpload } from '../../lib/uploads/resumable-uploads';
import { cleanFileName } from '../../lib/uploads/send-blob';
import type { AccessClaims } from '../../plugins/access';
import { appendTicketEvent } from '../tickets/events';
import { findVisibleTicketForUpdate, ticketIsVisible } from '../tickets/repository';
import type { DownloadLinks } from './download-links';
import {
  findOwnAttachableEvent,
  findVisibleAttachment,
  insertAttachment,
  listVisibleAttachments,
} from './repository';

const ticketNotFound = () => notFound('The ticket');
const attachmentNotFound = () => notFound('The attachment');

/** The upload's metadata as a target, or a 400 naming what is wrong (the metadata's keys are its fields). */
const targetOf = (metadata: Record<string, string>): TicketAttachmentUploadMetadata => {
  const parsed = TicketAttachmentUploadMetadata.safeParse(metadata);
  if (parsed.success) return parsed.data;
  throw new AppError(
    'validation_failed',
    'Upload-Metadata must name the ticket (ticketId) and may name a reply or note of yours (eventId)',
    parsed.error.issues.map((issue) => ({
      path: `Upload-Metadata.${issue.path.join('.')}`,
      message: issue.message,
    })),
  );
};

/** Contacts attach on tickets they can see, staff who work tickets on any; others not at all. */
const assertMayAttach = (actor: Actor) => {
  if (!hasPermission(actor, 'ticket:write:own') && !hasPermission(actor, 'ticket:work:any')) {
    throw new AppError('forbidden', 'You may not attach files to tickets');
  }
};

/**
 * Where an attachment goes and who will see it: a ticket the actor sees and may still change (not
 * closed), and, when named, a reply or note the actor wrote on it, whose visibility the file takes
 * (a file on an internal note is internal). Anything the actor cannot see is 404, as if missing.
 */
const attachTarget = async (
  tx: ScopedExecutor,
  scope: Scope,
  actor: Actor,
  target: TicketAttachmentUploadMetadata,
): Promise<{ organizationId: string; visibility: TicketVisibility }> => {
  const ticket = await findVisibleTicketForUpdate(tx, scope, target.ticketId);
  if (!ticket) throw ticketNotFound();
  if (ticket.status === 'closed') {
    throw new AppError('conflict', 'This ticket is closed: open a new ticket that refers to it');
  }
  if (target.eventId === undefined) return { organizationId: ticket.organizationId, visibility: 'public' };
  const event = await findOwnAttachableEvent(tx, scope, ticket.id, target.eventId, actor.userId);
  if (!event) throw notFound('The reply or note');
  return { organizationId: ticket.organizationId, visibility: event.visibility };
};

/** Before any byte is accepted: the upload names a ticket (and reply) the uploader may attach to. */
export const authorizeAttachmentUpload = async (
  db: DatabaseAccess,
  actor: Actor,
  metadata: Record<string, string>,
): Promise<void> => {
  assertMayAttach(actor);
  const target = targetOf(metadata);
  const scope = scopeOf(actor);
  await withScope(db, scope, (tx) => attachTarget(tx, scope, actor, target));
};

/**
 * A finished upload becomes the ticket's attachment and an `attachment_added` event, as the uploader
 * (their access is checked again: it may have changed while the bytes were arriving). When this
 * throws, the uploads plugin deletes the stored blob.
 */
export const recordAttachment = async (
  db: DatabaseAccess,
  actor: Actor,
  upload: CompletedUpload,
): Promise<void> => {
  assertMayAttach(actor);
  if (upload.ownerUserId !== actor.userId) throw notFound('The upload');
  const target = targetOf(upload.metadata);
  const scope = scopeOf(actor);
  const fileName = cleanFileName(upload.fileName);
  await withScope(db, scope, async (tx) => {
    const { organizationId, visibility } = await attachTarget(tx, scope, actor, target);
    await recordStoredFile(tx, actor, {
      ticketId: target.ticketId,
      organizationId,
      eventId: target.eventId ?? null,
      visibility,
      file: { ...upload, fileName },
    });
  });
};

/** A file already in the blob storage, hashed and typed from its content. */
export interface StoredFile {
  /** Cleaned for display (cleanFileName): only ever a label. */
  fileName: string;
  size: number;
  sha256: string;
  contentType: string;
  storageKey: string;
}

/**
 * A stored file as the ticket's attachment: the `attachment_added` event and the attachment's row, in the
 * caller's transaction, after the caller has checked where it goes (an upload's target, an email's reply).
 */
export const recordStoredFile = async (
  tx: ScopedExecutor,
  actor: Actor,
  target: {
    ticketId: string;
    organizationId: string;
    eventId: number | null;
    visibility: TicketVisibility;
    file: StoredFile;
  },
): Promise<void> => {
  const { ticketId, organizationId, eventId, visibility, file } = target;
  const attachmentId = randomUUID();
  await appendTicketEvent(tx, {
    ticketId,
    organizationId,
    actorUserId: actor.userId,
    kind: 'attachment_added',
    visibility,
    data: {
      attachmentId,
      fileName: file.fileName,
      sizeBytes: file.size,
      sha256: file.sha256,
      contentType: file.contentType,
      ...(eventId === null ? {} : { eventId }),
    },
  });
  await insertAttachment(tx, {
    id: attachmentId,
    ticketId,
    organizationId,
    eventId,
    uploaderUserId: actor.userId,
    fileName: file.fileName,
    sizeBytes: file.size,
    sha256: file.sha256,
    contentType: file.contentType,
    storageKey: file.storageKey,
    visibility,
  });
};

type AttachmentRow = Awaited<ReturnType<typeof listVisibleAttachments>>[number];

const toAttachment = (row: AttachmentRow): TicketAttachment => ({
  id: row.id,
  ticketId: row.ticketId,
  eventId: row.eventId,
  fileName: row.fileName,
  sizeBytes: row.sizeBytes,
  sha256: row.sha256,
  contentType: row.contentType,
  visibility: row.visibility,
  // Staff are named by the query itself (staffNameOr), though a contact's row-level security hides them.
  uploader: {
    id: row.uploaderId,
    name: row.uploaderName ?? 'Former contact',
  },
  createdAt: row.createdAt.toISOString(),
});

export const listTicketAttachments = async (
  db: DatabaseAccess,
  actor: Actor,
  ticketId: string,
): Promise<TicketAttachmentList> => {
  const scope = scopeOf(actor);
  const rows = await withScope(db, scope, async (tx) => {
    if (!(await ticketIsVisible(tx, scope, ticketId))) throw ticketNotFound();
    return listVisibleAttachments(tx, scope, ticketId);
  });
  return { items: rows.map(toAttachment) };
};

/** What a download streams, after the privacy rule has admitted the reader. */
export const findAttachmentToDownload = async (
  db: DatabaseAccess,
  actor: Actor,
  ticketId: string,
  attachmentId: string,
) => {
  const scope = scopeOf(actor);
  const row = await withScope(db, scope, (tx) => findVisibleAttachment(tx, scope, ticketId, attachmentId));
  if (!row) throw attachmentNotFound();
  return {
    key: row.storageKey,
    fileName: row.fileName,
    contentType: row.contentType,
    size: row.sizeBytes,
  };
};

/**
 * A 60-second link to an attachment the signed-in person sees, for their browser to stream to disk.
 * It carries their session (checked again at use, with the file's visibility); an API token gets none:
 * a script sends its bearer header to the content route itself.
 */
export const createDownloadLink = async (
  db: DatabaseAccess,
  links: DownloadLinks,
  actor: Actor,
  claims: AccessClaims | undefined,
  ticketId: string,
  attachmentId: string,
): Promise<TicketAttachmentDownloadLink> => {
  if (actor.scopes !== null || !claims || claims.sub !== actor.userId) {
    throw new AppError('forbidden', 'API tokens cannot be used for this: sign in');
  }
  await findAttachmentToDownload(db, actor, ticketId, attachmentId);
  const { token, expiresAt } = links.sign(claims, { ticketId, attachmentId });
  const path = pathOf(ticketAttachmentEndpoints.content, { ticketId, attachmentId });
  return { url: `${path}?token=${encodeURIComponent(token)}`, expiresAt: expiresAt.toISOString() };
};
