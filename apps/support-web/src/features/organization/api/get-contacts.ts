import type { ApiClient } from '@portals/api-client';
import { contactEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { queryOptions, useQuery } from '@tanstack/react-query';

/** GET /v1/contacts: the organization's current contacts and their roles (the main contact reads it). */
export const getContacts = (apiClient: ApiClient, { signal }: { signal?: AbortSignal } = {}) =>
  apiClient.call(contactEndpoints.list, { signal });

export const contactsQueryKey = ['contacts'] as const;

export const getContactsQueryOptions = (apiClient: ApiClient) =>
  queryOptions({ queryKey: contactsQueryKey, queryFn: ({ signal }) => getContacts(apiClient, { signal }) });

export const useContacts = () => useQuery(getContactsQueryOptions(useApiClient()));
