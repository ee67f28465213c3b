import { createPortalRoutes, type Portal } from '@portals/web-ui';
import { HomeRoute } from './routes/home';
import { OrganizationRoute } from './routes/organization';

/** What is the Support Portal's own; the shell, sign-in, account, not-found and error pages come from web-ui. */
export const portal: Portal = {
  id: 'support',
  productName: 'Support Portal',
  routes: createPortalRoutes({
    home: { label: 'Dashboard', element: <HomeRoute /> },
    pages: [
      {
        path: 'organization',
        element: <OrganizationRoute />,
        access: 'subscription:read:org',
        navLabel: 'Your organization',
      },
    ],
  }),
};
