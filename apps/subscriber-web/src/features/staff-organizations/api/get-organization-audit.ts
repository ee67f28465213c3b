import type { ApiClient } from '@portals/api-client';
import { type AuditPage, auditEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';

/** GET /v1/audit-log?organizationId=: one page of what happened to the organization, newest first. */
export const getOrganizationAudit = (
  apiClient: ApiClient,
  organizationId: string,
  { cursor, signal }: { cursor?: string | undefined; signal?: AbortSignal } = {},
): Promise<AuditPage> => apiClient.call(auditEndpoints.list, { query: { organizationId, cursor }, signal });

export const getOrganizationAuditQueryOptions = (apiClient: ApiClient, organizationId: string) =>
  infiniteQueryOptions({
    queryKey: ['staff', 'organizations', organizationId, 'audit'],
    queryFn: ({ pageParam, signal }) =>
      getOrganizationAudit(apiClient, organizationId, { cursor: pageParam, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
  });

export const useOrganizationAudit = (organizationId: string) =>
  useInfiniteQuery(getOrganizationAuditQueryOptions(useApiClient(), organizationId));
