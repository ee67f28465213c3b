import { NotFoundPage, useCan } from '@portals/web-ui';
import { Link, useParams } from 'react-router-dom';
import { InvoiceDetails } from '../../features/invoices/components/invoice-details';
import { invoicesPath } from './invoice-paths';
import { newQuestionAboutInvoicePath } from './question-paths';

export function InvoiceRoute() {
  const { invoiceId } = useParams();
  const can = useCan();
  if (!invoiceId) return <NotFoundPage />;
  return (
    <section className="page">
      <InvoiceDetails
        invoiceId={invoiceId}
        listPath={invoicesPath}
        actions={
          can('question:ask:org')
            ? (invoice) => (
                <Link className="button button-secondary" to={newQuestionAboutInvoicePath(invoice.id)}>
                  Ask a question about this invoice
                </Link>
              )
            : undefined
        }
      />
    </section>
  );
}
