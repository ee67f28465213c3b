import { z } from 'zod';
import { TicketPerson, TicketVisibility } from './ticket';

/**
 * The tus `Upload-Metadata` keys an attachment upload (`POST /v1/uploads`) carries: the ticket it is
 * for, optionally the reply or note it belongs to (its event id), and the file's name (a label only).
 */
export const attachmentUploadMetadataKeys = {
  ticketId: 'ticketId',
  eventId: 'eventId',
  fileName: 'filename',
} as const;

/** The metadata of an attachment upload, as the API reads it. */
export const TicketAttachmentUploadMetadata = z.object({
  ticketId: z.uuid(),
  eventId: z
    .string()
    .regex(/^[1-9][0-9]{0,15}$/, 'an event id')
    .transform(Number)
    .optional(),
});
export type TicketAttachmentUploadMetadata = z.infer<typeof TicketAttachmentUploadMetadata>;

/** A file attached to a ticket. Internal ones (on an internal note) reach staff only. */
export const TicketAttachment = z.object({
  id: z.uuid(),
  ticketId: z.uuid(),
  /** The reply or note it was attached to; null when attached to the ticket itself. */
  eventId: z.number().int().nullable(),
  fileName: z.string(),
  sizeBytes: z.number().int().min(0),
  /** Hex sha256 of the stored bytes, computed by the API while storing them. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Sniffed from the content at upload, never taken from the uploader. */
  contentType: z.string(),
  visibility: TicketVisibility,
  uploader: TicketPerson,
  createdAt: z.iso.datetime({ offset: true }),
});
export type TicketAttachment = z.infer<typeof TicketAttachment>;

export const TicketAttachmentList = z.object({ items: z.array(TicketAttachment) });
export type TicketAttachmentList = z.infer<typeof TicketAttachmentList>;

export const TicketAttachmentParams = z.object({ ticketId: z.uuid(), attachmentId: z.uuid() });
export type TicketAttachmentParams = z.infer<typeof TicketAttachmentParams>;

/**
 * A short-lived address of an attachment's bytes that needs no access token, so a browser can stream
 * a large file straight to disk. `url` is under the API's base URL; it works until `expiresAt`.
 */
export const TicketAttachmentDownloadLink = z.object({
  url: z.string(),
  expiresAt: z.iso.datetime({ offset: true }),
});
export type TicketAttachmentDownloadLink = z.infer<typeof TicketAttachmentDownloadLink>;

/** `?token=`: a download link's signed token, taken in place of an access token on the content route only. */
export const TicketAttachmentContentQuery = z.object({ token: z.string().max(4096).optional() });
export type TicketAttachmentContentQuery = z.infer<typeof TicketAttachmentContentQuery>;
