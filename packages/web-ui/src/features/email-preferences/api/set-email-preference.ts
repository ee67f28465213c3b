import type { ApiClient } from '@portals/api-client';
import {
  type EmailPreferenceRequest,
  type EmailPreferences,
  emailPreferenceEndpoints,
} from '@portals/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/auth';
import { emailPreferencesQueryKey } from './get-email-preferences';

/** PUT /v1/me/email-preferences: turns one optional kind on or off; answers every preference. */
export const setEmailPreference = (
  apiClient: ApiClient,
  request: EmailPreferenceRequest,
): Promise<EmailPreferences> => apiClient.call(emailPreferenceEndpoints.set, { body: request });

export const useSetEmailPreference = () => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: EmailPreferenceRequest) => setEmailPreference(apiClient, request),
    onSuccess: (preferences) => {
      queryClient.setQueryData(emailPreferencesQueryKey, preferences);
      return queryClient.invalidateQueries({ queryKey: emailPreferencesQueryKey });
    },
  });
};
