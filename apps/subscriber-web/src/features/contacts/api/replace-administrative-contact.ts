import type { ApiClient } from '@portals/api-client';
import { type Contact, contactEndpoints, type ReplaceAdministrativeContactRequest } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { contactsQueryKey } from './get-contacts';

/** PUT /v1/contacts/administrative: a new person becomes the administrative contact. */
export const replaceAdministrativeContact = (
  apiClient: ApiClient,
  request: ReplaceAdministrativeContactRequest,
): Promise<Contact> => apiClient.call(contactEndpoints.replaceAdministrative, { body: request });

export const useReplaceAdministrativeContact = () => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: ReplaceAdministrativeContactRequest) =>
      replaceAdministrativeContact(apiClient, request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: contactsQueryKey }),
  });
};
