import { useContactRequestCounts } from '../api/get-contact-request-counts';

/** Beside "Contact requests" in the navigation: how many wait for a decision; nothing when none do. */
export function PendingCountBadge() {
  const counts = useContactRequestCounts();
  const pending = counts.data?.pending ?? 0;
  if (pending === 0) return null;
  return (
    <>
      {' '}
      <span className="nav-badge">
        {pending}
        <span className="visually-hidden"> pending</span>
      </span>
    </>
  );
}
