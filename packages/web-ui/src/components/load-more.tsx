import { ApiErrorMessage } from './api-error-message';
import { Button } from './button';

/** The part of a TanStack infinite query that "Load more" needs. */
export interface PagedQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  error: unknown;
  fetchNextPage: () => Promise<unknown>;
}

/**
 * Under a list read page by page: "Load more" while there are more pages, and why the last one failed
 * (the pages already shown stay).
 */
export function LoadMore({ query, failureSummary }: { query: PagedQuery; failureSummary: string }) {
  return (
    <>
      {query.isFetchNextPageError ? <ApiErrorMessage summary={failureSummary} error={query.error} /> : null}
      {query.hasNextPage ? (
        <p className="table-actions">
          <Button
            variant="secondary"
            busy={query.isFetchingNextPage}
            busyLabel="Loading more…"
            onClick={() => {
              void query.fetchNextPage();
            }}
          >
            Load more
          </Button>
        </p>
      ) : null}
    </>
  );
}
