import { PageTitle, useCan } from '@portals/web-ui';
import { Link } from 'react-router-dom';
import { TicketList } from '../../features/tickets/components/ticket-list';
import { LiveTicketUpdates } from '../live-ticket-updates';

export function TicketsRoute() {
  const can = useCan();
  return (
    <section className="page">
      <PageTitle>Tickets</PageTitle>
      <h1>Tickets</h1>
      <LiveTicketUpdates />
      {can('ticket:write:own') ? (
        <p>
          <Link className="button" to="/tickets/new">
            Open a ticket
          </Link>
        </p>
      ) : null}
      <TicketList />
    </section>
  );
}
