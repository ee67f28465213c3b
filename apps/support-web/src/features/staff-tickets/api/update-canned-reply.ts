import type { ApiClient } from '@portals/api-client';
import { type CannedReply, type CannedReplyRequest, cannedReplyEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { cannedRepliesKey } from './query-keys';

/** PUT /v1/staff/canned-replies/:cannedReplyId. */
export const updateCannedReply = (
  apiClient: ApiClient,
  cannedReplyId: string,
  request: CannedReplyRequest,
): Promise<CannedReply> =>
  apiClient.call(cannedReplyEndpoints.update, { params: { cannedReplyId }, body: request });

export const useUpdateCannedReply = () => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ cannedReplyId, request }: { cannedReplyId: string; request: CannedReplyRequest }) =>
      updateCannedReply(apiClient, cannedReplyId, request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: cannedRepliesKey }),
  });
};
