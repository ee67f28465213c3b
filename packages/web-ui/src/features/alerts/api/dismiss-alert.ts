import type { ApiClient } from '@portals/api-client';
import { alertEndpoints } from '@portals/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/auth';
import { alertsQueryKey } from './get-alerts';

/** POST /v1/alerts/:alertId/dismissal: closes the banner; the alert stays on the alerts page. */
export const dismissAlert = (apiClient: ApiClient, alertId: string) =>
  apiClient.call(alertEndpoints.dismiss, { params: { alertId } });

export const useDismissAlert = () => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (alertId: string) => dismissAlert(apiClient, alertId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: alertsQueryKey }),
  });
};
