import createClient, { type Client } from 'openapi-fetch';
import { Upload } from 'tus-js-client';
import type { components, paths } from './schema';

/**
 * An example integration: the Subscription portals API called as a third party calls it, with an
 * API token and a client generated from the published OpenAPI document (openapi-typescript types,
 * openapi-fetch requests). Nothing here comes from the product's own code.
 */

export type { components, paths };
export type PortalsClient = Client<paths>;
export type Problem = components['schemas']['Problem'];

export interface ClientOptions {
  /** Where the API is served, e.g. `https://portals.example.com` (the document's paths start with /v1). */
  baseUrl: string;
  /** An API token (`pat_…`), created in the Support Portal under Account → API tokens. */
  apiToken: string;
}

/** A typed client: every path, parameter, body and answer as the API's document describes it. */
export const createPortalsClient = ({ baseUrl, apiToken }: ClientOptions): PortalsClient =>
  createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${apiToken}` } });

export interface AttachmentUpload {
  /** The ticket the file is attached to. */
  ticketId: string;
  /** The name the ticket shows. */
  filename: string;
  content: Buffer;
}

/**
 * Uploads a file to a ticket with the tus resumable upload protocol (`POST /v1/uploads`, then
 * `PATCH`es of 5 MiB): any tus client works; this one is tus-js-client. Resolves with the sha256
 * the API computed over what it stored (`Upload-Sha256` of the last answer).
 */
export const uploadAttachment = (
  { baseUrl, apiToken }: ClientOptions,
  { ticketId, filename, content }: AttachmentUpload,
): Promise<{ sha256: string }> =>
  new Promise((resolve, reject) => {
    let sha256: string | null = null;
    new Upload(content, {
      endpoint: `${baseUrl}/v1/uploads`,
      headers: { authorization: `Bearer ${apiToken}` },
      metadata: { ticketId, filename },
      chunkSize: 5 * 1024 * 1024,
      retryDelays: [0, 1000, 3000],
      onAfterResponse: (_request, response) => {
        sha256 = response.getHeader('Upload-Sha256') ?? sha256;
      },
      onError: reject,
      onSuccess: () =>
        sha256 ? resolve({ sha256 }) : reject(new Error('The upload finished without an Upload-Sha256')),
    }).start();
  });
