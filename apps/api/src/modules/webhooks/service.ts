import {
  type Actor,
  type CreateWebhookEndpointRequest,
  hasPermission,
  type UpdateWebhookEndpointRequest,
  type WebhookDelivery,
  type WebhookDeliveryList,
  type WebhookEndpoint,
  type WebhookEndpointList,
  type WebhookEndpointWithSecret,
  webhookLimits,
} from '@portals/domain';
import { sql } from 'drizzle-orm';
import type { Config } from '../../config';
import { type DatabaseAccess, type ScopedExecutor, scopeOf, withScope } from '../../db/scope';
import { AppError, notFound } from '../../lib/app-error';
import { recordAudit } from '../../lib/audit';
import { queueJob } from '../../lib/queue-job';
import type { RequestContext } from '../../lib/request-context';
import { webhookDeliverTask, webhookDeliveryJobAttempts, webhookDeliveryJobKey } from './delivery';
import {
  attemptsOf,
  deleteEndpoint,
  type EndpointManager,
  findDelivery,
  findEndpoint,
  insertEndpoint,
  insertPingEvent,
  listDeliveries,
  listEndpoints,
  markDeliveryPending,
  queuePendingDeliveries,
  updateEndpoint,
  type WebhookAttemptRow,
  type WebhookDeliveryRow,
  type WebhookEndpointRow,
} from './repository';
import { newWebhookSecret, webhookSecretBox } from './signing';
import { checkWebhookTarget, RefusedTargetError } from './target-address';

export interface WebhookDependencies {
  db: DatabaseAccess;
  config: Pick<Config, 'totpEncryptionKeys' | 'webhooks'>;
}

const recentDeliveries = 50;
const retryUntil = sql`now() + make_interval(hours => ${webhookLimits.retryHorizonHours})`;

/**
 * Whose endpoints the actor manages: an administrator (webhook:manage:any) the vendor-wide ones, a main
 * contact (webhook:manage:org) their organization's. The route admitted one of the two.
 */
const managerOf = (actor: Actor): EndpointManager => {
  if (hasPermission(actor, 'webhook:manage:any')) return { vendorWide: true };
  if (actor.organizationId && hasPermission(actor, 'webhook:manage:org')) {
    return { organizationId: actor.organizationId };
  }
  throw new AppError('forbidden', 'Only the main contact manages the organization’s webhooks');
};

const iso = (date: Date | null) => date?.toISOString() ?? null;

const toEndpoint = (row: WebhookEndpointRow): WebhookEndpoint => ({
  id: row.id,
  url: row.url,
  description: row.description,
  eventTypes: row.eventTypes,
  status: row.enabled ? 'enabled' : row.disabledForFailing ? 'failing' : 'disabled',
  organizationId: row.organizationId,
  failingSince: iso(row.failingSince),
  disabledAt: iso(row.disabledAt),
  previousSecretExpiresAt:
    row.previousSecretExpiresAt && row.previousSecretExpiresAt > new Date()
      ? row.previousSecretExpiresAt.toISOString()
      : null,
  createdAt: row.createdAt.toISOString(),
});

const toDelivery = (
  row: { delivery: WebhookDeliveryRow; eventType: WebhookDelivery['eventType'] },
  attempts: readonly WebhookAttemptRow[],
): WebhookDelivery => ({
  id: row.delivery.id,
  eventId: String(row.delivery.eventId),
  eventType: row.eventType,
  status: row.delivery.status,
  createdAt: row.delivery.createdAt.toISOString(),
  nextAttemptAt: iso(row.delivery.nextAttemptAt),
  attempts: attempts
    .filter((attempt) => attempt.deliveryId === row.delivery.id)
    .map((attempt) => ({
      attemptedAt: attempt.attemptedAt.toISOString(),
      statusCode: attempt.statusCode,
      latencyMs: attempt.latencyMs,
      responseExcerpt: attempt.responseExcerpt,
      responseTruncated: attempt.responseTruncated,
      error: attempt.error,
      nextAttemptAt: iso(attempt.nextAttemptAt),
    })),
});

/** Refuses a URL that is not https or resolves to a non-public address (docs/webhooks.md), as a field error. */
const checkUrl = async (deps: WebhookDependencies, url: string) => {
  try {
    await checkWebhookTarget(url, deps.config.webhooks);
  } catch (error) {
    if (!(error instanceof RefusedTargetError)) throw error;
    throw new AppError('validation_failed', `This URL cannot receive webhooks: ${error.message}`, [
      { path: 'url', message: error.message },
    ]);
  }
};

const queueAttempt = (tx: ScopedExecutor, deliveryId: string) =>
  queueJob(
    tx,
    webhookDeliverTask,
    { deliveryId },
    { maxAttempts: webhookDeliveryJobAttempts, jobKey: webhookDeliveryJobKey(deliveryId) },
  );

const audit = (
  tx: ScopedExecutor,
  actor: Actor,
  context: RequestContext,
  action: string,
  endpoint: WebhookEndpointRow,
  details: Record<string, unknown> = {},
) =>
  recordAudit(tx, {
    action,
    actorUserId: actor.userId,
    organizationId: endpoint.organizationId,
    targetType: 'webhook_endpoint',
    targetId: endpoint.id,
    details: { url: endpoint.url, ...details },
    ipAddress: context.ipAddress,
    requestId: context.requestId,
  });

/** Loads an endpoint the actor manages; anything else (another organization's) is "not found". */
const managedEndpoint = async (tx: ScopedExecutor, actor: Actor, endpointId: string, forUpdate = false) => {
  const row = await findEndpoint(tx, managerOf(actor), endpointId, { forUpdate });
  if (!row) throw notFound('The webhook endpoint');
  return row;
};

export const listWebhookEndpoints = (db: DatabaseAccess, actor: Actor): Promise<WebhookEndpointList> =>
  withScope(db, scopeOf(actor), async (tx) => ({
    items: (await listEndpoints(tx, managerOf(actor))).map(toEndpoint),
  }));

export const getWebhookEndpoint = (db: DatabaseAccess, actor: Actor, endpointId: string) =>
  withScope(db, scopeOf(actor), async (tx) => toEndpoint(await managedEndpoint(tx, actor, endpointId)));

export const createWebhookEndpoint = async (
  deps: WebhookDependencies,
  actor: Actor,
  request: CreateWebhookEndpointRequest,
  context: RequestContext,
): Promise<WebhookEndpointWithSecret> => {
  const manager = managerOf(actor);
  await checkUrl(deps, request.url);
  const secret = newWebhookSecret();
  const row = await withScope(deps.db, scopeOf(actor), async (tx) => {
    const inserted = await insertEndpoint(tx, {
      organizationId: 'vendorWide' in manager ? null : manager.organizationId,
      ownerUserId: actor.userId,
      url: request.url,
      description: request.description,
      eventTypes: request.eventTypes,
      secretSealed: webhookSecretBox(deps.config).seal(secret),
    });
    await audit(tx, actor, context, 'webhook_endpoint.created', inserted, { eventTypes: request.eventTypes });
    return inserted;
  });
  return { endpoint: toEndpoint(row), secret };
};

export const updateWebhookEndpoint = async (
  deps: WebhookDependencies,
  actor: Actor,
  endpointId: string,
  request: UpdateWebhookEndpointRequest,
  context: RequestContext,
): Promise<WebhookEndpoint> => {
  if (request.url !== undefined) {
    // Another organization's endpoint is "not found" before any look-up of the new URL's host.
    await getWebhookEndpoint(deps.db, actor, endpointId);
    await checkUrl(deps, request.url);
  }
  return withScope(deps.db, scopeOf(actor), async (tx) => {
    const current = await managedEndpoint(tx, actor, endpointId, true);
    const enabling = request.enabled === true && !current.enabled;
    const disabling = request.enabled === false && current.enabled;
    const updated = await updateEndpoint(tx, current.id, {
      ...(request.url === undefined ? {} : { url: request.url }),
      ...(request.description === undefined ? {} : { description: request.description }),
      ...(request.eventTypes === undefined ? {} : { eventTypes: request.eventTypes }),
      ...(enabling ? { enabled: true, disabledForFailing: false, disabledAt: null, failingSince: null } : {}),
      ...(disabling ? { enabled: false, disabledAt: new Date() } : {}),
    });
    // What waited while it was disabled goes out now.
    if (enabling) {
      await queuePendingDeliveries(tx, current.id, {
        task: webhookDeliverTask,
        maxAttempts: webhookDeliveryJobAttempts,
        keyPrefix: webhookDeliveryJobKey(''),
      });
    }
    await audit(tx, actor, context, 'webhook_endpoint.updated', updated, {
      changed: Object.keys(request).filter((key) => request[key as keyof typeof request] !== undefined),
    });
    return toEndpoint(updated);
  });
};

export const deleteWebhookEndpoint = (
  db: DatabaseAccess,
  actor: Actor,
  endpointId: string,
  context: RequestContext,
): Promise<void> =>
  withScope(db, scopeOf(actor), async (tx) => {
    const current = await managedEndpoint(tx, actor, endpointId, true);
    await deleteEndpoint(tx, current.id);
    await audit(tx, actor, context, 'webhook_endpoint.deleted', current);
  });

/** A new secret, shown once; the previous one keeps signing for the overlap. */
export const rotateWebhookSecret = async (
  deps: WebhookDependencies,
  actor: Actor,
  endpointId: string,
  context: RequestContext,
): Promise<WebhookEndpointWithSecret> => {
  const secret = newWebhookSecret();
  const row = await withScope(deps.db, scopeOf(actor), async (tx) => {
    const current = await managedEndpoint(tx, actor, endpointId, true);
    const updated = await updateEndpoint(tx, current.id, {
      secretSealed: webhookSecretBox(deps.config).seal(secret),
      previousSecretSealed: current.secretSealed,
      previousSecretExpiresAt: new Date(Date.now() + webhookLimits.rotationOverlapHours * 3_600_000),
    });
    await audit(tx, actor, context, 'webhook_endpoint.secret_rotated', updated);
    return updated;
  });
  return { endpoint: toEndpoint(row), secret };
};

export const pingWebhookEndpoint = (
  db: DatabaseAccess,
  actor: Actor,
  endpointId: string,
): Promise<WebhookDelivery> =>
  withScope(db, scopeOf(actor), async (tx) => {
    const endpoint = await managedEndpoint(tx, actor, endpointId);
    if (!endpoint.enabled)
      throw new AppError('conflict', 'The endpoint is disabled: enable it to send a ping');
    const delivery = await insertPingEvent(tx, endpoint, retryUntil);
    await queueAttempt(tx, delivery.id);
    return toDelivery({ delivery, eventType: 'ping' }, []);
  });

export const listWebhookDeliveries = (
  db: DatabaseAccess,
  actor: Actor,
  endpointId: string,
): Promise<WebhookDeliveryList> =>
  withScope(db, scopeOf(actor), async (tx) => {
    const endpoint = await managedEndpoint(tx, actor, endpointId);
    const { deliveries, attempts } = await listDeliveries(tx, endpoint.id, recentDeliveries);
    return { items: deliveries.map((row) => toDelivery(row, attempts)) };
  });

/** Sends a delivery again now, whatever became of it; retried for another three days if it fails. */
export const redeliverWebhook = (
  db: DatabaseAccess,
  actor: Actor,
  endpointId: string,
  deliveryId: string,
): Promise<WebhookDelivery> =>
  withScope(db, scopeOf(actor), async (tx) => {
    const endpoint = await managedEndpoint(tx, actor, endpointId);
    const found = await findDelivery(tx, endpoint.id, deliveryId);
    if (!found) throw notFound('The delivery');
    if (!endpoint.enabled) throw new AppError('conflict', 'The endpoint is disabled: enable it to redeliver');
    const delivery = await markDeliveryPending(tx, deliveryId, retryUntil);
    await queueAttempt(tx, deliveryId);
    return toDelivery({ delivery, eventType: found.eventType }, await attemptsOf(tx, deliveryId));
  });
