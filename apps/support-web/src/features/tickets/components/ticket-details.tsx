import type { Ticket } from '@portals/domain';
import {
  ApiErrorMessage,
  formatInstant,
  LoadMore,
  type PendingAttachments,
  SlaPromise,
  TicketAttachments,
} from '@portals/web-ui';
import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useId, useState } from 'react';
import { ticketQueryKey, useTicket } from '../api/get-ticket';
import { useTicketEvents } from '../api/get-ticket-events';
import { severityLabel, ticketNumberLabel, ticketStatusLabels } from '../lib/ticket-labels';
import { ReplyForm } from './reply-form';
import { TicketTimeline } from './ticket-timeline';

/** The ticket's facts under its title. */
export function TicketFacts({ ticket }: { ticket: Ticket }) {
  const facts: [string, ReactNode][] = [
    ['Status', ticketStatusLabels[ticket.status]],
    ['Severity', severityLabel(ticket.severity)],
    [
      'Product',
      [ticket.product.name, ticket.component?.name, ticket.version?.name].filter(Boolean).join(' · '),
    ],
    ['Requester', ticket.requester.name],
    ['Assignee', ticket.assignee?.name ?? 'Not assigned yet'],
    ['Copied', ticket.ccs.length > 0 ? ticket.ccs.map((cc) => cc.name).join(', ') : 'Nobody'],
    ['Opened', formatInstant(ticket.createdAt, { withTime: true })],
    ...(ticket.slaBreaches.length > 0
      ? [
          [
            'Late responses',
            ticket.slaBreaches
              .map(
                (breach) =>
                  `${breach.kind === 'first_response' ? 'First' : 'A'} response was due ${formatInstant(breach.dueAt, { withTime: true })}`,
              )
              .join('; '),
          ] as [string, ReactNode],
        ]
      : []),
  ];
  return (
    <dl className="facts">
      {facts.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export interface TicketDetailsProps {
  ticketId: string;
  /** The ticket's own actions (status, severity, CCs) and attachments, composed by the page. */
  renderActions?: (ticket: Ticket) => ReactNode;
  /** Files chosen when the ticket was opened, to upload to it now. */
  initialFiles?: readonly File[];
}

/** A ticket's page for a contact: the header, the conversation and history, and the reply box. */
export function TicketDetails({ ticketId, renderActions, initialFiles = [] }: TicketDetailsProps) {
  const conversationId = useId();
  const [pending, setPending] = useState<PendingAttachments[]>(() =>
    initialFiles.length > 0 ? [{ key: 'opened', files: initialFiles, eventId: null }] : [],
  );
  const ticket = useTicket(ticketId);
  const events = useTicketEvents(ticketId);
  const queryClient = useQueryClient();
  if (ticket.isPending) return <p role="status">Loading the ticket…</p>;
  if (ticket.isError) {
    return (
      <ApiErrorMessage
        summary="The ticket could not be loaded."
        error={ticket.error}
        onRetry={() => {
          void ticket.refetch();
        }}
      />
    );
  }
  const data = ticket.data;
  return (
    <article className="ticket">
      <h1>
        {ticketNumberLabel(data.number)} {data.subject}
      </h1>
      <SlaPromise sla={data.sla} />
      <TicketFacts ticket={data} />
      {renderActions?.(data)}
      <section aria-labelledby={conversationId}>
        <h2 id={conversationId}>Conversation</h2>
        {events.isPending ? <p role="status">Loading the conversation…</p> : null}
        {events.isError && !events.isFetchNextPageError ? (
          <ApiErrorMessage
            summary="The conversation could not be loaded."
            error={events.error}
            onRetry={() => {
              void events.refetch();
            }}
          />
        ) : null}
        {events.data ? <TicketTimeline events={events.data.pages.flatMap((page) => page.items)} /> : null}
        <LoadMore query={events} failureSummary="More of the conversation could not be loaded." />
      </section>
      {data.status === 'closed' ? (
        <p className="muted">This ticket is closed: open a new ticket to follow it up.</p>
      ) : (
        <ReplyForm
          ticketId={ticketId}
          onSent={(reply, files) => {
            if (files.length > 0)
              setPending((batches) => [...batches, { key: `reply-${reply.id}`, files, eventId: reply.id }]);
          }}
        />
      )}
      <TicketAttachments
        ticketId={ticketId}
        pending={pending}
        onStored={() => void queryClient.invalidateQueries({ queryKey: ticketQueryKey(ticketId) })}
      />
    </article>
  );
}
