import { StaffAlertsPage } from '../../features/staff-alerts/components/staff-alerts-page';

export function StaffAlertsRoute() {
  return <StaffAlertsPage />;
}
