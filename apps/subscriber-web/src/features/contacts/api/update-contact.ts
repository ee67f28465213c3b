import type { ApiClient } from '@portals/api-client';
import { type Contact, contactEndpoints, type UpdateContactRequest } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { contactsQueryKey } from './get-contacts';

/** PATCH /v1/contacts/:contactId: a contact's name, email or phone. */
export const updateContact = (
  apiClient: ApiClient,
  contactId: string,
  request: UpdateContactRequest,
): Promise<Contact> => apiClient.call(contactEndpoints.update, { params: { contactId }, body: request });

export const useUpdateContact = () => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ contactId, request }: { contactId: string; request: UpdateContactRequest }) =>
      updateContact(apiClient, contactId, request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: contactsQueryKey }),
  });
};
