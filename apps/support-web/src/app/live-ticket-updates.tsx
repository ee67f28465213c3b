import { useQueryClient } from '@tanstack/react-query';
import { LiveStatus } from '../features/live-events/components/live-status';
import { useLiveTicketEvents } from '../features/live-events/hooks/use-live-ticket-events';
import { ticketKey as staffTicketKey } from '../features/staff-tickets/api/get-ticket';
import { staffTicketsKey } from '../features/staff-tickets/api/query-keys';
import { ticketQueryKey } from '../features/tickets/api/get-ticket';
import { ticketsQueryKey } from '../features/tickets/api/get-tickets';

/**
 * Keeps the page live: each ticket event refreshes, by query key, the lists and counts and that ticket
 * (its header and timeline), in the contact's and the staff's views; only what is on screen is fetched
 * again. Shows when the stream is reconnecting.
 */
export function LiveTicketUpdates() {
  const queryClient = useQueryClient();
  useLiveTicketEvents((change) => {
    if (change === 'reset') {
      void queryClient.invalidateQueries({ queryKey: ticketsQueryKey });
      void queryClient.invalidateQueries({ queryKey: staffTicketsKey });
      return;
    }
    for (const queryKey of [
      [...ticketsQueryKey, 'list'],
      [...ticketsQueryKey, 'counts'],
      ticketQueryKey(change.ticketId),
      [...staffTicketsKey, 'queue'],
      [...staffTicketsKey, 'counts'],
      [...staffTicketsKey, 'search'],
      staffTicketKey(change.ticketId),
    ]) {
      void queryClient.invalidateQueries({ queryKey });
    }
  });
  return <LiveStatus />;
}
