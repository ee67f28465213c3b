import type { ApiClient } from '@portals/api-client';
import { type AddContactRequest, type Contact, contactEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { contactsQueryKey } from './get-contacts';

/** POST /v1/contacts: a technical (within the tier's seats) or the administrative contact, invited by email. */
export const addContact = (apiClient: ApiClient, request: AddContactRequest): Promise<Contact> =>
  apiClient.call(contactEndpoints.add, { body: request });

export const useAddContact = () => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: AddContactRequest) => addContact(apiClient, request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: contactsQueryKey }),
  });
};
