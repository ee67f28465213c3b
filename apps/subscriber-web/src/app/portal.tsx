import { createPortalRoutes, type Portal } from '@portals/web-ui';
import { ContactRequestsRoute } from './routes/contact-requests';
import { ContactsRoute } from './routes/contacts';
import { EndUsersRoute } from './routes/end-users';
import { HomeRoute } from './routes/home';
import { ProcessOrderFormRoute } from './routes/process-order-form';
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
      { path: 'contacts', element: <ContactsRoute />, access: 'contact:read:org', navLabel: 'Contacts' },
      {
        path: 'end-users',
        element: <EndUsersRoute />,
        access: 'partner_end_users:read:org',
        navLabel: 'End users',
      },
      {
        path: 'back-office/order-forms/new',
        element: <ProcessOrderFormRoute />,
        access: 'order_form:process:any',
        navLabel: 'Process an Order Form',
      },
      {
        path: 'back-office/contact-requests',
        element: <ContactRequestsRoute />,
        access: 'contact_request:read:any',
        navLabel: 'Contact requests',
      },
    ],
  }),
};
