import type { ApiClient } from '@portals/api-client';
import { type Statement, type StatementRequest, statementEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { statementsQueryKey } from './get-statements';

/** POST /v1/statements: a statement of the period and currency, generated and kept. */
export const generateStatement = (apiClient: ApiClient, request: StatementRequest): Promise<Statement> =>
  apiClient.call(statementEndpoints.generate, { body: request });

export const useGenerateStatement = () => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: StatementRequest) => generateStatement(apiClient, request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: statementsQueryKey }),
  });
};
