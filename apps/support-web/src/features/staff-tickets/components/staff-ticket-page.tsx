import {
  ApiErrorMessage,
  formatInstant,
  LoadMore,
  PageTitle,
  type PendingAttachments,
  SlaTimeLeft,
  TicketAttachments,
  TicketSeverityBadge,
  TicketStatusBadge,
  TicketText,
  TicketTimeline,
} from '@portals/web-ui';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useTicket } from '../api/get-ticket';
import { useTicketEvents } from '../api/get-ticket-events';
import { staffTicketsKey } from '../api/query-keys';
import { AssignmentControl } from './assignment-control';
import { CcControl } from './cc-control';
import { MergeDialog } from './merge-dialog';
import { ProductControl } from './product-control';
import { ReplyBox } from './reply-box';
import { SeverityControl } from './severity-control';
import { StatusControl } from './status-control';

function Timeline({ ticketId }: { ticketId: string }) {
  const events = useTicketEvents(ticketId);
  if (events.isPending) return <p role="status">Loading the conversation…</p>;
  if (events.isError && !events.isFetchNextPageError) {
    return (
      <ApiErrorMessage
        summary="The conversation could not be loaded."
        error={events.error}
        onRetry={() => void events.refetch()}
      />
    );
  }
  return (
    <>
      <TicketTimeline events={events.data?.pages.flatMap((page) => page.items) ?? []} />
      <LoadMore query={events} failureSummary="Later events could not be loaded." />
    </>
  );
}

/** A ticket as staff work it: the conversation with internal notes, answering, and every change. */
export function StaffTicketPage({ ticketId }: { ticketId: string }) {
  const ticket = useTicket(ticketId);
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<PendingAttachments[]>([]);
  if (ticket.isPending) return <p role="status">Loading the ticket…</p>;
  if (ticket.isError) {
    return (
      <ApiErrorMessage
        summary="The ticket could not be loaded."
        error={ticket.error}
        onRetry={() => void ticket.refetch()}
      />
    );
  }
  const data = ticket.data;
  return (
    <section className="page">
      <PageTitle>{`#${data.number} ${data.subject}`}</PageTitle>
      <p>
        <Link to="/staff/queue">Back to the queue</Link>
      </p>
      <h1>
        #{data.number} {data.subject}
      </h1>
      {data.mergedIntoTicketId ? (
        <p className="alert">
          Merged: the conversation continues in{' '}
          <Link to={`/staff/tickets/${data.mergedIntoTicketId}`}>the other ticket</Link>.
        </p>
      ) : null}
      <dl className="ticket-facts">
        <dt>Organization</dt>
        <dd>{data.organizationName}</dd>
        <dt>Requester</dt>
        <dd>{data.requester.name}</dd>
        <dt>Status</dt>
        <dd>
          <TicketStatusBadge status={data.status} />
        </dd>
        <dt>Severity</dt>
        <dd>
          <TicketSeverityBadge severity={data.severity} />
        </dd>
        <dt>Product</dt>
        <dd>{[data.product.name, data.component?.name, data.version?.name].filter(Boolean).join(' · ')}</dd>
        <dt>Copied</dt>
        <dd>{data.ccs.length === 0 ? 'Nobody' : data.ccs.map((person) => person.name).join(', ')}</dd>
        <dt>Response due</dt>
        <dd>
          <SlaTimeLeft sla={data.sla} />
          {data.sla.dueAt ? <> by {formatInstant(data.sla.dueAt, { withTime: true })}</> : null}
        </dd>
        <dt>First response</dt>
        <dd>
          {data.sla.firstRespondedAt
            ? formatInstant(data.sla.firstRespondedAt, { withTime: true })
            : 'Not yet'}
        </dd>
        <dt>SLA breaches</dt>
        <dd>
          {data.slaBreaches.length === 0
            ? 'None'
            : data.slaBreaches
                .map(
                  (breach) =>
                    `${breach.kind === 'first_response' ? 'First' : 'Next'} response due ${formatInstant(breach.dueAt, { withTime: true })}`,
                )
                .join('; ')}
        </dd>
        {data.rating ? (
          <>
            <dt>Rating</dt>
            <dd>
              {data.rating.rating === 'good' ? 'Good' : 'Bad'}, by {data.rating.ratedBy.name} on{' '}
              {formatInstant(data.rating.ratedAt)}
              {data.rating.comment ? `: “${data.rating.comment}”` : ''}
            </dd>
          </>
        ) : null}
      </dl>
      <section aria-label="Description" className="card">
        <h2>Description</h2>
        <TicketText body={data.description} />
      </section>
      <section aria-label="Work on the ticket" className="card">
        <h2>Work on the ticket</h2>
        <AssignmentControl ticket={data} />
        <CcControl ticket={data} />
        <StatusControl key={data.status} ticket={data} />
        <SeverityControl key={`severity-${data.severity}`} ticket={data} />
        <ProductControl key={`${data.product.id}-${data.component?.id}-${data.version?.id}`} ticket={data} />
        <MergeDialog ticket={data} />
      </section>
      <section aria-label="Conversation">
        <h2>Conversation</h2>
        <Timeline ticketId={data.id} />
      </section>
      {data.status === 'closed' ? null : (
        <ReplyBox
          ticketId={data.id}
          onSent={(event, files) => {
            if (files.length > 0)
              setPending((batches) => [...batches, { key: `event-${event.id}`, files, eventId: event.id }]);
          }}
        />
      )}
      <TicketAttachments
        ticketId={data.id}
        pending={pending}
        showInternal
        onStored={() => void queryClient.invalidateQueries({ queryKey: staffTicketsKey })}
      />
    </section>
  );
}
