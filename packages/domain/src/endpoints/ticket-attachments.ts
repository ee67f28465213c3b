import { z } from 'zod';
import { defineEndpoint } from '../endpoint';
import { TicketParams } from '../schemas/ticket';
import {
  TicketAttachmentContentQuery,
  TicketAttachmentDownloadLink,
  TicketAttachmentList,
  TicketAttachmentParams,
} from '../schemas/ticket-attachment';

/** Reading tickets: a contact their own (or, as main contact, the organization's), staff any. */
const readsTickets = { anyPermission: ['ticket:read:own', 'ticket:read:org', 'ticket:read:any'] } as const;

/**
 * A ticket's files. They are uploaded with the tus protocol at `/v1/uploads`, the upload's metadata
 * naming the ticket (`ticketId`) and optionally the reply or note (`eventId`): see
 * `attachmentUploadMetadataKeys`.
 */
export const ticketAttachmentEndpoints = {
  list: defineEndpoint({
    method: 'GET',
    path: '/v1/tickets/:ticketId/attachments',
    params: TicketParams,
    response: { 200: TicketAttachmentList },
    access: readsTickets,
    tags: ['tickets'],
    summary: "A ticket's attachments the caller may see, oldest first (internal ones: staff only)",
    description:
      'Attach a file by uploading it to `/v1/uploads` (tus 1.0) with `Upload-Metadata` `ticketId` ' +
      '(and `eventId` for a reply or note of yours, `filename`); it is listed once the upload completes.',
  }),
  content: defineEndpoint({
    method: 'GET',
    path: '/v1/tickets/:ticketId/attachments/:attachmentId/content',
    params: TicketAttachmentParams,
    query: TicketAttachmentContentQuery,
    response: { 200: z.unknown().meta({ description: "The file's bytes" }) },
    access: readsTickets,
    tags: ['tickets'],
    summary: "An attachment's bytes: images and PDFs inline, anything else as a download",
    description:
      "Takes the access token, or instead a download link's `token` (from `…/download-link`), which " +
      'is good for this attachment only, for 60 seconds, as long as its holder still sees the file.',
  }),
  downloadLink: defineEndpoint({
    method: 'POST',
    path: '/v1/tickets/:ticketId/attachments/:attachmentId/download-link',
    params: TicketAttachmentParams,
    response: { 200: TicketAttachmentDownloadLink },
    access: readsTickets,
    tags: ['tickets'],
    summary: "A 60-second link to an attachment's bytes that needs no access token (for browsers)",
    description:
      'For a browser to stream a large file to disk. Signed-in people only (an API token sends its ' +
      'bearer header to `…/content` instead). Usable any number of times until it expires, by nobody ' +
      'else once its holder signs out everywhere or loses sight of the file.',
  }),
};
