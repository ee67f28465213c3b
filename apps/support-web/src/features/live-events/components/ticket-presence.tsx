import type { PresentPerson } from '../hooks/use-ticket-presence';

/** The staff's collision warning: who else has this ticket open, and who is writing on it right now. */
export function TicketPresence({ others }: { others: PresentPerson[] }) {
  if (others.length === 0) return null;
  return (
    <ul className="notice ticket-presence" aria-label="Also on this ticket">
      {others.map((person) => (
        <li key={person.userId}>
          {person.state === 'typing'
            ? `${person.name} is writing on this ticket right now: check before you answer.`
            : `${person.name} is also viewing this ticket.`}
        </li>
      ))}
    </ul>
  );
}
