/** Contacts' invoices. */
export const invoicesPath = '/invoices';
export const invoicePath = (invoiceId: string) => `${invoicesPath}/${encodeURIComponent(invoiceId)}`;

/** The back office's invoices, of every organization. */
export const staffInvoicesPath = '/back-office/invoices';
export const newInvoicePath = `${staffInvoicesPath}/new`;
export const staffInvoicePath = (invoiceId: string) =>
  `${staffInvoicesPath}/${encodeURIComponent(invoiceId)}`;
