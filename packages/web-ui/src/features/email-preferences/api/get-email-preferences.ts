import type { ApiClient } from '@portals/api-client';
import { type EmailPreferences, emailPreferenceEndpoints } from '@portals/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/auth';

/** GET /v1/me/email-preferences: the kinds of email that concern the person, mandatory ones always on. */
export const getEmailPreferences = (
  apiClient: ApiClient,
  { signal }: { signal?: AbortSignal } = {},
): Promise<EmailPreferences> => apiClient.call(emailPreferenceEndpoints.get, { signal });

export const emailPreferencesQueryKey = ['email-preferences'] as const;

export const getEmailPreferencesQueryOptions = (apiClient: ApiClient) =>
  queryOptions({
    queryKey: emailPreferencesQueryKey,
    queryFn: ({ signal }) => getEmailPreferences(apiClient, { signal }),
  });

export const useEmailPreferences = () => useQuery(getEmailPreferencesQueryOptions(useApiClient()));
