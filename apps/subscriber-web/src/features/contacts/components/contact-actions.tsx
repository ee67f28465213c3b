import { describeSeatUse } from '@portals/domain';
import { Button, Dialog } from '@portals/web-ui';
import { useState } from 'react';
import { useContacts } from '../api/get-contacts';
import { AddContactForm } from './add-contact-form';
import { RequestHandoverForm, RequestTechnicalContactForm } from './contact-requests-section';
import type { PersonValues } from './person-fields';
import { ReplaceAdministrativeContactForm } from './replace-administrative-contact-form';

type OpenAction =
  | { kind: 'add-technical' }
  | { kind: 'add-administrative' }
  | { kind: 'replace-administrative' }
  | { kind: 'request-technical'; person?: PersonValues }
  | { kind: 'handover' }
  | null;

const titles: Record<NonNullable<OpenAction>['kind'], string> = {
  'add-technical': 'Add a technical contact',
  'add-administrative': 'Add the administrative contact',
  'replace-administrative': 'Replace the administrative contact',
  'request-technical': 'Request an additional technical contact',
  handover: 'Hand over the main contact role',
};

/**
 * What the main contact may do, each behind a button that opens its form in a dialog, offered only
 * when it applies: a technical contact while a seat is free (else the request to staff), the
 * administrative contact added when there is none and replaced when there is one.
 */
export function ContactActions({ canManage, canRequest }: { canManage: boolean; canRequest: boolean }) {
  const contacts = useContacts();
  const [action, setAction] = useState<OpenAction>(null);
  const close = () => setAction(null);
  if (!contacts.data) return null;
  const { seats, items } = contacts.data;
  const seatFree = seats.available > 0;
  const hasAdministrative = items.some((contact) => contact.roles.includes('administrative'));
  return (
    <section className="card" aria-label="Seats and actions">
      <p>
        <strong>{describeSeatUse(seats)}.</strong>{' '}
        {seatFree
          ? `You may add ${seats.available} more technical contact${seats.available === 1 ? '' : 's'}.`
          : 'Every named support account is in use: staff decide on additional technical contacts.'}{' '}
        {canManage ? <span className="muted">You hold the first as the main contact.</span> : null}
      </p>
      <div className="actions">
        {canManage && seatFree ? (
          <Button onClick={() => setAction({ kind: 'add-technical' })}>Add a technical contact</Button>
        ) : null}
        {canRequest && !seatFree ? (
          <Button onClick={() => setAction({ kind: 'request-technical' })}>
            Request an additional technical contact
          </Button>
        ) : null}
        {canManage ? (
          hasAdministrative ? (
            <Button variant="secondary" onClick={() => setAction({ kind: 'replace-administrative' })}>
              Replace the administrative contact
            </Button>
          ) : (
            <Button variant="secondary" onClick={() => setAction({ kind: 'add-administrative' })}>
              Add the administrative contact
            </Button>
          )
        ) : null}
        {canRequest ? (
          <Button variant="secondary" onClick={() => setAction({ kind: 'handover' })}>
            Hand over the main contact role
          </Button>
        ) : null}
      </div>
      <Dialog open={action !== null} title={action ? titles[action.kind] : ''} onClose={close}>
        {action?.kind === 'add-technical' ? (
          <AddContactForm
            contactRole="technical"
            onDone={close}
            onRequestInstead={
              canRequest ? (person) => setAction({ kind: 'request-technical', person }) : undefined
            }
          />
        ) : null}
        {action?.kind === 'add-administrative' ? (
          <AddContactForm contactRole="administrative" onDone={close} />
        ) : null}
        {action?.kind === 'replace-administrative' ? (
          <ReplaceAdministrativeContactForm onDone={close} />
        ) : null}
        {action?.kind === 'request-technical' ? (
          // A new form for each person: the prefilled values are its defaults.
          <RequestTechnicalContactForm
            key={action.person?.email ?? ''}
            initial={action.person}
            onDone={close}
          />
        ) : null}
        {action?.kind === 'handover' ? <RequestHandoverForm onDone={close} /> : null}
      </Dialog>
    </section>
  );
}
