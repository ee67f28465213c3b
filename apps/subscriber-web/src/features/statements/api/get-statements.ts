import type { ApiClient } from '@portals/api-client';
import { type StatementPage, statementEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';

/** Every statement read sits under this key: a new statement refreshes the lists. */
export const statementsQueryKey = ['statements'] as const;

/** GET /v1/statements: one page of the statements generated, latest first (staff name the organization). */
export const getStatements = (
  apiClient: ApiClient,
  organizationId: string | undefined,
  { cursor, signal }: { cursor?: string | undefined; signal?: AbortSignal } = {},
): Promise<StatementPage> =>
  apiClient.call(statementEndpoints.list, {
    query: { ...(organizationId ? { organizationId } : {}), cursor },
    signal,
  });

export const getStatementsQueryOptions = (apiClient: ApiClient, organizationId: string | undefined) =>
  infiniteQueryOptions({
    queryKey: [...statementsQueryKey, 'list', organizationId ?? 'own'],
    queryFn: ({ pageParam, signal }) =>
      getStatements(apiClient, organizationId, { cursor: pageParam, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
  });

export const useStatements = (organizationId?: string) =>
  useInfiniteQuery(getStatementsQueryOptions(useApiClient(), organizationId));
