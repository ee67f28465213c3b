import { z } from 'zod';
import { defineEndpoint } from '../endpoint';

/** Any text: an id that is not an upload of the caller's is answered 404 like a missing one. */
const UploadParams = z.object({ uploadId: z.string().max(100) });

/** The uploader's own uploads: a signed-in person, or their API token (scripts attach log files). */
const uploaderAccess = { authenticated: true, apiTokens: true } as const;

/**
 * Resumable uploads on the tus 1.0 protocol (core, creation, termination), which any tus client
 * speaks: the requests and answers are in their headers, not JSON bodies. `HEAD /v1/uploads/:uploadId`
 * tells where an upload stands and `OPTIONS /v1/uploads` what the server supports.
 */
export const uploadEndpoints = {
  create: defineEndpoint({
    method: 'POST',
    path: '/v1/uploads',
    response: { 201: z.null() },
    access: uploaderAccess,
    // Missing or malformed tus headers (400), too long (413), a ticket or reply not yours to attach
    // to (404), a closed ticket (409).
    problems: ['bad_request', 'payload_too_large', 'not_found', 'conflict'],
    tags: ['uploads'],
    summary: 'Start a resumable upload (tus creation: Upload-Length, Upload-Metadata)',
    description:
      'Send `Tus-Resumable: 1.0.0`, `Upload-Length` (at most the configured limit, else 413) and ' +
      '`Upload-Metadata`: for a ticket attachment `ticketId`, optionally `eventId` (a reply or note of ' +
      'yours) and `filename`. Answers 201 with the upload’s address in `Location`.',
  }),
  send: defineEndpoint({
    method: 'PATCH',
    path: '/v1/uploads/:uploadId',
    params: UploadParams,
    response: { 204: z.null() },
    access: uploaderAccess,
    // Missing tus headers (400), another content type (415), an offset that is not the upload's or a
    // PATCH already under way (409), more bytes than declared (413).
    problems: ['bad_request', 'unsupported_media_type', 'conflict', 'payload_too_large'],
    tags: ['uploads'],
    summary: 'Send the next bytes of an upload of yours from Upload-Offset (tus)',
    description:
      'Body `application/offset+octet-stream` from `Upload-Offset`; answers the new `Upload-Offset`, and ' +
      'once complete the stored file’s `Upload-Sha256`.',
  }),
  abandon: defineEndpoint({
    method: 'DELETE',
    path: '/v1/uploads/:uploadId',
    params: UploadParams,
    response: { 204: z.null() },
    access: uploaderAccess,
    tags: ['uploads'],
    summary: 'Abandon an upload of yours (tus termination)',
  }),
};
