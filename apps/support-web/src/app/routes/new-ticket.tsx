import { PageTitle } from '@portals/web-ui';
import { useNavigate } from 'react-router-dom';
import { NewTicketForm } from '../../features/tickets/components/new-ticket-form';

export function NewTicketRoute() {
  const navigate = useNavigate();
  return (
    <section className="page">
      <PageTitle>Open a ticket</PageTitle>
      <h1>Open a ticket</h1>
      <NewTicketForm
        // The chosen files travel to the ticket's page, which uploads them to the new ticket.
        onCreated={(ticket, files) => navigate(`/tickets/${ticket.id}`, { state: { filesToAttach: files } })}
      />
    </section>
  );
}
