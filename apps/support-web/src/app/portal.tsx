import { createPortalRoutes, type Portal } from '@portals/web-ui';
import { HomeRoute } from './routes/home';

/** What is the Support Portal's own; the shell, sign-in, account, not-found and error pages come from web-ui. */
export const portal: Portal = {
  id: 'support',
  productName: 'Support Portal',
  routes: createPortalRoutes({ home: { label: 'Dashboard', element: <HomeRoute /> } }),
};
