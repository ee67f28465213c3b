import { CannedRepliesPage } from '../../features/staff-tickets/components/canned-replies-page';

export function CannedRepliesRoute() {
  return <CannedRepliesPage />;
}
