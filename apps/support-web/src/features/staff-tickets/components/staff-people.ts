import type { Me, TicketPerson, TicketSummary } from '@portals/domain';

export type StaffPerson = TicketPerson;

/**
 * The members of staff a ticket can be given to, as far as the queue knows them: the signed-in person
 * first, then everyone assigned a ticket on the pages loaded. (The API has no list of staff yet.)
 */
export const knownStaff = (me: Me | null, tickets: readonly TicketSummary[]): StaffPerson[] => {
  const people = new Map<string, StaffPerson>();
  if (me) people.set(me.id, { id: me.id, name: `${me.name} (me)` });
  for (const ticket of tickets) {
    if (ticket.assignee && !people.has(ticket.assignee.id)) people.set(ticket.assignee.id, ticket.assignee);
  }
  return [...people.values()];
};
