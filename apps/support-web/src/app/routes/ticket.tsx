import { PageTitle, useCan } from '@portals/web-ui';
import { useEffect, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import { TicketActions } from '../../features/tickets/components/ticket-actions';
import { TicketDetails } from '../../features/tickets/components/ticket-details';
import { LiveTicketUpdates } from '../live-ticket-updates';

const filesOf = (state: unknown): File[] => {
  const files = (state as { filesToAttach?: unknown } | null)?.filesToAttach;
  return Array.isArray(files) ? files.filter((file): file is File => file instanceof File) : [];
};

export function TicketRoute() {
  const { ticketId = '' } = useParams();
  const can = useCan();
  const location = useLocation();
  const navigate = useNavigate();
  // The files chosen on "Open a ticket" upload once: the address forgets them, so a reload does not resend.
  const [initialFiles] = useState(() => filesOf(location.state));
  useEffect(() => {
    if (filesOf(location.state).length > 0) void navigate(location.pathname, { replace: true, state: null });
  }, [location, navigate]);
  return (
    <section className="page">
      <PageTitle>Ticket</PageTitle>
      <LiveTicketUpdates />
      <TicketDetails
        key={ticketId}
        ticketId={ticketId}
        initialFiles={initialFiles}
        renderActions={can('ticket:write:own') ? (ticket) => <TicketActions ticket={ticket} /> : undefined}
      />
    </section>
  );
}
