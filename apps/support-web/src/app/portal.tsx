import { createPortalRoutes, type Portal } from '@portals/web-ui';

/** What is the Support Portal's own; the shell, sign-in, account, not-found and error pages come from web-ui. */
export const portal: Portal = {
  id: 'support',
  productName: 'Support Portal',
  // Each page is a chunk of its own, fetched when first opened (see `createPortalRoutes`).
  routes: createPortalRoutes({
    home: { label: 'Dashboard', load: () => import('./routes/home').then((module) => module.HomeRoute) },
    pages: [
      {
        path: 'organization',
        load: () => import('./routes/organization').then((module) => module.OrganizationRoute),
        access: 'subscription:read:org',
        navLabel: 'Your organization',
      },
    ],
  }),
};
