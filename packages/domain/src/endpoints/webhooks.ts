import { z } from 'zod';
import { defineEndpoint, type RouteAccess } from '../endpoint';
import {
  CreateWebhookEndpointRequest,
  UpdateWebhookEndpointRequest,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookDeliveryParams,
  WebhookEndpoint,
  WebhookEndpointList,
  WebhookEndpointParams,
  WebhookEndpointWithSecret,
} from '../schemas/webhook';

/**
 * An organization's main contact manages its endpoints; administrators manage vendor-wide ones (no
 * organization). An API token passes when it carries the permission (decision 038).
 */
const manage = { anyPermission: ['webhook:manage:org', 'webhook:manage:any'] } as const satisfies RouteAccess;
const tags = ['webhooks'];
const notFoundElsewhere =
  'Another organization’s endpoint (or, for staff, one of an organization) answers 404.';

export const webhookEndpoints = {
  list: defineEndpoint({
    method: 'GET',
    path: '/v1/webhooks',
    response: { 200: WebhookEndpointList },
    access: manage,
    tags,
    summary: 'Your webhook endpoints (an administrator: the vendor-wide ones), newest first',
  }),
  create: defineEndpoint({
    method: 'POST',
    path: '/v1/webhooks',
    body: CreateWebhookEndpointRequest,
    response: { 201: WebhookEndpointWithSecret },
    examples: {
      request: {
        url: 'https://hooks.example.com/portals',
        description: 'Ticket sync to our service desk',
        eventTypes: ['ticket.created', 'ticket.replied', 'ticket.solved'],
      },
    },
    access: manage,
    tags,
    summary: 'Register a webhook endpoint; the answer holds its signing secret, shown this once',
    description:
      'The URL must be https and resolve to public addresses only (docs/webhooks.md). Deliveries are signed ' +
      'with the secret (Webhook-Id, Webhook-Timestamp, Webhook-Signature headers).',
  }),
  get: defineEndpoint({
    method: 'GET',
    path: '/v1/webhooks/:webhookId',
    params: WebhookEndpointParams,
    response: { 200: WebhookEndpoint },
    access: manage,
    tags,
    summary: 'One webhook endpoint',
    description: notFoundElsewhere,
  }),
  update: defineEndpoint({
    method: 'PATCH',
    path: '/v1/webhooks/:webhookId',
    params: WebhookEndpointParams,
    body: UpdateWebhookEndpointRequest,
    response: { 200: WebhookEndpoint },
    examples: { request: { url: 'https://hooks.example.com/portals/v2', enabled: true } },
    access: manage,
    tags,
    summary: 'Change an endpoint’s URL, description or event types, or disable or enable it',
    description: `Enabling one sends what waited while it was disabled. ${notFoundElsewhere}`,
  }),
  delete: defineEndpoint({
    method: 'DELETE',
    path: '/v1/webhooks/:webhookId',
    params: WebhookEndpointParams,
    response: { 204: z.null() },
    access: manage,
    tags,
    summary: 'Delete an endpoint with its deliveries',
    description: notFoundElsewhere,
  }),
  rotateSecret: defineEndpoint({
    method: 'POST',
    path: '/v1/webhooks/:webhookId/secret-rotations',
    params: WebhookEndpointParams,
    response: { 201: WebhookEndpointWithSecret },
    access: manage,
    tags,
    summary: 'Rotate the signing secret: the new one is shown this once; the old one also signs for 24 hours',
    description: notFoundElsewhere,
  }),
  ping: defineEndpoint({
    method: 'POST',
    path: '/v1/webhooks/:webhookId/pings',
    params: WebhookEndpointParams,
    response: { 202: WebhookDelivery },
    access: manage,
    tags,
    summary: 'Send a test event (`ping`) to the endpoint now',
    description: notFoundElsewhere,
  }),
  listDeliveries: defineEndpoint({
    method: 'GET',
    path: '/v1/webhooks/:webhookId/deliveries',
    params: WebhookEndpointParams,
    response: { 200: WebhookDeliveryList },
    access: manage,
    tags,
    summary: 'The endpoint’s 50 most recent deliveries, each with its attempts',
    description: notFoundElsewhere,
  }),
  redeliver: defineEndpoint({
    method: 'POST',
    path: '/v1/webhooks/:webhookId/deliveries/:deliveryId/redeliveries',
    params: WebhookDeliveryParams,
    response: { 202: WebhookDelivery },
    access: manage,
    tags,
    summary: 'Send a delivery again now (it is retried for another three days if it fails)',
    description: notFoundElsewhere,
  }),
};
