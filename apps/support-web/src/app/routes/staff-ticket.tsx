import { NotFoundPage } from '@portals/web-ui';
import { useParams } from 'react-router-dom';
import { StaffTicketPage } from '../../features/staff-tickets/components/staff-ticket-page';
import { LiveTicketUpdates } from '../live-ticket-updates';

export function StaffTicketRoute() {
  const { ticketId } = useParams();
  if (!ticketId) return <NotFoundPage />;
  // Keyed: another ticket is a fresh page, no draft or choice carried over.
  return (
    <>
      <LiveTicketUpdates />
      <StaffTicketPage key={ticketId} ticketId={ticketId} />
    </>
  );
}
