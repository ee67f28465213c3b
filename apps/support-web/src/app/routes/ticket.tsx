import { PageTitle, useCan } from '@portals/web-ui';
import { useParams } from 'react-router-dom';
import { TicketActions } from '../../features/tickets/components/ticket-actions';
import { TicketDetails } from '../../features/tickets/components/ticket-details';

export function TicketRoute() {
  const { ticketId = '' } = useParams();
  const can = useCan();
  return (
    <section className="page">
      <PageTitle>Ticket</PageTitle>
      <TicketDetails
        ticketId={ticketId}
        renderActions={can('ticket:write:own') ? (ticket) => <TicketActions ticket={ticket} /> : undefined}
      />
    </section>
  );
}
