import type { ApiClient } from '@portals/api-client';
import {
  type ContactRequest,
  type CreateContactRequestRequest,
  contactRequestEndpoints,
} from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { contactRequestsQueryKey } from './get-contact-requests';

/** POST /v1/contact-requests: ask staff for another technical contact, or to hand over the main contact role. */
export const createContactRequest = (
  apiClient: ApiClient,
  request: CreateContactRequestRequest,
): Promise<ContactRequest> => apiClient.call(contactRequestEndpoints.create, { body: request });

export const useCreateContactRequest = () => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: CreateContactRequestRequest) => createContactRequest(apiClient, request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: contactRequestsQueryKey }),
  });
};
