import { useStaffChangeRequests } from '../api/get-staff-change-requests';

/** Beside "Change requests" in the navigation: how many wait for staff (submitted or in review). */
export function OpenChangeRequestsBadge() {
  // The inbox's own first page (no filters): its counts cover every request, and it is shared with the page.
  const requests = useStaffChangeRequests({});
  const counts = requests.data?.pages[0]?.counts;
  const open = (counts?.submitted ?? 0) + (counts?.in_review ?? 0);
  if (open === 0) return null;
  return (
    <>
      {' '}
      <span className="nav-badge">
        {open}
        <span className="visually-hidden"> open</span>
      </span>
    </>
  );
}
