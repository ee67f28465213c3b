import {
  type TicketSeverity,
  type TicketSort,
  type TicketStatus,
  type TicketSummary,
  ticketSeverities,
  ticketStatuses,
} from '@portals/domain';
import {
  Button,
  formatInstant,
  Table,
  type TableColumn,
  tableStateOf,
  useCan,
  useMe,
  useProducts,
} from '@portals/web-ui';
import { type FormEvent, useId } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useColleagues } from '../api/get-colleagues';
import { useTicketCounts } from '../api/get-ticket-counts';
import { useTicketSharing } from '../api/get-ticket-sharing';
import { type TicketListFilters, useTickets } from '../api/get-tickets';
import { severityLabel, ticketNumberLabel, ticketStatusLabels } from '../lib/ticket-labels';
import {
  type ContactTicketView,
  contactTicketViews,
  readTicketListParams,
  writeTicketListParams,
} from '../lib/ticket-list-params';

const viewLabels: Record<ContactTicketView, string> = {
  mine: 'Opened by me',
  copied: 'Copied to me',
  organization: "My organization's",
};

const sortLabels: Record<TicketSort, string> = {
  last_activity: 'Latest activity',
  created: 'Date opened',
  severity: 'Severity',
  number: 'Ticket number',
  response_due: 'Our response due',
};

const columns: readonly TableColumn<TicketSummary>[] = [
  {
    key: 'number',
    header: 'Ticket',
    rowHeader: true,
    nowrap: true,
    cell: (ticket) => <Link to={`/tickets/${ticket.id}`}>{ticketNumberLabel(ticket.number)}</Link>,
  },
  {
    key: 'subject',
    header: 'Subject',
    cell: (ticket) => <Link to={`/tickets/${ticket.id}`}>{ticket.subject}</Link>,
  },
  { key: 'status', header: 'Status', nowrap: true, cell: (ticket) => ticketStatusLabels[ticket.status] },
  { key: 'severity', header: 'Severity', nowrap: true, cell: (ticket) => severityLabel(ticket.severity) },
  { key: 'requester', header: 'Requester', cell: (ticket) => ticket.requester.name },
  {
    key: 'answerBy',
    header: 'We answer by',
    nowrap: true,
    cell: (ticket) =>
      ticket.sla.dueAt ? (
        <time dateTime={ticket.sla.dueAt}>{formatInstant(ticket.sla.dueAt, { withTime: true })}</time>
      ) : (
        <span className="muted">—</span>
      ),
  },
  {
    key: 'lastActivity',
    header: 'Last activity',
    nowrap: true,
    cell: (ticket) => (
      <time dateTime={ticket.lastActivityAt}>{formatInstant(ticket.lastActivityAt, { withTime: true })}</time>
    ),
  },
];

/**
 * The contact's tickets: the views they may use, filters, sort and search, all kept in the address;
 * a count per status as chips that filter; pages with "Load more".
 */
export function TicketList() {
  const can = useCan();
  const me = useMe();
  const searchId = useId();
  const [params, setParams] = useSearchParams();
  const filters = readTicketListParams(params);
  const isMainContact = can('ticket:read:org');
  const sharing = useTicketSharing({ enabled: !isMainContact && can('organization:read:org') });
  const views = contactTicketViews.filter((view) => view !== 'organization' || isMainContact || sharing);
  const { status: statusFilter, ...countFilters } = filters;
  const counts = useTicketCounts({
    view: countFilters.view,
    severity: countFilters.severity,
    requesterId: countFilters.requesterId,
    productId: countFilters.productId,
    q: countFilters.q,
  });
  const tickets = useTickets(filters);
  const products = useProducts();
  const colleagues = useColleagues({ enabled: isMainContact });

  const update = (change: Partial<TicketListFilters>) =>
    setParams(writeTicketListParams({ ...filters, ...change }));

  const toggleStatus = (status: TicketStatus) => {
    const current = new Set(statusFilter ?? []);
    if (current.has(status)) current.delete(status);
    else current.add(status);
    update({ status: [...current] });
  };

  const onSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const q = String(new FormData(event.currentTarget).get('q') ?? '').trim();
    update({ q: q || undefined });
  };

  const filtered = Boolean(
    filters.status?.length ||
      filters.severity?.length ||
      filters.requesterId ||
      filters.productId ||
      filters.q,
  );

  return (
    <>
      <nav aria-label="Ticket views" className="tabs">
        <ul>
          <li>
            <Button
              variant={filters.view === undefined ? 'primary' : 'secondary'}
              aria-pressed={filters.view === undefined}
              onClick={() => update({ view: undefined })}
            >
              All I can see
            </Button>
          </li>
          {views.map((view) => (
            <li key={view}>
              <Button
                variant={filters.view === view ? 'primary' : 'secondary'}
                aria-pressed={filters.view === view}
                onClick={() => update({ view })}
              >
                {viewLabels[view]}
              </Button>
            </li>
          ))}
        </ul>
      </nav>

      {/* biome-ignore lint/a11y/useSemanticElements: <search> is not yet known to every browser we serve (nor to jsdom) */}
      <form role="search" className="search" onSubmit={onSearch} key={filters.q ?? ''}>
        <label htmlFor={searchId}>Search tickets</label>
        <input id={searchId} name="q" type="search" defaultValue={filters.q ?? ''} />
        <Button type="submit" variant="secondary">
          Search
        </Button>
      </form>

      <fieldset className="filters">
        <legend>Status</legend>
        <ul className="chips">
          {ticketStatuses.map((status) => {
            const pressed = statusFilter?.includes(status) ?? false;
            const count = counts.data?.counts[status];
            return (
              <li key={status}>
                <Button
                  variant={pressed ? 'primary' : 'secondary'}
                  aria-pressed={pressed}
                  onClick={() => toggleStatus(status)}
                >
                  {ticketStatusLabels[status]}
                  {count === undefined ? '' : ` (${count})`}
                </Button>
              </li>
            );
          })}
        </ul>
      </fieldset>

      <div className="filters">
        <label>
          Severity{' '}
          <select
            value={filters.severity?.[0] ?? ''}
            onChange={(event) =>
              update({
                severity: event.target.value ? [Number(event.target.value) as TicketSeverity] : undefined,
              })
            }
          >
            <option value="">Any severity</option>
            {ticketSeverities.map((severity) => (
              <option key={severity} value={severity}>
                {severityLabel(severity)}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          Product{' '}
          <select
            value={filters.productId ?? ''}
            onChange={(event) => update({ productId: event.target.value || undefined })}
          >
            <option value="">Any product</option>
            {(products.data?.items ?? []).map((product) => (
              <option key={product.id} value={product.id}>
                {product.name}
              </option>
            ))}
          </select>
        </label>{' '}
        {isMainContact ? (
          <label>
            Requester{' '}
            <select
              value={filters.requesterId ?? ''}
              onChange={(event) => update({ requesterId: event.target.value || undefined })}
            >
              <option value="">Anyone</option>
              {me ? <option value={me.id}>{me.name} (you)</option> : null}
              {(colleagues.data?.items ?? []).map((colleague) => (
                <option key={colleague.id} value={colleague.id}>
                  {colleague.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}{' '}
        <label>
          Sort by{' '}
          <select
            value={filters.sort ?? ''}
            onChange={(event) =>
              update({ sort: (event.target.value || undefined) as TicketSort | undefined })
            }
          >
            <option value="">{filters.q ? 'Relevance' : sortLabels.last_activity}</option>
            {(Object.keys(sortLabels) as TicketSort[]).map((sort) => (
              <option key={sort} value={sort}>
                {sortLabels[sort]}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          Order{' '}
          <select
            value={filters.direction ?? 'desc'}
            onChange={(event) => update({ direction: event.target.value as 'asc' | 'desc' })}
          >
            <option value="desc">Newest or highest first</option>
            <option value="asc">Oldest or lowest first</option>
          </select>
        </label>
      </div>

      <Table
        caption="Tickets"
        captionHidden
        columns={columns}
        rowKey={(ticket) => ticket.id}
        state={tableStateOf(tickets, (data) => data.pages.flatMap((page) => page.items))}
        loadingMessage="Loading your tickets…"
        errorSummary="Your tickets could not be loaded."
        empty={
          filtered
            ? {
                message: 'No ticket matches these filters.',
                action: (
                  <Button
                    variant="secondary"
                    onClick={() => setParams(writeTicketListParams({ view: filters.view }))}
                  >
                    Clear the filters
                  </Button>
                ),
              }
            : {
                message: 'No tickets yet — open one when you need help from our support team.',
                action: can('ticket:write:own') ? (
                  <Link className="button" to="/tickets/new">
                    Open a ticket
                  </Link>
                ) : undefined,
              }
        }
        pages={{ query: tickets, failureSummary: 'More tickets could not be loaded.' }}
      />
    </>
  );
}
