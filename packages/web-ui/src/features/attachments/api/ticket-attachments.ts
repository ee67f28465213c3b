import type { ApiClient } from '@portals/api-client';
import {
  attachmentUploadMetadataKeys,
  pathOf,
  type TicketAttachment,
  type TicketAttachmentDownloadLink,
  type TicketAttachmentList,
  ticketAttachmentEndpoints,
} from '@portals/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useApiClient, useSessionManager } from '../../../lib/auth';
import type { ResumableUploadOptions } from '../use-resumable-upload';

/** GET /v1/tickets/:ticketId/attachments: the ticket's files the signed-in person may see. */
export const getTicketAttachments = (
  apiClient: ApiClient,
  ticketId: string,
  { signal }: { signal?: AbortSignal } = {},
): Promise<TicketAttachmentList> =>
  apiClient.call(ticketAttachmentEndpoints.list, { params: { ticketId }, signal });

export const ticketAttachmentsQueryKey = (ticketId: string) => ['tickets', ticketId, 'attachments'] as const;

export const getTicketAttachmentsQueryOptions = (apiClient: ApiClient, ticketId: string) =>
  queryOptions({
    queryKey: ticketAttachmentsQueryKey(ticketId),
    queryFn: ({ signal }) => getTicketAttachments(apiClient, ticketId, { signal }),
  });

/** A ticket's attachments, with the portal's API client from `<AppProviders>`. */
export const useTicketAttachments = (ticketId: string) =>
  useQuery(getTicketAttachmentsQueryOptions(useApiClient(), ticketId));

/**
 * Where an attachment's bytes are: `/v1/tickets/…/attachments/…/content` under the API's base URL.
 * It wants the access token: a browser follows `getTicketAttachmentDownloadLink`'s address instead.
 */
export const ticketAttachmentContentUrl = (
  apiClient: Pick<ApiClient, 'baseUrl'>,
  attachment: Pick<TicketAttachment, 'ticketId' | 'id'>,
): string =>
  `${apiClient.baseUrl}${pathOf(ticketAttachmentEndpoints.content, {
    ticketId: attachment.ticketId,
    attachmentId: attachment.id,
  })}`;

/** POST …/download-link: a 60-second address of the attachment that needs no access token. */
export const getTicketAttachmentDownloadLink = (
  apiClient: ApiClient,
  attachment: Pick<TicketAttachment, 'ticketId' | 'id'>,
  { signal }: { signal?: AbortSignal } = {},
): Promise<TicketAttachmentDownloadLink> =>
  apiClient.call(ticketAttachmentEndpoints.downloadLink, {
    params: { ticketId: attachment.ticketId, attachmentId: attachment.id },
    signal,
  });

/**
 * Downloads an attachment as the signed-in person: a fresh download link, followed by a plain
 * `<a download>`, so the browser streams the file to disk itself (a 2 GB bundle never passes through
 * the page's memory). Resolves once the browser has been handed the link.
 */
export const downloadTicketAttachment = async (
  apiClient: ApiClient,
  attachment: Pick<TicketAttachment, 'ticketId' | 'id' | 'fileName'>,
  { signal }: { signal?: AbortSignal } = {},
): Promise<void> => {
  const link = await getTicketAttachmentDownloadLink(apiClient, attachment, { signal });
  const anchor = document.createElement('a');
  anchor.href = `${apiClient.baseUrl}${link.url}`;
  anchor.download = attachment.fileName;
  anchor.rel = 'noopener';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
};

/** The tus metadata that makes an upload an attachment of `ticketId` (and of a reply or note of yours). */
export const ticketAttachmentUploadMetadata = (target: {
  ticketId: string;
  eventId?: number | null;
}): Record<string, string> => ({
  [attachmentUploadMetadataKeys.ticketId]: target.ticketId,
  ...(target.eventId == null ? {} : { [attachmentUploadMetadataKeys.eventId]: String(target.eventId) }),
});

/**
 * Upload options for `AttachmentPicker` / `useResumableUpload` attaching files to a ticket as the
 * signed-in person (their access token, renewed when it expires mid-upload).
 */
export const useTicketAttachmentUploadOptions = (target: {
  ticketId: string;
  eventId?: number | null;
  onComplete?: ResumableUploadOptions['onComplete'];
}): ResumableUploadOptions => {
  const session = useSessionManager();
  const { accessTokens } = session;
  return {
    endpoint: `${session.apiClient.baseUrl}/v1/uploads`,
    accessToken: () => accessTokens.accessToken(),
    renewAccessToken: async () => {
      const current = accessTokens.accessToken();
      return current === null ? null : accessTokens.renewAccessToken(current);
    },
    metadata: ticketAttachmentUploadMetadata(target),
    ...(target.onComplete ? { onComplete: target.onComplete } : {}),
  };
};
