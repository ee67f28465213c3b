import type { ApiClient } from '@portals/api-client';
import { type AccountCredit, invoiceEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { invoicesQueryKey } from './get-invoices';

/** Under the invoices' key: a credit note or a refund recorded reads it again. */
export const accountCreditQueryKey = (organizationId: string | undefined) =>
  [...invoicesQueryKey, 'account-credit', organizationId ?? 'own'] as const;

/** GET /v1/account-credit: the account credit left per currency (staff name the organization). */
export const getAccountCredit = (
  apiClient: ApiClient,
  organizationId: string | undefined,
  signal?: AbortSignal,
): Promise<AccountCredit> =>
  apiClient.call(invoiceEndpoints.accountCredit, {
    query: organizationId ? { organizationId } : {},
    signal,
  });

export const getAccountCreditQueryOptions = (apiClient: ApiClient, organizationId: string | undefined) =>
  queryOptions({
    queryKey: accountCreditQueryKey(organizationId),
    queryFn: ({ signal }) => getAccountCredit(apiClient, organizationId, signal),
  });

export const useAccountCredit = (organizationId?: string) =>
  useQuery(getAccountCreditQueryOptions(useApiClient(), organizationId));
