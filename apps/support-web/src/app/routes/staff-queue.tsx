import { StaffQueuePage } from '../../features/staff-tickets/components/staff-queue-page';
import { LiveTicketUpdates } from '../live-ticket-updates';

export function StaffQueueRoute() {
  return (
    <>
      <LiveTicketUpdates />
      <StaffQueuePage />
    </>
  );
}
