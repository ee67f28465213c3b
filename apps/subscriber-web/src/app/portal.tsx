import { createPortalRoutes, type Portal } from '@portals/web-ui';
import { HomeRoute } from './routes/home';

/** What is the Subscriber Portal's own; the shell, sign-in, not-found and error pages come from web-ui. */
export const portal: Portal = {
  productName: 'Subscriber Portal',
  routes: createPortalRoutes({
    navItems: [{ to: '/', label: 'Overview', end: true }],
    home: <HomeRoute />,
  }),
};
