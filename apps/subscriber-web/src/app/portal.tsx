import { AlertBanner, createPortalRoutes, type Portal } from '@portals/web-ui';
import { OpenQuestionsBadge } from '../features/questions/components/open-questions-badge';
import { OpenChangeRequestsBadge } from '../features/staff-change-requests/components/open-count-badge';
import { PendingCountBadge } from '../features/staff-contact-requests/components/pending-count-badge';

/** What is the Subscriber Portal's own; the shell, sign-in, account, not-found and error pages come from web-ui. */
export const portal: Portal = {
  id: 'subscriber',
  productName: 'Subscriber Portal',
  // Each page is a chunk of its own, fetched when first opened (see `createPortalRoutes`).
  routes: createPortalRoutes({
    home: { label: 'Overview', load: () => import('./routes/home').then((module) => module.HomeRoute) },
    // Alerts published to the contact's audience, on every page until closed.
    banner: <AlertBanner />,
    pages: [
      {
        path: 'subscriptions',
        load: () => import('./routes/subscriptions').then((module) => module.SubscriptionsRoute),
        access: 'subscription:read:org',
        navLabel: 'Subscriptions',
      },
      {
        path: 'change-requests',
        load: () => import('./routes/change-requests').then((module) => module.ChangeRequestsRoute),
        access: 'change_request:read:org',
        navLabel: 'Change requests',
        forbiddenMessage:
          "Change requests are made and followed by your organization's main and administrative contacts.",
      },
      {
        path: 'contacts',
        load: () => import('./routes/contacts').then((module) => module.ContactsRoute),
        access: 'contact:read:org',
        navLabel: 'Contacts',
      },
      {
        path: 'invoices',
        load: () => import('./routes/invoices').then((module) => module.InvoicesRoute),
        access: 'invoice:read:org',
        navLabel: 'Invoices',
        forbiddenMessage:
          "Invoices are read by your organization's main and administrative contacts: ask one of them for a copy.",
      },
      {
        path: 'invoices/:invoiceId',
        load: () => import('./routes/invoice').then((module) => module.InvoiceRoute),
        access: 'invoice:read:org',
        forbiddenMessage:
          "Invoices are read by your organization's main and administrative contacts: ask one of them for a copy.",
      },
      {
        path: 'statements',
        load: () => import('./routes/statements').then((module) => module.StatementsRoute),
        access: 'invoice:read:org',
        navLabel: 'Statements',
        forbiddenMessage:
          "Statements are produced by your organization's main and administrative contacts: ask one of them for a copy.",
      },
      {
        path: 'statements/:statementId',
        load: () => import('./routes/statement').then((module) => module.StatementRoute),
        access: 'invoice:read:org',
        forbiddenMessage:
          "Statements are produced by your organization's main and administrative contacts: ask one of them for a copy.",
      },
      {
        path: 'questions',
        load: () => import('./routes/questions').then((module) => module.QuestionsRoute),
        access: 'question:read:org',
        navLabel: 'Questions',
        forbiddenMessage:
          "Questions are asked by your organization's main and administrative contacts: ask one of them to ask for you.",
      },
      {
        path: 'questions/new',
        load: () => import('./routes/new-question').then((module) => module.NewQuestionRoute),
        access: 'question:ask:org',
        forbiddenMessage:
          "Questions are asked by your organization's main and administrative contacts: ask one of them to ask for you.",
      },
      {
        path: 'questions/:questionId',
        load: () => import('./routes/question').then((module) => module.QuestionRoute),
        access: 'question:read:org',
        forbiddenMessage:
          "Questions are asked by your organization's main and administrative contacts: ask one of them to ask for you.",
      },
      {
        path: 'end-users',
        load: () => import('./routes/end-users').then((module) => module.EndUsersRoute),
        access: 'partner_end_users:read:org',
        navLabel: 'End users',
      },
      {
        path: 'back-office/order-forms/new',
        load: () => import('./routes/process-order-form').then((module) => module.ProcessOrderFormRoute),
        access: 'order_form:process:any',
        navLabel: 'Process an Order Form',
      },
      {
        path: 'back-office/organizations',
        load: () => import('./routes/organizations').then((module) => module.OrganizationsRoute),
        access: 'organization:read:any',
        navLabel: 'Organizations',
      },
      {
        path: 'back-office/organizations/:organizationId',
        load: () => import('./routes/organization').then((module) => module.OrganizationRoute),
        access: 'organization:read:any',
      },
      {
        path: 'back-office/invoices',
        load: () => import('./routes/staff-invoices').then((module) => module.StaffInvoicesRoute),
        access: 'invoice:read:any',
        navLabel: 'Invoices',
      },
      {
        path: 'back-office/invoices/new',
        load: () => import('./routes/new-invoice').then((module) => module.NewInvoiceRoute),
        access: 'invoice:manage:any',
        forbiddenMessage: 'Invoices are written by billing staff and administrators.',
      },
      {
        path: 'back-office/invoices/:invoiceId',
        load: () => import('./routes/staff-invoice').then((module) => module.StaffInvoiceRoute),
        access: 'invoice:read:any',
      },
      {
        path: 'back-office/receivables',
        load: () => import('./routes/receivables').then((module) => module.ReceivablesRoute),
        access: 'invoice:read:any',
        navLabel: 'Receivables',
      },
      {
        path: 'back-office/statements/:statementId',
        load: () => import('./routes/staff-statement').then((module) => module.StaffStatementRoute),
        access: 'invoice:read:any',
      },
      {
        path: 'back-office/contact-requests',
        load: () => import('./routes/contact-requests').then((module) => module.ContactRequestsRoute),
        access: 'contact_request:read:any',
        navLabel: 'Contact requests',
        navBadge: <PendingCountBadge />,
        forbiddenMessage:
          'Contact requests are decided by account managers and administrators: your role has nothing to do here.',
      },
      {
        path: 'back-office/questions',
        load: () => import('./routes/staff-questions').then((module) => module.StaffQuestionsRoute),
        access: 'question:read:any',
        navLabel: 'Questions',
        navBadge: <OpenQuestionsBadge />,
        forbiddenMessage:
          'Questions are answered by billing staff, account managers and administrators: your role has nothing to do here.',
      },
      {
        path: 'back-office/questions/:questionId',
        load: () => import('./routes/staff-question').then((module) => module.StaffQuestionRoute),
        access: 'question:read:any',
        forbiddenMessage:
          'Questions are answered by billing staff, account managers and administrators: your role has nothing to do here.',
      },
      {
        path: 'back-office/change-requests',
        load: () =>
          import('./routes/staff-change-requests').then((module) => module.StaffChangeRequestsRoute),
        access: 'change_request:read:any',
        navLabel: 'Change requests',
        navBadge: <OpenChangeRequestsBadge />,
        forbiddenMessage:
          'Change requests are decided by account managers and administrators: your role has nothing to do here.',
      },
      {
        // An organization's main contact (its endpoints) and administrators (vendor-wide ones).
        path: 'webhooks',
        load: () => import('./routes/webhooks').then((module) => module.WebhooksRoute),
        access: ['webhook:manage:org', 'webhook:manage:any'],
        navLabel: 'Webhooks',
        forbiddenMessage:
          "Webhooks are managed by your organization's main contact, and vendor-wide by administrators.",
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
