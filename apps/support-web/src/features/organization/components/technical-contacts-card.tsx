import { type Contact, describeSeatUse, holdsSupportSeat, technicalSeatsIncluded } from '@portals/domain';
import { roleLabels, Table, type TableColumn, tableStateOf, useMe } from '@portals/web-ui';
import { useId } from 'react';
import { useContacts } from '../api/get-contacts';

/** Who holds a named support account, by the domain's one definition (the API counts the same way). */
const holdsSeat = (contact: Contact) => holdsSupportSeat({ ...contact, addedByApprovedRequest: false });

const columns: readonly TableColumn<Contact>[] = [
  { key: 'name', header: 'Name', rowHeader: true, cell: (contact) => contact.name },
  { key: 'email', header: 'Email', cell: (contact) => contact.email },
  {
    key: 'roles',
    header: 'Roles',
    cell: (contact) => contact.roles.map((role) => roleLabels[role]).join(', '),
  },
  {
    key: 'status',
    header: 'Account',
    nowrap: true,
    cell: (contact) => (contact.active ? 'Active' : 'Invited, not signed in yet'),
  },
];

/** The main contact's view of the named support accounts: who holds one, and how many the tier includes. */
export function TechnicalContactsCard() {
  const headingId = useId();
  const me = useMe();
  const contacts = useContacts();
  const included = technicalSeatsIncluded(me?.tier ?? null);
  const seats = contacts.data?.seats;
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Technical contacts</h2>
      <p>
        {seats === undefined
          ? `Your tier includes ${included} named support accounts.`
          : `${describeSeatUse(seats)}.`}{' '}
        <span className="muted">The main contact holds the first.</span>
      </p>
      <Table
        caption="Contacts holding a named support account"
        captionHidden
        columns={columns}
        rowKey={(contact) => contact.id}
        state={tableStateOf(contacts, (data) => data.items.filter(holdsSeat))}
        loadingMessage="Loading your technical contacts…"
        errorSummary="Your technical contacts could not be loaded."
        empty={{ message: 'No technical contacts yet.' }}
      />
    </section>
  );
}
