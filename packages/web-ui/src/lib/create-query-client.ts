import { isApiError } from '@portals/api-client';
import { QueryClient, type QueryClientConfig } from '@tanstack/react-query';

/** Only failures that may pass on their own are retried: no answer, or the server's fault. */
export const isRetryableError = (error: unknown): boolean => {
  if (!isApiError(error)) return false;
  if (error.kind === 'network') return true;
  return error.kind !== 'invalid_response' && (error.status >= 500 || error.status === 429);
};

const maxRetries = 2;

export const createQueryClient = (config: QueryClientConfig = {}): QueryClient =>
  new QueryClient({
    ...config,
    defaultOptions: {
      ...config.defaultOptions,
      queries: {
        staleTime: 30_000,
        retry: (failureCount, error) => failureCount < maxRetries && isRetryableError(error),
        ...config.defaultOptions?.queries,
      },
    },
  });
