import type { TicketEvent } from '@portals/domain';
import type { ReactNode } from 'react';
import { Markdown } from '../../components/markdown';
import { formatInstant } from '../../lib/format-instant';
import { ticketSeverityLabel, ticketStatusLabels } from './ticket-labels';

/** What a person wrote, as Markdown made safe (raw HTML dropped, only web and mail links). */
export function TicketText({ body }: { body: string }) {
  return <Markdown className="ticket-text markdown">{body}</Markdown>;
}

/** One sentence for a change that carries no text of its own. */
const changeSentence = (event: TicketEvent): ReactNode => {
  switch (event.kind) {
    case 'status_changed':
      return `Status: ${ticketStatusLabels[event.data.from]} → ${ticketStatusLabels[event.data.to]}${
        event.data.reason ? ` (${event.data.reason})` : ''
      }`;
    case 'severity_changed':
      return `${ticketSeverityLabel(event.data.from)} → ${ticketSeverityLabel(event.data.to)} (${event.data.reason})`;
    case 'assigned':
      return event.data.to ? `Assigned to ${event.data.to.name}` : 'Unassigned';
    case 'cc_added':
      return `${event.data.user.name} copied`;
    case 'cc_removed':
      return `${event.data.user.name} no longer copied`;
    case 'product_changed':
      return 'Product, component or version changed';
    case 'merged':
      return event.data.sourceTicketId === event.ticketId
        ? `Merged into #${event.data.targetNumber}`
        : `#${event.data.sourceNumber} merged into this ticket`;
    case 'attachment_added':
      return `Attached ${event.data.fileName}`;
    default:
      return null;
  }
};

function TimelineEntry({ event }: { event: TicketEvent }) {
  const who = event.actor?.name ?? 'The system';
  const when = <time dateTime={event.createdAt}>{formatInstant(event.createdAt, { withTime: true })}</time>;
  if (event.kind === 'internal_note') {
    return (
      <li className="ticket-event ticket-event-internal">
        <p className="ticket-event-label">
          <strong>Internal note — not visible to the customer</strong>
        </p>
        <p className="ticket-event-meta">
          {who} · {when}
        </p>
        <TicketText body={event.body} />
      </li>
    );
  }
  if (event.kind === 'created' || event.kind === 'public_reply') {
    const action =
      event.kind === 'created'
        ? 'opened the ticket'
        : event.data?.via === 'email'
          ? 'replied by email'
          : 'replied';
    return (
      <li className="ticket-event ticket-event-reply">
        <p className="ticket-event-meta">
          <strong>{who}</strong> {action} · {when}
        </p>
        <TicketText body={event.body} />
      </li>
    );
  }
  return (
    <li
      className={`ticket-event ticket-event-change${event.visibility === 'internal' ? ' ticket-event-internal' : ''}`}
    >
      <p className="ticket-event-meta">
        {changeSentence(event)} — {who} · {when}
        {event.visibility === 'internal' ? ' (internal)' : null}
      </p>
    </li>
  );
}

/** A ticket's timeline, oldest first: replies, changes and, for staff, internal notes marked as such. */
export function TicketTimeline({ events }: { events: readonly TicketEvent[] }) {
  if (events.length === 0) return <p className="muted">Nothing has happened on this ticket yet.</p>;
  return (
    <ol className="ticket-timeline" aria-label="Conversation and changes">
      {events.map((event) => (
        <TimelineEntry key={event.id} event={event} />
      ))}
    </ol>
  );
}
