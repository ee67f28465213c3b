import { NotFoundPage } from '@portals/web-ui';
import { useParams } from 'react-router-dom';
import { OrganizationPage } from '../../features/staff-organizations/components/organization-page';
import { staffInvoicePath } from './invoice-paths';
import { organizationDirectoryPath, organizationPath, staffTicketUrl } from './organization-paths';

export function OrganizationRoute() {
  const { organizationId } = useParams();
  if (!organizationId) return <NotFoundPage />;
  return (
    <section className="page">
      <OrganizationPage
        organizationId={organizationId}
        organizationPath={organizationPath}
        directoryPath={organizationDirectoryPath}
        ticketUrl={staffTicketUrl}
        invoicePath={staffInvoicePath}
      />
    </section>
  );
}
