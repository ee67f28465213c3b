import type { ApiClient } from '@portals/api-client';
import { alertEndpoints, type StaffAlertList } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { queryOptions, useQuery } from '@tanstack/react-query';

/** GET /v1/staff/alerts: the alerts published, latest first, with their audiences. */
export const getStaffAlerts = (apiClient: ApiClient, signal?: AbortSignal): Promise<StaffAlertList> =>
  apiClient.call(alertEndpoints.listForStaff, { signal });

export const staffAlertsQueryKey = ['staff', 'alerts'] as const;

export const getStaffAlertsQueryOptions = (apiClient: ApiClient) =>
  queryOptions({ queryKey: staffAlertsQueryKey, queryFn: ({ signal }) => getStaffAlerts(apiClient, signal) });

export const useStaffAlerts = () => useQuery(getStaffAlertsQueryOptions(useApiClient()));
