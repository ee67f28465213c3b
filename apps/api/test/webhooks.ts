import {
  type CreateWebhookEndpointRequest,
  WebhookDeliveryList,
  WebhookEndpointWithSecret,
  webhookEventTypes,
} from '@portals/domain';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect } from 'vitest';
import { webhookDeliverTask } from '../src/modules/webhooks/delivery';
import type { RequestHelpers } from './test-app';
import type { TestDatabase } from './test-database';
import { WebhookReceiver } from './webhook-receiver';

/** Registers an endpoint through the API as `who` (every event type unless told); its secret comes back once. */
export const registerWebhook = async (
  who: RequestHelpers,
  request: Partial<CreateWebhookEndpointRequest> & { url: string },
): Promise<WebhookEndpointWithSecret> => {
  const response = await who.post('/v1/webhooks', {
    description: 'Test receiver',
    eventTypes: [...webhookEventTypes],
    ...request,
  });
  expect(response.statusCode, response.body).toBe(201);
  return WebhookEndpointWithSecret.parse(response.json());
};

/** The endpoint's delivery log as its owner sees it. */
export const deliveriesOf = async (who: RequestHelpers, endpointId: string) => {
  const response = await who.get(`/v1/webhooks/${endpointId}/deliveries`);
  expect(response.statusCode, response.body).toBe(200);
  return WebhookDeliveryList.parse(response.json()).items;
};

/** A receiver for the enclosing describe block, started in a `beforeAll` and stopped in an `afterAll`. */
export const useWebhookReceiver = (): WebhookReceiver => {
  const receiver = new WebhookReceiver();
  beforeAll(() => receiver.start());
  afterAll(() => receiver.stop());
  return receiver;
};

/**
 * Brings every scheduled webhook attempt forward to now, as if its backoff had passed: the worker's poll
 * takes them within a second. Tests drive the schedule this way instead of waiting for it.
 */
export const runWebhookRetriesNow = (database: TestDatabase) =>
  database.db.execute(sql`
    update graphile_worker._private_jobs set run_at = now()
    where task_id in (select id from graphile_worker._private_tasks where identifier = ${webhookDeliverTask})
      and locked_at is null`);
