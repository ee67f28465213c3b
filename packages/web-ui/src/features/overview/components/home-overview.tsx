import { meCan, useMe } from '../../../lib/auth';
import { ContactOverviewSection } from './contact-overview';
import { OtherPortalLink } from './other-portal-link';
import { StaffOverviewSection } from './staff-overview';

/**
 * The signed-in person's home: a greeting, the way to the other portal when they use it too, and their
 * overview (a contact's organization, or a staff member's queues). Nothing is asked of the API for someone
 * whose rights wait (an administrator before two-factor sign-in: the banner says why).
 */
export function HomeOverview() {
  const me = useMe();
  if (!me) return null;
  const staff = me.kind === 'staff';
  const mayRead = staff
    ? meCan(me, 'ticket:read:any') || meCan(me, 'organization:read:any')
    : meCan(me, 'organization:read:org');
  return (
    <>
      <div className="overview-header">
        <p>Welcome, {me.name}.</p>
        <OtherPortalLink />
      </div>
      {mayRead ? staff ? <StaffOverviewSection /> : <ContactOverviewSection /> : null}
    </>
  );
}
