import { NotFoundPage } from '@portals/web-ui';
import { useParams } from 'react-router-dom';
import { TicketPresence } from '../../features/live-events/components/ticket-presence';
import { useTicketPresence, useTypingSignal } from '../../features/live-events/hooks/use-ticket-presence';
import { StaffTicketPage } from '../../features/staff-tickets/components/staff-ticket-page';
import { LiveTicketUpdates } from '../live-ticket-updates';

export function StaffTicketRoute() {
  const { ticketId } = useParams();
  if (!ticketId) return <NotFoundPage />;
  // Keyed: another ticket is a fresh page, no draft or choice carried over.
  return <StaffTicketWithPresence key={ticketId} ticketId={ticketId} />;
}

/** The staff ticket page, live, with who else is on it; typing anywhere in the page counts as typing. */
function StaffTicketWithPresence({ ticketId }: { ticketId: string }) {
  const [typing, onInput] = useTypingSignal();
  const others = useTicketPresence(ticketId, typing);
  return (
    <div onInput={onInput}>
      <LiveTicketUpdates />
      <TicketPresence others={others} />
      <StaffTicketPage ticketId={ticketId} />
    </div>
  );
}
