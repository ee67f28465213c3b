import type { ApiClient } from '@portals/api-client';
import {
  type CreateWebhookEndpointRequest,
  type UpdateWebhookEndpointRequest,
  webhookEndpoints,
} from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { webhookDeliveriesQueryKey, webhooksQueryKey } from './get-webhooks';

/** POST /v1/webhooks: registers an endpoint; the answer holds its secret, shown once. */
export const createWebhook = (apiClient: ApiClient, body: CreateWebhookEndpointRequest) =>
  apiClient.call(webhookEndpoints.create, { body });

/** PATCH /v1/webhooks/:webhookId: changes an endpoint, or disables or enables it. */
export const updateWebhook = (apiClient: ApiClient, webhookId: string, body: UpdateWebhookEndpointRequest) =>
  apiClient.call(webhookEndpoints.update, { params: { webhookId }, body });

/** DELETE /v1/webhooks/:webhookId. */
export const deleteWebhook = (apiClient: ApiClient, webhookId: string) =>
  apiClient.call(webhookEndpoints.delete, { params: { webhookId } });

/** POST /v1/webhooks/:webhookId/secret-rotations: a new secret, shown once. */
export const rotateWebhookSecret = (apiClient: ApiClient, webhookId: string) =>
  apiClient.call(webhookEndpoints.rotateSecret, { params: { webhookId } });

/** POST /v1/webhooks/:webhookId/pings: a test event now. */
export const pingWebhook = (apiClient: ApiClient, webhookId: string) =>
  apiClient.call(webhookEndpoints.ping, { params: { webhookId } });

/** POST /v1/webhooks/:webhookId/deliveries/:deliveryId/redeliveries. */
export const redeliverWebhook = (apiClient: ApiClient, webhookId: string, deliveryId: string) =>
  apiClient.call(webhookEndpoints.redeliver, { params: { webhookId, deliveryId } });

/** Every change refreshes the list and the endpoint's deliveries. */
const useWebhookMutation = <Variables, Result>(
  run: (apiClient: ApiClient, variables: Variables) => Promise<Result>,
) => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (variables: Variables) => run(apiClient, variables),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhooksQueryKey }),
  });
};

export const useCreateWebhook = () =>
  useWebhookMutation((apiClient, body: CreateWebhookEndpointRequest) => createWebhook(apiClient, body));
export const useUpdateWebhook = () =>
  useWebhookMutation(
    (apiClient, { webhookId, body }: { webhookId: string; body: UpdateWebhookEndpointRequest }) =>
      updateWebhook(apiClient, webhookId, body),
  );
export const useDeleteWebhook = () =>
  useWebhookMutation((apiClient, webhookId: string) => deleteWebhook(apiClient, webhookId));
export const useRotateWebhookSecret = () =>
  useWebhookMutation((apiClient, webhookId: string) => rotateWebhookSecret(apiClient, webhookId));
export const usePingWebhook = () =>
  useWebhookMutation((apiClient, webhookId: string) => pingWebhook(apiClient, webhookId));
export const useRedeliverWebhook = () =>
  useWebhookMutation((apiClient, { webhookId, deliveryId }: { webhookId: string; deliveryId: string }) =>
    redeliverWebhook(apiClient, webhookId, deliveryId),
  );
export { webhookDeliveriesQueryKey };
