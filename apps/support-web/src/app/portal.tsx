import { createPortalRoutes, type Portal } from '@portals/web-ui';
import { HomeRoute } from './routes/home';

/** What is the Support Portal's own; the shell, sign-in, not-found and error pages come from web-ui. */
export const portal: Portal = {
  productName: 'Support Portal',
  routes: createPortalRoutes({
    navItems: [{ to: '/', label: 'Dashboard', end: true }],
    home: <HomeRoute />,
  }),
};
