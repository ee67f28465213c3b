import type { TicketEvent } from '@portals/domain';
import { formatInstant, Markdown } from '@portals/web-ui';
import type { ReactNode } from 'react';
import { severityLabel, ticketNumberLabel, ticketStatusLabels } from '../lib/ticket-labels';

/** What a contact may be shown: public events only. The API sends no other; if it ever did, it stays hidden. */
export const isShownToContact = (event: TicketEvent): boolean =>
  event.visibility === 'public' && (event.kind as string) !== 'internal_note';

const formatBytes = (bytes: number): string =>
  bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 ** 2
      ? `${(bytes / 1024).toFixed(1)} KB`
      : `${(bytes / 1024 ** 2).toFixed(1)} MB`;

/** One line for an event that is not a message. */
const describeEvent = (event: TicketEvent): ReactNode => {
  const who = event.actor?.name ?? 'Support';
  switch (event.kind) {
    case 'status_changed':
      return `${who} changed the status from ${ticketStatusLabels[event.data.from]} to ${ticketStatusLabels[event.data.to]}${
        event.data.reason ? `: “${event.data.reason}”` : ''
      }`;
    case 'severity_changed':
      return `${who} changed the severity from ${severityLabel(event.data.from)} to ${severityLabel(event.data.to)}: “${event.data.reason}”`;
    case 'assigned':
      return event.data.to ? `Assigned to ${event.data.to.name}` : 'No longer assigned';
    case 'cc_added':
      return `${who} copied ${event.data.user.name}`;
    case 'cc_removed':
      return `${who} stopped copying ${event.data.user.name}`;
    case 'product_changed':
      return `${who} changed the product`;
    case 'merged':
      return `Merged: ${ticketNumberLabel(event.data.sourceNumber)} into ${ticketNumberLabel(event.data.targetNumber)}`;
    case 'attachment_added':
      return `${who} attached ${event.data.fileName} (${formatBytes(event.data.sizeBytes)})`;
    default:
      return null;
  }
};

/** The conversation and the status timeline in one list: replies in full (Markdown), changes as one line each. */
export function TicketTimeline({ events }: { events: readonly TicketEvent[] }) {
  const shown = events.filter(isShownToContact);
  return (
    <ol className="timeline" aria-label="Conversation and history">
      {shown.map((event) => {
        const when = (
          <time dateTime={event.createdAt}>{formatInstant(event.createdAt, { withTime: true })}</time>
        );
        if (event.kind === 'created' || event.kind === 'public_reply') {
          return (
            <li key={event.id} className="timeline-message">
              <article
                aria-label={`${event.kind === 'created' ? 'Description' : 'Reply'} by ${event.actor?.name ?? 'Support'}`}
              >
                <header>
                  <strong>{event.actor?.name ?? 'Support'}</strong>{' '}
                  {event.kind === 'created' ? 'opened the ticket' : 'replied'} · {when}
                </header>
                <Markdown>{event.body}</Markdown>
              </article>
            </li>
          );
        }
        const line = describeEvent(event);
        if (line === null) return null;
        return (
          <li key={event.id} className="timeline-event">
            {line} · {when}
          </li>
        );
      })}
    </ol>
  );
}
