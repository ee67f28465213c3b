import { NotFoundPage, useCan } from '@portals/web-ui';
import { useParams } from 'react-router-dom';
import { InvoiceDetails } from '../../features/invoices/components/invoice-details';
import { StaffInvoiceActions } from '../../features/invoices/components/staff-invoice-actions';
import { staffInvoicesPath } from './invoice-paths';
import { organizationPath } from './organization-paths';

export function StaffInvoiceRoute() {
  const { invoiceId } = useParams();
  const can = useCan();
  if (!invoiceId) return <NotFoundPage />;
  return (
    <section className="page">
      <InvoiceDetails
        invoiceId={invoiceId}
        listPath={staffInvoicesPath}
        organizationLink={can('organization:read:any') ? organizationPath : undefined}
        actions={
          can('invoice:manage:any')
            ? (invoice) => <StaffInvoiceActions invoice={invoice} listPath={staffInvoicesPath} />
            : undefined
        }
      />
    </section>
  );
}
