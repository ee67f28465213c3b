import { createPortalRoutes, type Portal } from '@portals/web-ui';
import { HomeRoute } from './routes/home';
import { SubscriptionsRoute } from './routes/subscriptions';

/** What is the Subscriber Portal's own; the shell, sign-in, account, not-found and error pages come from web-ui. */
export const portal: Portal = {
  id: 'subscriber',
  productName: 'Subscriber Portal',
  routes: createPortalRoutes({
    home: { label: 'Overview', element: <HomeRoute /> },
    pages: [
      {
        path: 'subscriptions',
        element: <SubscriptionsRoute />,
        access: 'subscription:read:org',
        navLabel: 'Subscriptions',
      },
    ],
  }),
};
