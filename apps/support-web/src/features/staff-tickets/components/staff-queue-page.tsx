import {
  type SubscriptionTier,
  subscriptionTiers,
  type TicketSeverity,
  type TicketSort,
  ticketSeverities,
  ticketSorts,
} from '@portals/domain';
import {
  Button,
  formatInstant,
  OrganizationPicker,
  PageTitle,
  SlaTimeLeft,
  Table,
  TicketSeverityBadge,
  TicketStatusBadge,
  tableStateOf,
  ticketSeverityLabel,
  tierLabels,
  useMe,
} from '@portals/web-ui';
import { type FormEvent, useId, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useAssignableStaff } from '../api/get-assignable-staff';
import { useQueue } from '../api/get-queue';
import { BulkActions } from './bulk-actions';
import { QueueViewTabs } from './queue-view-tabs';
import {
  defaultQueueChoices,
  type QueueChoices,
  type QueueViewId,
  queueFiltersOf,
  queueViewLabels,
  queueViewOf,
  ticketSortLabels,
} from './queue-views';
import { RowAssignment } from './row-assignment';
import { assignableStaff } from './staff-people';
import { TicketSearchResults } from './ticket-search-results';

/** The search box: full text over subjects, descriptions, replies and notes. */
function SearchBox({ onSearch }: { onSearch: (q: string) => void }) {
  const id = useId();
  const [text, setText] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(text.trim());
  };
  return (
    // biome-ignore lint/a11y/useSemanticElements: <search> is still unknown to some browsers and to jsdom; the role says the same.
    <form role="search" onSubmit={submit} className="actions">
      <label htmlFor={id}>Search tickets</label>
      <input
        id={id}
        type="search"
        value={text}
        maxLength={500}
        onChange={(event) => setText(event.target.value)}
      />
      <Button type="submit">Search</Button>
    </form>
  );
}

/** The choice a by-severity, by-tier or by-organization view narrows to. */
function ViewChoice({
  view,
  choices,
  onChange,
}: {
  view: QueueViewId;
  choices: QueueChoices;
  onChange: (choices: QueueChoices) => void;
}) {
  const id = useId();
  if (view === 'severity') {
    return (
      <p>
        <label htmlFor={id}>Severity</label>{' '}
        <select
          id={id}
          value={choices.severity}
          onChange={(event) =>
            onChange({ ...choices, severity: Number(event.target.value) as TicketSeverity })
          }
        >
          {ticketSeverities.map((severity) => (
            <option key={severity} value={severity}>
              {ticketSeverityLabel(severity)}
            </option>
          ))}
        </select>
      </p>
    );
  }
  if (view === 'tier') {
    return (
      <p>
        <label htmlFor={id}>Tier</label>{' '}
        <select
          id={id}
          value={choices.tier}
          onChange={(event) => onChange({ ...choices, tier: event.target.value as SubscriptionTier })}
        >
          {subscriptionTiers.map((tier) => (
            <option key={tier} value={tier}>
              {tierLabels[tier]}
            </option>
          ))}
        </select>
      </p>
    );
  }
  if (view === 'organization') {
    if (choices.organizationId === null) {
      return (
        <OrganizationPicker
          label="Organization"
          value=""
          onChange={(organization) => {
            if (organization) {
              onChange({ ...choices, organizationId: organization.id, organizationName: organization.name });
            }
          }}
        />
      );
    }
    return (
      <p className="actions">
        <span>
          Tickets of <strong>{choices.organizationName}</strong>
        </span>
        <Button
          variant="secondary"
          onClick={() => onChange({ ...choices, organizationId: null, organizationName: null })}
        >
          Another organization…
        </Button>
      </p>
    );
  }
  return null;
}

/** The staff queue: views with their counts, sort, search, assignment and bulk changes. */
export function StaffQueuePage() {
  const me = useMe();
  // The view is in the page's address, so a link (the home overview's counts) or a reload opens it.
  const [params, setParams] = useSearchParams();
  const view = queueViewOf(params.get('view'));
  const [choices, setChoices] = useState<QueueChoices>(defaultQueueChoices);
  const [sort, setSort] = useState<TicketSort>('last_activity');
  const [direction, setDirection] = useState<'asc' | 'desc'>('desc');
  const [q, setQ] = useState('');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const sortId = useId();
  const directionId = useId();
  const filters = queueFiltersOf(view, choices);
  const queue = useQueue({ filters: filters ?? { view: 'all' }, sort, direction }, filters !== null);
  const rows = useMemo(() => queue.data?.pages.flatMap((page) => page.items) ?? [], [queue.data]);
  const staff = assignableStaff(me, useAssignableStaff().data);
  const chosen = rows.filter((ticket) => selected.has(ticket.id));

  const chooseView = (next: QueueViewId) => {
    setParams({ view: next }, { replace: true });
    setSelected(new Set());
  };

  return (
    <section className="page">
      <PageTitle>Queue</PageTitle>
      <h1>Queue</h1>
      <SearchBox onSearch={setQ} />
      {q ? (
        <>
          <p>
            <Button variant="secondary" onClick={() => setQ('')}>
              Back to the queue
            </Button>
          </p>
          <TicketSearchResults q={q} />
        </>
      ) : (
        <>
          <QueueViewTabs current={view} choices={choices} onChoose={chooseView} />
          <ViewChoice
            view={view}
            choices={choices}
            onChange={(next) => {
              setChoices(next);
              setSelected(new Set());
            }}
          />
          <p className="actions">
            <label htmlFor={sortId}>Sort by</label>
            <select id={sortId} value={sort} onChange={(event) => setSort(event.target.value as TicketSort)}>
              {ticketSorts.map((value) => (
                <option key={value} value={value}>
                  {ticketSortLabels[value]}
                </option>
              ))}
            </select>
            <label htmlFor={directionId}>Order</label>
            <select
              id={directionId}
              value={direction}
              onChange={(event) => setDirection(event.target.value as 'asc' | 'desc')}
            >
              <option value="desc">Descending</option>
              <option value="asc">Ascending</option>
            </select>
          </p>
          <BulkActions selected={chosen} staff={staff} onDone={() => setSelected(new Set())} />
          {filters === null ? null : (
            <Table
              caption={queueViewLabels[view]}
              rowKey={(ticket) => ticket.id}
              state={tableStateOf(queue, () => rows)}
              loadingMessage="Loading the queue…"
              errorSummary="The queue could not be loaded."
              empty={{ message: 'No tickets in this view.' }}
              pages={{ query: queue, failureSummary: 'More tickets could not be loaded.' }}
              selection={{ selected, onChange: setSelected, rowLabel: (ticket) => `#${ticket.number}` }}
              columns={[
                {
                  key: 'ticket',
                  header: 'Ticket',
                  rowHeader: true,
                  cell: (ticket) => (
                    <Link to={`/staff/tickets/${ticket.id}`}>
                      #{ticket.number} {ticket.subject}
                    </Link>
                  ),
                },
                {
                  key: 'status',
                  header: 'Status',
                  nowrap: true,
                  cell: (ticket) => <TicketStatusBadge status={ticket.status} />,
                },
                {
                  key: 'severity',
                  header: 'Severity',
                  nowrap: true,
                  cell: (ticket) => <TicketSeverityBadge severity={ticket.severity} />,
                },
                {
                  key: 'organization',
                  header: 'Organization',
                  cell: (ticket) => (
                    <>
                      {ticket.organizationName}
                      {ticket.organizationTier ? (
                        <span className="muted"> ({tierLabels[ticket.organizationTier]})</span>
                      ) : null}
                    </>
                  ),
                },
                {
                  key: 'sla',
                  header: 'Response due',
                  nowrap: true,
                  cell: (ticket) => <SlaTimeLeft sla={ticket.sla} />,
                },
                { key: 'requester', header: 'Requester', cell: (ticket) => ticket.requester.name },
                {
                  key: 'assignee',
                  header: 'Assignee',
                  cell: (ticket) => ticket.assignee?.name ?? <span className="muted">Nobody</span>,
                },
                {
                  key: 'activity',
                  header: 'Last activity',
                  nowrap: true,
                  cell: (ticket) => (
                    <time dateTime={ticket.lastActivityAt}>
                      {formatInstant(ticket.lastActivityAt, { withTime: true })}
                    </time>
                  ),
                },
                {
                  key: 'actions',
                  header: <span className="visually-hidden">Actions</span>,
                  cell: (ticket) => (
                    <>
                      <RowAssignment ticket={ticket} staff={staff} />
                      {view === 'organization' ? null : (
                        <Button
                          variant="secondary"
                          aria-label={`Only this organization (of #${ticket.number})`}
                          onClick={() => {
                            setChoices({
                              ...choices,
                              organizationId: ticket.organizationId,
                              organizationName: ticket.organizationName,
                            });
                            chooseView('organization');
                          }}
                        >
                          Only this organization
                        </Button>
                      )}
                    </>
                  ),
                },
              ]}
            />
          )}
        </>
      )}
    </section>
  );
}
