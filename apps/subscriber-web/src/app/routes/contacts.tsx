import { PageTitle, useCan } from '@portals/web-ui';
import { useId } from 'react';
import { AddContactForm } from '../../features/contacts/components/add-contact-form';
import {
  ContactRequestsTable,
  RequestHandoverForm,
  RequestTechnicalContactForm,
} from '../../features/contacts/components/contact-requests-section';
import { ContactsTable } from '../../features/contacts/components/contacts-table';
import { ReplaceAdministrativeContactForm } from '../../features/contacts/components/replace-administrative-contact-form';

export function ContactsRoute() {
  const can = useCan();
  const canManage = can('contact:manage:org');
  const canRequest = can('contact_request:create:org');
  const addId = useId();
  const replaceId = useId();
  const requestsId = useId();
  return (
    <section className="page">
      <PageTitle>Contacts</PageTitle>
      <h1>Contacts</h1>
      <p className="muted">
        The people of your organization and their roles. Every change is recorded and confirmed by email.
      </p>
      <ContactsTable canManage={canManage} />
      {canManage ? (
        <>
          <section className="card" aria-labelledby={addId}>
            <h2 id={addId}>Add a contact</h2>
            <p>
              Technical contacts fit within your tier's named Support Portal accounts (you hold the first).
              Your organization has at most one administrative contact.
            </p>
            <AddContactForm canRequest={canRequest} />
          </section>
          <section className="card" aria-labelledby={replaceId}>
            <h2 id={replaceId}>Replace the administrative contact</h2>
            <p>
              The new person becomes the administrative contact; the previous one loses the role, and is
              removed if they hold no other.
            </p>
            <ReplaceAdministrativeContactForm />
          </section>
        </>
      ) : null}
      <section aria-labelledby={requestsId}>
        <h2 id={requestsId}>Requests</h2>
        {canRequest ? (
          <>
            <section className="card" aria-label="Request an additional technical contact">
              <h3>Request an additional technical contact</h3>
              <p>Beyond your tier's named accounts: staff decide, and you are told by email.</p>
              <RequestTechnicalContactForm />
            </section>
            <section className="card" aria-label="Hand over the main contact role">
              <h3>Hand over the main contact role</h3>
              <p>Staff confirm the handover; you keep a technical role if you hold no other.</p>
              <RequestHandoverForm />
            </section>
          </>
        ) : null}
        <ContactRequestsTable />
      </section>
    </section>
  );
}
