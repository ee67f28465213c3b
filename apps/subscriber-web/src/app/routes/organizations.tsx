import { PageTitle } from '@portals/web-ui';
import { OrganizationDirectory } from '../../features/staff-organizations/components/organization-directory';
import { organizationPath } from './organization-paths';

export function OrganizationsRoute() {
  return (
    <section className="page">
      <PageTitle>Organizations</PageTitle>
      <h1>Organizations</h1>
      <p className="muted">
        Customers, partners and the end users partners registered: find one by its name, a contact's name or
        email, or an Order Form number, and open it.
      </p>
      <OrganizationDirectory organizationPath={organizationPath} />
    </section>
  );
}
