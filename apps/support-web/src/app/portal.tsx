import { AlertBanner, createPortalRoutes, type Portal } from '@portals/web-ui';

/** What is the Support Portal's own; the shell, sign-in, account, not-found and error pages come from web-ui. */
export const portal: Portal = {
  id: 'support',
  productName: 'Support Portal',
  // Each page is a chunk of its own, fetched when first opened (see `createPortalRoutes`).
  routes: createPortalRoutes({
    home: { label: 'Dashboard', load: () => import('./routes/home').then((module) => module.HomeRoute) },
    // Alerts published to the contact's audience, on every page until closed.
    banner: <AlertBanner />,
    pages: [
      {
        path: 'tickets',
        load: () => import('./routes/tickets').then((module) => module.TicketsRoute),
        access: 'ticket:read:own',
        navLabel: 'Tickets',
      },
      {
        path: 'tickets/new',
        load: () => import('./routes/new-ticket').then((module) => module.NewTicketRoute),
        access: 'ticket:write:own',
        navLabel: 'Open a ticket',
      },
      {
        path: 'tickets/:ticketId',
        load: () => import('./routes/ticket').then((module) => module.TicketRoute),
        access: 'ticket:read:own',
      },
      {
        // The "solved" email's rating link: its token is the credential, so it opens signed out too.
        path: 'rate',
        load: () => import('./routes/rate').then((module) => module.RateRoute),
        access: 'public',
      },
      {
        path: 'organization',
        load: () => import('./routes/organization').then((module) => module.OrganizationRoute),
        access: 'subscription:read:org',
        navLabel: 'Your organization',
      },
      {
        path: 'staff/queue',
        load: () => import('./routes/staff-queue').then((module) => module.StaffQueueRoute),
        access: 'ticket:read:any',
        navLabel: 'Queue',
      },
      {
        path: 'staff/tickets/:ticketId',
        load: () => import('./routes/staff-ticket').then((module) => module.StaffTicketRoute),
        access: 'ticket:read:any',
      },
      {
        path: 'staff/sla-report',
        load: () => import('./routes/sla-report').then((module) => module.SlaReportRoute),
        access: 'ticket:read:any',
        navLabel: 'SLA report',
      },
      {
        path: 'staff/alerts',
        load: () => import('./routes/staff-alerts').then((module) => module.StaffAlertsRoute),
        access: 'alert:publish:any',
        navLabel: 'Publish alerts',
      },
      {
        path: 'staff/canned-replies',
        load: () => import('./routes/canned-replies').then((module) => module.CannedRepliesRoute),
        access: 'canned_reply:manage:any',
        navLabel: 'Canned replies',
      },
      {
        // Every contact (and no staff: they publish alerts) holds organization:read:org.
        path: 'alerts',
        load: () => import('./routes/alerts').then((module) => module.AlertsRoute),
        access: 'organization:read:org',
        navLabel: 'Alerts',
      },
    ],
  }),
};
