import type { Role } from '../policy';
import type { TicketVisibility } from '../schemas/ticket';

/**
 * The privacy rule as a table of cases, read by the domain's test of `liveEventReaches` and by the API's
 * test of the live stream and of the scoped read behind `Last-Event-ID` (which is SQL and row-level
 * security): both must agree with it, and so with each other.
 */
export const ticketRelations = [
  'requested by the reader',
  'copied to the reader',
  "a colleague's",
  "another organization's",
] as const;
export type TicketRelation = (typeof ticketRelations)[number];

export interface TicketPrivacyCase {
  reader: Role;
  ticket: TicketRelation;
  visibility: TicketVisibility;
  /** The ticket's organization shares every ticket with its technical contacts. */
  sharing: boolean;
  reaches: boolean;
}

/** The public events each reader sees, with sharing off and on; an internal one reaches staff only. */
const seesPublic: Record<
  Role,
  { sharingOff: readonly TicketRelation[]; sharingOn: readonly TicketRelation[] }
> = {
  technical: {
    sharingOff: ['requested by the reader', 'copied to the reader'],
    sharingOn: ['requested by the reader', 'copied to the reader', "a colleague's"],
  },
  main: {
    sharingOff: ['requested by the reader', 'copied to the reader', "a colleague's"],
    sharingOn: ['requested by the reader', 'copied to the reader', "a colleague's"],
  },
  administrative: { sharingOff: [], sharingOn: [] },
  support_agent: { sharingOff: ticketRelations, sharingOn: ticketRelations },
  account_manager: { sharingOff: ticketRelations, sharingOn: ticketRelations },
  admin: { sharingOff: ticketRelations, sharingOn: ticketRelations },
  billing: { sharingOff: [], sharingOn: [] },
};
const staffReadingTickets: readonly Role[] = ['support_agent', 'account_manager', 'admin'];
/** Staff are nobody's requester and are never copied: for them, only the organization matters. */
const staffRoles: readonly Role[] = ['support_agent', 'account_manager', 'admin', 'billing'];

export const ticketPrivacyCases: readonly TicketPrivacyCase[] = (Object.keys(seesPublic) as Role[]).flatMap(
  (reader) =>
    ticketRelations
      .filter(
        (ticket) =>
          !staffRoles.includes(reader) || ticket === "a colleague's" || ticket === "another organization's",
      )
      .flatMap((ticket) =>
        (['public', 'internal'] as const).flatMap((visibility) =>
          [false, true].map((sharing) => ({
            reader,
            ticket,
            visibility,
            sharing,
            reaches:
              (visibility === 'public' || staffReadingTickets.includes(reader)) &&
              seesPublic[reader][sharing ? 'sharingOn' : 'sharingOff'].includes(ticket),
          })),
        ),
      ),
);

export const describeTicketPrivacyCase = (entry: TicketPrivacyCase): string =>
  `${entry.visibility} event on ${entry.ticket} ticket, sharing ${entry.sharing ? 'on' : 'off'}: ` +
  `${entry.reaches ? 'reaches' : 'never reaches'} ${entry.reader}`;
