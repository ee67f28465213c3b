import type { ApiClient } from '@portals/api-client';
import { type StatementSummary, statementEndpoints } from '@portals/domain';
import { saveBlob, useApiClient } from '@portals/web-ui';
import { useMutation } from '@tanstack/react-query';

export type StatementFormat = 'csv' | 'pdf';

/** The name the file is saved under, as the API names it: `statement-EUR-2026-01-01-to-2026-03-31.csv`. */
export const statementFileName = (
  statement: Pick<StatementSummary, 'currency' | 'from' | 'to'>,
  format: StatementFormat,
) => `statement-${statement.currency}-${statement.from}-to-${statement.to}.${format}`;

/** GET /v1/statements/:statementId/csv or /pdf, saved by the browser. */
export const downloadStatement = async (
  apiClient: ApiClient,
  statement: Pick<StatementSummary, 'id' | 'currency' | 'from' | 'to'>,
  format: StatementFormat,
): Promise<void> => {
  const endpoint = format === 'csv' ? statementEndpoints.csv : statementEndpoints.pdf;
  const blob = await apiClient.download(endpoint, { params: { statementId: statement.id } });
  saveBlob(blob, statementFileName(statement, format));
};

export const useDownloadStatement = (format: StatementFormat) => {
  const apiClient = useApiClient();
  return useMutation({
    mutationFn: (statement: Pick<StatementSummary, 'id' | 'currency' | 'from' | 'to'>) =>
      downloadStatement(apiClient, statement, format),
  });
};
