import type { EmailKind } from '@portals/domain';

/** How a kind of email is named on screen; a new kind fails to compile until it has a label. */
export const emailKindLabels: Record<EmailKind, string> = {
  subscription_changed: 'Subscription changes',
  renewal_notice: 'Renewal notices',
  invoice_issued: 'Invoices issued',
  payment_received: 'Payment receipts',
  invoice_overdue: 'Reminders of overdue invoices',
  ticket_update: 'Support ticket updates',
  alert: 'Alerts: security advisories, maintenance and incidents',
  contact_change: 'Changes to your contact details',
  contact_request_decided: 'Decisions on your contact requests',
  change_request_decided: 'Decisions on your change requests',
  welcome: 'Welcome email',
  support_welcome: 'Support Portal welcome email',
  invitation: 'Invitations',
  password_reset: 'Password resets',
  password_changed: 'Password changes',
};
