import type { ApiClient } from '@portals/api-client';
import { cannedReplyEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { cannedRepliesKey } from './query-keys';

/** DELETE /v1/staff/canned-replies/:cannedReplyId. */
export const deleteCannedReply = async (apiClient: ApiClient, cannedReplyId: string): Promise<void> => {
  await apiClient.call(cannedReplyEndpoints.remove, { params: { cannedReplyId } });
};

export const useDeleteCannedReply = () => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (cannedReplyId: string) => deleteCannedReply(apiClient, cannedReplyId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: cannedRepliesKey }),
  });
};
