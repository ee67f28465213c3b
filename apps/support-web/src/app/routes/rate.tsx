import { RateByLinkPage } from '../../features/tickets/components/rate-by-link-page';

export function RateRoute() {
  return <RateByLinkPage />;
}
