import { alertEndpoints } from './alerts';
import { apiTokenEndpoints } from './api-tokens';
import { auditEndpoints } from './audit';
import { accountEndpoints, authEndpoints, twoFactorEndpoints } from './auth';
import { changeRequestEndpoints } from './change-requests';
import { emailPreferenceEndpoints } from './communications';
import { contactRequestEndpoints } from './contact-requests';
import { contactEndpoints } from './contacts';
import { invoiceEndpoints, statementEndpoints } from './invoices';
import { liveEventEndpoints } from './live-events';
import { orderFormEndpoints } from './order-forms';
import { organizationEndpoints } from './organizations';
import { overviewEndpoints } from './overview';
import { partnerEndpoints } from './partners';
import { questionEndpoints } from './questions';
import { slaEndpoints } from './sla';
import { staffEndpoints } from './staff';
import { subscriptionEndpoints } from './subscriptions';
import { ticketAttachmentEndpoints } from './ticket-attachments';
import { ticketRatingEndpoints } from './ticket-ratings';
import { cannedReplyEndpoints, ticketWorkflowEndpoints } from './ticket-workflow';
import { productEndpoints, ticketEndpoints } from './tickets';
import { tierEndpoints } from './tiers';
import { uploadEndpoints } from './uploads';
import { webhookEndpoints } from './webhooks';

export * from './alerts';
export * from './api-tokens';
export * from './audit';
export * from './auth';
export * from './change-requests';
export * from './communications';
export * from './contact-requests';
export * from './contacts';
export * from './invoices';
export * from './live-events';
export * from './order-forms';
export * from './organizations';
export * from './overview';
export * from './partners';
export * from './questions';
export * from './sla';
export * from './staff';
export * from './subscriptions';
export * from './ticket-attachments';
export * from './ticket-ratings';
export * from './ticket-workflow';
export * from './tickets';
export * from './tiers';
export * from './uploads';
export * from './webhooks';

/** Every endpoint group, for the checks that walk them all. */
export const endpointGroups = {
  alerts: alertEndpoints,
  apiTokens: apiTokenEndpoints,
  audit: auditEndpoints,
  auth: authEndpoints,
  twoFactor: twoFactorEndpoints,
  account: accountEndpoints,
  emailPreferences: emailPreferenceEndpoints,
  changeRequests: changeRequestEndpoints,
  contactRequests: contactRequestEndpoints,
  contacts: contactEndpoints,
  invoices: invoiceEndpoints,
  statements: statementEndpoints,
  orderForms: orderFormEndpoints,
  organizations: organizationEndpoints,
  overview: overviewEndpoints,
  partners: partnerEndpoints,
  questions: questionEndpoints,
  subscriptions: subscriptionEndpoints,
  tiers: tierEndpoints,
  products: productEndpoints,
  tickets: ticketEndpoints,
  ticketWorkflow: ticketWorkflowEndpoints,
  cannedReplies: cannedReplyEndpoints,
  ticketAttachments: ticketAttachmentEndpoints,
  ticketRatings: ticketRatingEndpoints,
  uploads: uploadEndpoints,
  staff: staffEndpoints,
  liveEvents: liveEventEndpoints,
  sla: slaEndpoints,
  webhooks: webhookEndpoints,
};
