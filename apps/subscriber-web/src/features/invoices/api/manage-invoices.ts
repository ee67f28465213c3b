import type { ApiClient } from '@portals/api-client';
import {
  type CreditNoteRequest,
  type Invoice,
  type InvoiceDraftRequest,
  type InvoiceDraftUpdate,
  type InvoiceIssueRequest,
  type InvoiceVoidRequest,
  invoiceEndpoints,
  type PaymentRequest,
  type RefundRecorded,
  type RefundRequest,
} from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import { invoiceQueryKey } from './get-invoice';
import { invoicesQueryKey } from './get-invoices';

/** The invoice as the API now has it on its page at once; every list and total is read again. */
const refreshWith = async (queryClient: QueryClient, invoice: Invoice) => {
  queryClient.setQueryData(invoiceQueryKey(invoice.id), invoice);
  await queryClient.invalidateQueries({
    queryKey: invoicesQueryKey,
    predicate: (query) => query.queryKey[2] !== invoice.id,
  });
};

/** POST /v1/staff/invoices: a draft for an organization; the key makes a retry create it once. */
export const createInvoiceDraft = (
  apiClient: ApiClient,
  request: InvoiceDraftRequest,
  idempotencyKey: string,
): Promise<Invoice> =>
  apiClient.call(invoiceEndpoints.createDraft, {
    body: request,
    headers: { 'idempotency-key': idempotencyKey },
  });

export const useCreateInvoiceDraft = () => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ request, idempotencyKey }: { request: InvoiceDraftRequest; idempotencyKey: string }) =>
      createInvoiceDraft(apiClient, request, idempotencyKey),
    onSuccess: (invoice) => refreshWith(queryClient, invoice),
  });
};

/** PUT /v1/staff/invoices/:invoiceId: a draft's currency and lines, replaced whole (an issued one: 409). */
export const updateInvoiceDraft = (
  apiClient: ApiClient,
  invoiceId: string,
  request: InvoiceDraftUpdate,
): Promise<Invoice> => apiClient.call(invoiceEndpoints.updateDraft, { params: { invoiceId }, body: request });

export const useUpdateInvoiceDraft = () => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ invoiceId, request }: { invoiceId: string; request: InvoiceDraftUpdate }) =>
      updateInvoiceDraft(apiClient, invoiceId, request),
    // A refusal refreshes nothing: the page would drop the form (and what was typed) for the invoice as it
    // is now. The form's owner reads the invoice again when the person closes it.
    onSuccess: (invoice) => refreshWith(queryClient, invoice),
  });
};

/** The invoice read again, once a form that refused to save it is closed: it changed meanwhile. */
export const useRereadInvoice = () => {
  const queryClient = useQueryClient();
  return (invoiceId: string) => queryClient.invalidateQueries({ queryKey: invoiceQueryKey(invoiceId) });
};

/** DELETE /v1/staff/invoices/:invoiceId: a draft, gone (an issued invoice is voided instead). */
export const deleteInvoiceDraft = async (apiClient: ApiClient, invoiceId: string): Promise<void> => {
  await apiClient.call(invoiceEndpoints.deleteDraft, { params: { invoiceId } });
};

export const useDeleteInvoiceDraft = () => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (invoiceId: string) => deleteInvoiceDraft(apiClient, invoiceId),
    // The lists and totals are read again; the draft's own page is left as it is, being left.
    onSuccess: (_, invoiceId) =>
      queryClient.invalidateQueries({
        queryKey: invoicesQueryKey,
        predicate: (query) => query.queryKey[2] !== invoiceId,
      }),
  });
};

/** POST /v1/staff/invoices/:invoiceId/issue: the next number, the issue date and the due date. */
export const issueInvoice = (
  apiClient: ApiClient,
  invoiceId: string,
  request: InvoiceIssueRequest,
): Promise<Invoice> => apiClient.call(invoiceEndpoints.issue, { params: { invoiceId }, body: request });

export const useIssueInvoice = () => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ invoiceId, request }: { invoiceId: string; request: InvoiceIssueRequest }) =>
      issueInvoice(apiClient, invoiceId, request),
    onSuccess: (invoice) => refreshWith(queryClient, invoice),
  });
};

/** POST /v1/staff/invoices/:invoiceId/void: an issued invoice without payments, with the reason. */
export const voidInvoice = (
  apiClient: ApiClient,
  invoiceId: string,
  request: InvoiceVoidRequest,
): Promise<Invoice> => apiClient.call(invoiceEndpoints.void, { params: { invoiceId }, body: request });

export const useVoidInvoice = () => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ invoiceId, request }: { invoiceId: string; request: InvoiceVoidRequest }) =>
      voidInvoice(apiClient, invoiceId, request),
    onSuccess: (invoice) => refreshWith(queryClient, invoice),
  });
};

/** POST /v1/staff/invoices/:invoiceId/payments: a payment received offline; the key records it once. */
export const recordInvoicePayment = (
  apiClient: ApiClient,
  invoiceId: string,
  request: PaymentRequest,
  idempotencyKey: string,
): Promise<Invoice> =>
  apiClient.call(invoiceEndpoints.recordPayment, {
    params: { invoiceId },
    body: request,
    headers: { 'idempotency-key': idempotencyKey },
  });

/**
 * A keyed action on one invoice that answers with the invoice (a payment, a credit note): sent once per
 * idempotency key, the cached invoice and its lists refreshed with the answer.
 */
const useKeyedInvoiceAction = <Request>(
  send: (
    apiClient: ApiClient,
    invoiceId: string,
    request: Request,
    idempotencyKey: string,
  ) => Promise<Invoice>,
) => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      invoiceId,
      request,
      idempotencyKey,
    }: {
      invoiceId: string;
      request: Request;
      idempotencyKey: string;
    }) => send(apiClient, invoiceId, request, idempotencyKey),
    onSuccess: (invoice) => refreshWith(queryClient, invoice),
  });
};

export const useRecordInvoicePayment = () => useKeyedInvoiceAction(recordInvoicePayment);

/** POST /v1/staff/invoices/:invoiceId/credit-notes: a credit note against an issued invoice; the key issues it once. */
export const issueCreditNote = (
  apiClient: ApiClient,
  invoiceId: string,
  request: CreditNoteRequest,
  idempotencyKey: string,
): Promise<Invoice> =>
  apiClient.call(invoiceEndpoints.issueCreditNote, {
    params: { invoiceId },
    body: request,
    headers: { 'idempotency-key': idempotencyKey },
  });

export const useIssueCreditNote = () => useKeyedInvoiceAction(issueCreditNote);

/** POST /v1/staff/organizations/:organizationId/refunds: account credit paid back; the key records it once. */
export const recordRefund = (
  apiClient: ApiClient,
  organizationId: string,
  request: RefundRequest,
  idempotencyKey: string,
): Promise<RefundRecorded> =>
  apiClient.call(invoiceEndpoints.recordRefund, {
    params: { organizationId },
    body: request,
    headers: { 'idempotency-key': idempotencyKey },
  });

export const useRecordRefund = () => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      organizationId,
      request,
      idempotencyKey,
    }: {
      organizationId: string;
      request: RefundRequest;
      idempotencyKey: string;
    }) => recordRefund(apiClient, organizationId, request, idempotencyKey),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invoicesQueryKey }),
  });
};
