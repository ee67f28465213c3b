import { z } from 'zod';

/** What an integrator may subscribe to (docs/webhooks.md); `ping` is sent on request only. */
export const webhookEventTypes = [
  'ticket.created',
  'ticket.updated',
  'ticket.replied',
  'ticket.solved',
  'invoice.issued',
  'invoice.paid',
  'change_request.decided',
  'contact_request.decided',
  'contact.changed',
] as const;
export const WebhookEventType = z.enum(webhookEventTypes);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

/** Every type a delivery may carry: the subscribable ones and the test ping. */
export const WebhookDeliveryType = z.enum([...webhookEventTypes, 'ping']);
export type WebhookDeliveryType = z.infer<typeof WebhookDeliveryType>;

export const webhookLimits = {
  urlMaxLength: 2000,
  descriptionMaxLength: 500,
  /** How much of a receiver's answer each attempt keeps. */
  responseExcerptBytes: 1024,
  /** How long a delivery is retried, and how long an endpoint may fail every attempt before it is disabled. */
  retryHorizonHours: 72,
  /** How long the previous secret still signs after a rotation. */
  rotationOverlapHours: 24,
} as const;

const WebhookUrl = z
  .string()
  .trim()
  .max(webhookLimits.urlMaxLength, `must be at most ${webhookLimits.urlMaxLength} characters`)
  .pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }));

const EventTypeList = z
  .array(WebhookEventType)
  .min(1, 'must name at least one event type')
  .superRefine((types, context) => {
    types.forEach((type, index) => {
      if (types.indexOf(type) !== index) {
        context.addIssue({ code: 'custom', message: `${type} is listed twice`, path: [index] });
      }
    });
  });

const Description = z
  .string()
  .trim()
  .max(
    webhookLimits.descriptionMaxLength,
    `must be at most ${webhookLimits.descriptionMaxLength} characters`,
  );

export const CreateWebhookEndpointRequest = z.object({
  url: WebhookUrl,
  description: Description.default(''),
  eventTypes: EventTypeList,
});
export type CreateWebhookEndpointRequest = z.infer<typeof CreateWebhookEndpointRequest>;

export const UpdateWebhookEndpointRequest = z
  .object({
    url: WebhookUrl.optional(),
    description: Description.optional(),
    eventTypes: EventTypeList.optional(),
    enabled: z.boolean().optional(),
  })
  .refine((value) => Object.values(value).some((field) => field !== undefined), 'must change something');
export type UpdateWebhookEndpointRequest = z.infer<typeof UpdateWebhookEndpointRequest>;

/** `failing`: disabled by the API after every attempt failed for the retry horizon. */
export const WebhookEndpointStatus = z.enum(['enabled', 'disabled', 'failing']);
export type WebhookEndpointStatus = z.infer<typeof WebhookEndpointStatus>;

export const WebhookEndpoint = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(WebhookEventType),
  status: WebhookEndpointStatus,
  /** Vendor-wide (staff) endpoints have none. */
  organizationId: z.uuid().nullable(),
  /** Since when every attempt failed; null while the last one succeeded. */
  failingSince: z.iso.datetime({ offset: true }).nullable(),
  disabledAt: z.iso.datetime({ offset: true }).nullable(),
  /** Until when the previous secret still signs, after a rotation. */
  previousSecretExpiresAt: z.iso.datetime({ offset: true }).nullable(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

export const WebhookEndpointList = z.object({ items: z.array(WebhookEndpoint) });
export type WebhookEndpointList = z.infer<typeof WebhookEndpointList>;

/** The answer to creating an endpoint or rotating its secret: the only time the secret is shown. */
export const WebhookEndpointWithSecret = z.object({
  endpoint: WebhookEndpoint,
  /** `whsec_` and the base64 of 32 random bytes: the HMAC key is those bytes (docs/webhooks.md). */
  secret: z.string(),
});
export type WebhookEndpointWithSecret = z.infer<typeof WebhookEndpointWithSecret>;

export const WebhookEndpointParams = z.object({ webhookId: z.uuid() });
export const WebhookDeliveryParams = z.object({ webhookId: z.uuid(), deliveryId: z.uuid() });

export const WebhookAttempt = z.object({
  attemptedAt: z.iso.datetime({ offset: true }),
  /** The receiver's status; null when none came (refused address, timeout, connection error). */
  statusCode: z.number().int().nullable(),
  latencyMs: z.number().int(),
  /** The first bytes of the receiver's answer, at most `webhookLimits.responseExcerptBytes`. */
  responseExcerpt: z.string(),
  responseTruncated: z.boolean(),
  error: z.string().nullable(),
  /** When the next attempt was scheduled after this one; null after a success or the last one. */
  nextAttemptAt: z.iso.datetime({ offset: true }).nullable(),
});
export type WebhookAttempt = z.infer<typeof WebhookAttempt>;

export const WebhookDeliveryStatus = z.enum(['pending', 'succeeded', 'failed']);
export type WebhookDeliveryStatus = z.infer<typeof WebhookDeliveryStatus>;

export const WebhookDelivery = z.object({
  id: z.uuid(),
  eventId: z.string(),
  eventType: WebhookDeliveryType,
  status: WebhookDeliveryStatus,
  createdAt: z.iso.datetime({ offset: true }),
  nextAttemptAt: z.iso.datetime({ offset: true }).nullable(),
  attempts: z.array(WebhookAttempt),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const WebhookDeliveryList = z.object({ items: z.array(WebhookDelivery) });
export type WebhookDeliveryList = z.infer<typeof WebhookDeliveryList>;
