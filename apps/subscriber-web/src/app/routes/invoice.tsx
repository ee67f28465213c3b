import { NotFoundPage } from '@portals/web-ui';
import { useParams } from 'react-router-dom';
import { InvoiceDetails } from '../../features/invoices/components/invoice-details';
import { invoicesPath } from './invoice-paths';

export function InvoiceRoute() {
  const { invoiceId } = useParams();
  if (!invoiceId) return <NotFoundPage />;
  return (
    <section className="page">
      <InvoiceDetails invoiceId={invoiceId} listPath={invoicesPath} />
    </section>
  );
}
