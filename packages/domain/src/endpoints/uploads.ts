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
