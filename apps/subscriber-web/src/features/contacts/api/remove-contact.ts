import type { ApiClient } from '@portals/api-client';
import { contactEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { contactsQueryKey } from './get-contacts';

/** DELETE /v1/contacts/:contactId: the contact's roles, sessions and API tokens end at once. */
export const removeContact = async (apiClient: ApiClient, contactId: string): Promise<void> => {
  await apiClient.call(contactEndpoints.remove, { params: { contactId } });
};

export const useRemoveContact = () => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (contactId: string) => removeContact(apiClient, contactId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: contactsQueryKey }),
  });
};
