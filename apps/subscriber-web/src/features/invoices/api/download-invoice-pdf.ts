import type { ApiClient } from '@portals/api-client';
import { invoiceEndpoints } from '@portals/domain';
import { saveBlob, useApiClient } from '@portals/web-ui';
import { useMutation } from '@tanstack/react-query';

/** The name the PDF is saved under: the invoice's number, as the API names it too. */
export const invoicePdfFileName = (number: string) => `${number}.pdf`;

/** GET /v1/invoices/:invoiceId/pdf, saved by the browser as `INV-2026-0042.pdf`. */
export const downloadInvoicePdf = async (
  apiClient: ApiClient,
  invoice: { id: string; number: string },
): Promise<void> => {
  const blob = await apiClient.download(invoiceEndpoints.pdf, { params: { invoiceId: invoice.id } });
  saveBlob(blob, invoicePdfFileName(invoice.number));
};

export const useDownloadInvoicePdf = () => {
  const apiClient = useApiClient();
  return useMutation({
    mutationFn: (invoice: { id: string; number: string }) => downloadInvoicePdf(apiClient, invoice),
  });
};
