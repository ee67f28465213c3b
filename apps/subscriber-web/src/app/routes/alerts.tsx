import { AlertsPage } from '@portals/web-ui';

export function AlertsRoute() {
  return <AlertsPage />;
}
