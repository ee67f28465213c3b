import { PageTitle, useCan } from '@portals/web-ui';
import { useId } from 'react';
import { ContactActions } from '../../features/contacts/components/contact-actions';
import { ContactRequestsTable } from '../../features/contacts/components/contact-requests-section';
import { ContactsTable } from '../../features/contacts/components/contacts-table';

export function ContactsRoute() {
  const can = useCan();
  const canManage = can('contact:manage:org');
  const canRequest = can('contact_request:create:org');
  const requestsId = useId();
  return (
    <section className="page">
      <PageTitle>Contacts</PageTitle>
      <h1>Contacts</h1>
      <p className="muted">
        The people of your organization and their roles. Every change is recorded and confirmed by email.
      </p>
      <ContactActions canManage={canManage} canRequest={canRequest} />
      <ContactsTable canManage={canManage} />
      <section aria-labelledby={requestsId}>
        <h2 id={requestsId}>Requests</h2>
        <ContactRequestsTable />
      </section>
    </section>
  );
}
