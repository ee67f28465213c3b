import type { ApiClient } from '@portals/api-client';
import { ContactList } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { queryOptions, useQuery } from '@tanstack/react-query';

/** GET /v1/contacts: the organization's current contacts and their roles. */
export const getContacts = (apiClient: ApiClient, { signal }: { signal?: AbortSignal } = {}) =>
  apiClient.get('/v1/contacts', ContactList, { signal });

export const contactsQueryKey = ['contacts'] as const;

export const getContactsQueryOptions = (apiClient: ApiClient) =>
  queryOptions({ queryKey: contactsQueryKey, queryFn: ({ signal }) => getContacts(apiClient, { signal }) });

export const useContacts = () => useQuery(getContactsQueryOptions(useApiClient()));
