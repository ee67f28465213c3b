import type { ApiClient } from '@portals/api-client';
import { type SlaReport, type SlaReportQuery, slaEndpoints } from '@portals/domain';
import { saveBlob, useApiClient } from '@portals/web-ui';
import { queryOptions, useQuery } from '@tanstack/react-query';

export const slaReportKey = ['sla-report'] as const;

/** GET /v1/staff/sla-report: targets achieved and breached, and percentiles, per month, tier and severity. */
export const getSlaReport = (
  apiClient: ApiClient,
  query: SlaReportQuery,
  signal?: AbortSignal,
): Promise<SlaReport> => apiClient.call(slaEndpoints.report, { query, signal });

export const getSlaReportQueryOptions = (apiClient: ApiClient, query: SlaReportQuery) =>
  queryOptions({
    queryKey: [...slaReportKey, query],
    queryFn: ({ signal }) => getSlaReport(apiClient, query, signal),
  });

export const useSlaReport = (query: SlaReportQuery) =>
  useQuery(getSlaReportQueryOptions(useApiClient(), query));

/** GET /v1/staff/sla-report/csv, saved by the browser as a file. */
export const downloadSlaReportCsv = async (apiClient: ApiClient, query: SlaReportQuery): Promise<void> => {
  const blob = await apiClient.download(slaEndpoints.reportCsv, { query });
  saveBlob(blob, `sla-report-${query.from}-to-${query.to}.csv`);
};
