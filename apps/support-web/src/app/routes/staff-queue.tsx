import { StaffQueuePage } from '../../features/staff-tickets/components/staff-queue-page';

export function StaffQueueRoute() {
  return <StaffQueuePage />;
}
