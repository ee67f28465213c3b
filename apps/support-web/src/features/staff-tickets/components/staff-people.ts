import type { Me, StaffMember, TicketPerson } from '@portals/domain';

export type StaffPerson = TicketPerson;

/**
 * The members of staff a ticket can be given to: the signed-in person first, then the assignable
 * staff of the directory by name (only the signed-in person while it loads).
 */
export const assignableStaff = (
  me: Me | null,
  members: readonly StaffMember[] | undefined,
): StaffPerson[] => {
  const people = new Map<string, StaffPerson>();
  if (me) people.set(me.id, { id: me.id, name: `${me.name} (me)` });
  for (const member of members ?? []) {
    if (!people.has(member.id)) people.set(member.id, { id: member.id, name: member.name });
  }
  return [...people.values()];
};
