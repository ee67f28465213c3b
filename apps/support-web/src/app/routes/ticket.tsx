import { PageTitle } from '@portals/web-ui';
import { useParams } from 'react-router-dom';
import { TicketDetails } from '../../features/tickets/components/ticket-details';

export function TicketRoute() {
  const { ticketId = '' } = useParams();
  return (
    <section className="page">
      <PageTitle>Ticket</PageTitle>
      <TicketDetails ticketId={ticketId} />
    </section>
  );
}
