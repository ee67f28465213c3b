import type { ApiClient } from '@portals/api-client';
import { type OrderFormRequest, type OrderFormResult, orderFormEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { useMutation } from '@tanstack/react-query';

export interface ProcessedOrderForm {
  result: OrderFormResult;
  /** The same form had been processed before: nothing was created or sent again. */
  alreadyProcessed: boolean;
}

/** POST /v1/order-forms: organization, subscription and contacts, and the welcome emails. */
export const processOrderForm = async (
  apiClient: ApiClient,
  request: OrderFormRequest,
): Promise<ProcessedOrderForm> => {
  const result = await apiClient.call(orderFormEndpoints.process, { body: request });
  return { result, alreadyProcessed: !result.created };
};

export const useProcessOrderForm = () => {
  const apiClient = useApiClient();
  return useMutation({
    mutationFn: (request: OrderFormRequest) => processOrderForm(apiClient, request),
  });
};
