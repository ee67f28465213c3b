import { webhookLimits } from '@portals/domain';
import { eq, sql } from 'drizzle-orm';
import type { Task } from 'graphile-worker';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import { users } from '../../db/schema/index';
import { type PrivilegedExecutor, privileged } from '../../db/scope';
import { queueEmail } from '../email/outbox';
import { portalUrl } from '../email/templates/layout';
import { webhookDisabledEmail } from '../email/templates/webhook-disabled';
import {
  unsafeFanOutEvent,
  unsafeLoadDelivery,
  unsafeLockDelivery,
  unsafeRecordAttempt,
  unsafeUpdateDelivery,
  updateEndpoint,
} from './repository';
import { sendWebhook } from './send';
import { webhookHeaders, webhookSecretBox } from './signing';
import type { TargetPolicy } from './target-address';

export const webhookFanOutTask = 'webhook_fan_out';
export const webhookDeliverTask = 'webhook_deliver';

/** One job per delivery, whoever queues it (the fan-out, a retry, a redelivery, an enabling). */
export const webhookDeliveryJobKey = (deliveryId: string) => `webhook-delivery:${deliveryId}`;
/** A process that dies mid-attempt leaves the job to be run again; the schedule is the delivery's own. */
export const webhookDeliveryJobAttempts = 5;

const hour = 3_600_000;
export const retryHorizonMs = webhookLimits.retryHorizonHours * hour;

/**
 * The wait after the n-th failed attempt: 30 s, doubling, at most 6 h (30 s, 1 min, 2 min … 4 h 16 min,
 * then every 6 h): about twenty attempts in the three days a delivery is retried.
 */
export const webhookRetryDelayMs = (failedAttempts: number): number =>
  Math.min(30_000 * 2 ** Math.max(0, failedAttempts - 1), 6 * hour);

export interface WebhookDeliveryDependencies {
  db: Database;
  config: Pick<Config, 'totpEncryptionKeys'> & { webhooks: TargetPolicy; publicUrl?: string | undefined };
}

/** Queues an attempt at `runAt` (default: now), as the owner (jobs run privileged). */
const unsafeQueueAttempt = (executor: PrivilegedExecutor, deliveryId: string, runAt: Date | null) =>
  executor.execute(sql`select graphile_worker.add_job(
    ${webhookDeliverTask}, ${JSON.stringify({ deliveryId })}::json,
    run_at => ${runAt ? runAt.toISOString() : null}::timestamptz,
    max_attempts => ${webhookDeliveryJobAttempts}::integer,
    job_key => ${webhookDeliveryJobKey(deliveryId)}::text)`);

/** Gives each matching endpoint its delivery (decided in SQL: repository) and queues their first attempts. */
export const fanOutWebhookEvent = (db: Database, eventId: number): Promise<number> =>
  privileged(db).transaction(async (tx) => {
    const deliveryIds = await unsafeFanOutEvent(tx, eventId);
    // One statement for every endpoint's first attempt.
    if (deliveryIds.length > 0) {
      await tx.execute(sql`select graphile_worker.add_job(
          ${webhookDeliverTask}, json_build_object('deliveryId', id),
          max_attempts => ${webhookDeliveryJobAttempts}::integer,
          job_key => ${webhookDeliveryJobKey('')} || id)
        from json_array_elements_text(${JSON.stringify(deliveryIds)}::json) as id`);
    }
    return deliveryIds.length;
  });

/** The body every attempt of a delivery sends, the same each time. */
export const webhookBody = (event: { id: number; type: string; createdAt: Date; data: unknown }) =>
  JSON.stringify({
    id: String(event.id),
    type: event.type,
    createdAt: event.createdAt.toISOString(),
    data: event.data,
  });

export type AttemptResult = 'succeeded' | 'retrying' | 'failed' | 'skipped';

/**
 * One attempt of one delivery: signed with the endpoint's secret (and the previous one during a
 * rotation's overlap), sent to the address checked just before, logged. A failure schedules the next
 * attempt (webhookRetryDelayMs) until the delivery's three days are over; an endpoint whose every attempt
 * failed for three days is disabled and its owner emailed, in the same transaction.
 */
export const attemptWebhookDelivery = async (
  deps: WebhookDeliveryDependencies,
  deliveryId: string,
): Promise<AttemptResult> => {
  const db = privileged(deps.db);
  const loaded = await unsafeLoadDelivery(db, deliveryId);
  // Done already, deleted, or waiting for its endpoint to be enabled again (which queues it).
  if (loaded?.delivery.status !== 'pending' || !loaded.endpoint.enabled) return 'skipped';
  const { delivery, endpoint, event } = loaded;
  const box = webhookSecretBox(deps.config);
  const attemptedAt = new Date();
  const secrets = [box.open(endpoint.secretSealed)];
  if (
    endpoint.previousSecretSealed &&
    endpoint.previousSecretExpiresAt &&
    endpoint.previousSecretExpiresAt > attemptedAt
  ) {
    secrets.push(box.open(endpoint.previousSecretSealed));
  }
  const body = webhookBody(event);
  const timestamp = Math.floor(attemptedAt.getTime() / 1000);
  const outcome = await sendWebhook(
    endpoint.url,
    deps.config.webhooks,
    webhookHeaders(secrets, delivery.id, timestamp, body),
    body,
  );
  const succeeded = outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;
  return db.transaction(async (tx) => {
    const locked = await unsafeLockDelivery(tx, deliveryId);
    if (locked?.delivery.status !== 'pending') return 'skipped';
    const attemptCount = locked.delivery.attemptCount + 1;
    const now = new Date();
    let result: AttemptResult;
    let nextAttemptAt: Date | null = null;
    if (succeeded) {
      result = 'succeeded';
      await unsafeUpdateDelivery(tx, deliveryId, {
        status: 'succeeded',
        attemptCount,
        succeededAt: now,
        nextAttemptAt: null,
      });
      if (locked.endpoint.failingSince) await updateEndpoint(tx, locked.endpoint.id, { failingSince: null });
    } else {
      const next = new Date(now.getTime() + webhookRetryDelayMs(attemptCount));
      result = next > locked.delivery.retryUntil ? 'failed' : 'retrying';
      nextAttemptAt = result === 'retrying' ? next : null;
      await unsafeUpdateDelivery(tx, deliveryId, {
        status: result === 'failed' ? 'failed' : 'pending',
        attemptCount,
        nextAttemptAt,
      });
      const failingSince = locked.endpoint.failingSince ?? attemptedAt;
      if (!locked.endpoint.failingSince) {
        await updateEndpoint(tx, locked.endpoint.id, { failingSince });
      }
      if (locked.endpoint.enabled && now.getTime() - failingSince.getTime() >= retryHorizonMs) {
        await disableFailingEndpoint(tx, deps, locked.endpoint, failingSince);
        nextAttemptAt = null;
      } else if (nextAttemptAt) {
        await unsafeQueueAttempt(tx, deliveryId, nextAttemptAt);
      }
    }
    await unsafeRecordAttempt(tx, {
      deliveryId,
      organizationId: delivery.organizationId,
      attemptedAt,
      statusCode: outcome.statusCode,
      latencyMs: outcome.latencyMs,
      responseExcerpt: outcome.responseExcerpt,
      responseTruncated: outcome.responseTruncated,
      error: outcome.error,
      nextAttemptAt,
    });
    return result;
  });
};

/** Disables the endpoint (its pending deliveries wait for it) and emails its owner through the outbox. */
const disableFailingEndpoint = async (
  tx: PrivilegedExecutor,
  deps: WebhookDeliveryDependencies,
  endpoint: { id: string; url: string; organizationId: string | null; ownerUserId: string },
  failingSince: Date,
) => {
  await updateEndpoint(tx, endpoint.id, {
    enabled: false,
    disabledForFailing: true,
    disabledAt: new Date(),
  });
  const [owner] = await tx
    .select({ email: users.email, name: users.name, active: users.active })
    .from(users)
    .where(eq(users.id, endpoint.ownerUserId));
  if (!owner?.active) return;
  const publicUrl = deps.config.publicUrl ?? 'http://localhost:3000';
  await queueEmail(tx, {
    kind: 'webhook_disabled',
    organizationId: endpoint.organizationId,
    to: [owner.email],
    ...webhookDisabledEmail({
      recipientName: owner.name,
      url: endpoint.url,
      failingSince: failingSince.toISOString(),
      webhooksLink: portalUrl(publicUrl, 'subscriber', '/webhooks'),
    }),
  });
};

export const createWebhookFanOutTask =
  (deps: WebhookDeliveryDependencies): Task =>
  async (payload) => {
    const { eventId } = payload as { eventId: number };
    await fanOutWebhookEvent(deps.db, Number(eventId));
  };

export const createWebhookDeliverTask =
  (deps: WebhookDeliveryDependencies): Task =>
  async (payload) => {
    const { deliveryId } = payload as { deliveryId: string };
    await attemptWebhookDelivery(deps, deliveryId);
  };
