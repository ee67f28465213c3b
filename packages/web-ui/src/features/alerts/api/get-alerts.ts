import type { ApiClient } from '@portals/api-client';
import { type AlertList, alertEndpoints } from '@portals/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useApiClient, useMe } from '../../../lib/auth';

/** GET /v1/alerts: the alerts published to the signed-in contact's audience, latest first. */
export const getAlerts = (
  apiClient: ApiClient,
  { signal }: { signal?: AbortSignal } = {},
): Promise<AlertList> => apiClient.call(alertEndpoints.list, { signal });

export const alertsQueryKey = ['alerts'] as const;

export const getAlertsQueryOptions = (apiClient: ApiClient) =>
  queryOptions({ queryKey: alertsQueryKey, queryFn: ({ signal }) => getAlerts(apiClient, { signal }) });

/** The signed-in contact's alerts; staff (no organization) read none, so nothing is asked for them. */
export const useAlerts = () => {
  const me = useMe();
  return useQuery({ ...getAlertsQueryOptions(useApiClient()), enabled: me?.organizationId != null });
};
