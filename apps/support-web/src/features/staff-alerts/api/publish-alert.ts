import type { ApiClient } from '@portals/api-client';
import { type AlertCreateRequest, alertEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { staffAlertsQueryKey } from './get-staff-alerts';

/** POST /v1/staff/alerts: publishes the alert and emails its audience; the key makes a retry safe. */
export const publishAlert = (apiClient: ApiClient, alert: AlertCreateRequest, idempotencyKey: string) =>
  apiClient.call(alertEndpoints.publish, { body: alert, headers: { 'idempotency-key': idempotencyKey } });

export const usePublishAlert = () => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ alert, idempotencyKey }: { alert: AlertCreateRequest; idempotencyKey: string }) =>
      publishAlert(apiClient, alert, idempotencyKey),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: staffAlertsQueryKey }),
  });
};
