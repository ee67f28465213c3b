import type { ApiClient } from '@portals/api-client';
import { type WebhookDeliveryList, type WebhookEndpointList, webhookEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { queryOptions, useQuery } from '@tanstack/react-query';

export const webhooksQueryKey = ['webhooks'] as const;
export const webhookDeliveriesQueryKey = (webhookId: string) =>
  ['webhooks', webhookId, 'deliveries'] as const;

/** GET /v1/webhooks: the endpoints the person manages (an administrator: the vendor-wide ones). */
export const getWebhooks = (apiClient: ApiClient, signal?: AbortSignal): Promise<WebhookEndpointList> =>
  apiClient.call(webhookEndpoints.list, { signal });

export const useWebhooks = () => {
  const apiClient = useApiClient();
  return useQuery(
    queryOptions({ queryKey: webhooksQueryKey, queryFn: ({ signal }) => getWebhooks(apiClient, signal) }),
  );
};

/** GET /v1/webhooks/:webhookId/deliveries: the endpoint's recent deliveries with their attempts. */
export const getWebhookDeliveries = (
  apiClient: ApiClient,
  webhookId: string,
  signal?: AbortSignal,
): Promise<WebhookDeliveryList> =>
  apiClient.call(webhookEndpoints.listDeliveries, { params: { webhookId }, signal });

/** Refreshed every few seconds while shown: attempts are made in the background. */
export const useWebhookDeliveries = (webhookId: string) => {
  const apiClient = useApiClient();
  return useQuery(
    queryOptions({
      queryKey: webhookDeliveriesQueryKey(webhookId),
      queryFn: ({ signal }) => getWebhookDeliveries(apiClient, webhookId, signal),
      refetchInterval: 3_000,
    }),
  );
};
