import type { ApiClient } from '@portals/api-client';
import { type Statement, statementEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { statementsQueryKey } from './get-statements';

/** How many rows a statement's page shows at a time. */
export const statementRowsPerPage = 50;

/** GET /v1/statements/:statementId: the statement as generated, with a window of its rows. */
export const getStatement = (
  apiClient: ApiClient,
  statementId: string,
  rowsOffset: number,
  signal?: AbortSignal,
): Promise<Statement> =>
  apiClient.call(statementEndpoints.get, {
    params: { statementId },
    query: { rowsOffset, rowsLimit: statementRowsPerPage },
    signal,
  });

export const getStatementQueryOptions = (apiClient: ApiClient, statementId: string, rowsOffset: number) =>
  queryOptions({
    queryKey: [...statementsQueryKey, 'one', statementId, rowsOffset],
    // The window's offset travels with its rows: while the next window loads, the shown one keeps its numbers.
    queryFn: async ({ signal }) => ({
      statement: await getStatement(apiClient, statementId, rowsOffset, signal),
      rowsOffset,
    }),
  });

/** The statement with the rows from `rowsOffset`; the rows shown stay while the next ones load. */
export const useStatement = (statementId: string, rowsOffset: number) =>
  useQuery({
    ...getStatementQueryOptions(useApiClient(), statementId, rowsOffset),
    placeholderData: keepPreviousData,
  });
