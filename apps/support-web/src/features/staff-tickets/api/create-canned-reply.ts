import type { ApiClient } from '@portals/api-client';
import { type CannedReply, type CannedReplyRequest, cannedReplyEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { cannedRepliesKey } from './query-keys';

/** POST /v1/staff/canned-replies. */
export const createCannedReply = (apiClient: ApiClient, request: CannedReplyRequest): Promise<CannedReply> =>
  apiClient.call(cannedReplyEndpoints.create, { body: request });

export const useCreateCannedReply = () => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: CannedReplyRequest) => createCannedReply(apiClient, request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: cannedRepliesKey }),
  });
};
