import type { WebhookDeliveryStatus, WebhookDeliveryType, WebhookEndpointStatus } from '@portals/domain';

/** How each event type is named on screen; a new type fails to compile until it has a label. */
export const webhookEventLabels: Record<WebhookDeliveryType, string> = {
  'ticket.created': 'Ticket opened',
  'ticket.updated': 'Ticket changed',
  'ticket.replied': 'Ticket reply',
  'ticket.solved': 'Ticket solved',
  'invoice.issued': 'Invoice issued',
  'invoice.paid': 'Invoice paid',
  'change_request.decided': 'Change request decided',
  'contact_request.decided': 'Contact request decided',
  'contact.changed': 'Contact changed',
  ping: 'Test ping',
};

export const webhookStatusLabels: Record<WebhookEndpointStatus, string> = {
  enabled: 'Enabled',
  disabled: 'Disabled',
  failing: 'Disabled after failing',
};

export const deliveryStatusLabels: Record<WebhookDeliveryStatus, string> = {
  pending: 'Retrying',
  succeeded: 'Delivered',
  failed: 'Failed',
};
