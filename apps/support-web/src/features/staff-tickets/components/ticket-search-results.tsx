import { ApiErrorMessage, HighlightedFragment, LoadMore, TicketStatusBadge } from '@portals/web-ui';
import { Link } from 'react-router-dom';
import { useTicketSearch } from '../api/search-tickets';

/** Full-text hits, best first, each with its matching words marked. */
export function TicketSearchResults({ q }: { q: string }) {
  const search = useTicketSearch(q);
  if (search.isPending) return <p role="status">Searching…</p>;
  if (search.isError && !search.isFetchNextPageError) {
    return (
      <ApiErrorMessage
        summary="The search failed."
        error={search.error}
        onRetry={() => void search.refetch()}
      />
    );
  }
  const hits = search.data?.pages.flatMap((page) => page.items) ?? [];
  if (hits.length === 0) return <p>No ticket matches “{q}”.</p>;
  return (
    <section aria-label="Search results">
      <ol className="search-results">
        {hits.map((hit) => (
          <li key={hit.id}>
            <p>
              <Link to={`/staff/tickets/${hit.id}`}>
                #{hit.number} {hit.subject}
              </Link>{' '}
              <TicketStatusBadge status={hit.status} />
            </p>
            {hit.highlights.map((fragment, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: fragments are in the API's order and never move.
              <p key={index} className="search-highlight">
                <HighlightedFragment fragment={fragment} />
              </p>
            ))}
          </li>
        ))}
      </ol>
      <LoadMore query={search} failureSummary="More results could not be loaded." />
    </section>
  );
}
