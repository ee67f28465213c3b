import { z } from 'zod';
import { ContactRole, SubscriptionTier } from '../enums';
import { SeatUse } from '../seats';
import { Email } from './auth';
import { pageOf } from './pagination';

export const PersonName = z.string().trim().min(1, 'is required').max(200);
const Name = PersonName;
export const Phone = z.string().trim().max(40);

/** A current contact of the caller's organization (removed contacts are not listed). */
export const Contact = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  roles: z.array(ContactRole),
  active: z.boolean(),
});
export type Contact = z.infer<typeof Contact>;

/** The contacts, and the organization's seats in use by the one definition (`seatUse`). */
export const ContactList = z.object({ items: z.array(Contact), seats: SeatUse });
export type ContactList = z.infer<typeof ContactList>;

/** A colleague as a contact may see them to copy them on a ticket: the name only. */
export const Colleague = z.object({ id: z.uuid(), name: z.string() });
export type Colleague = z.infer<typeof Colleague>;
export const ColleagueList = z.object({ items: z.array(Colleague) });
export type ColleagueList = z.infer<typeof ColleagueList>;

/** The roles a main contact assigns directly; `main` changes hands only through a handover request. */
export const AssignableContactRole = z.enum(['technical', 'administrative']);
export type AssignableContactRole = z.infer<typeof AssignableContactRole>;

export const NewPerson = z.object({
  name: Name,
  email: Email,
  phone: Phone.optional(),
});
export type NewPerson = z.infer<typeof NewPerson>;

export const AddContactRequest = NewPerson.extend({ role: AssignableContactRole });
export type AddContactRequest = z.infer<typeof AddContactRequest>;

/** A new person becomes the administrative contact; the previous one loses the role. */
export const ReplaceAdministrativeContactRequest = NewPerson;
export type ReplaceAdministrativeContactRequest = z.infer<typeof ReplaceAdministrativeContactRequest>;

export const UpdateContactRequest = z
  .object({
    name: Name.optional(),
    email: Email.optional(),
    /** Null clears the phone number. */
    phone: Phone.nullable().optional(),
  })
  .refine((body) => body.name !== undefined || body.email !== undefined || body.phone !== undefined, {
    message: 'must change at least one of name, email or phone',
  });
export type UpdateContactRequest = z.infer<typeof UpdateContactRequest>;

export const contactRequestKinds = ['technical_contact', 'main_contact_handover'] as const;
export const ContactRequestKind = z.enum(contactRequestKinds);
export type ContactRequestKind = z.infer<typeof ContactRequestKind>;

export const contactRequestStatuses = ['pending', 'approved', 'declined'] as const;
export const ContactRequestStatus = z.enum(contactRequestStatuses);
export type ContactRequestStatus = z.infer<typeof ContactRequestStatus>;

const Reason = z.string().trim().min(1, 'must not be empty').max(2000);

export const CreateContactRequestRequest = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('technical_contact'),
    name: Name,
    email: Email,
    phone: Phone.optional(),
    reason: Reason.optional(),
  }),
  z.object({
    kind: z.literal('main_contact_handover'),
    /** A current contact of the organization, to become its main contact. */
    targetUserId: z.uuid(),
    reason: Reason.optional(),
  }),
]);
export type CreateContactRequestRequest = z.infer<typeof CreateContactRequestRequest>;

export const ContactRequest = z.object({
  id: z.uuid(),
  kind: ContactRequestKind,
  status: ContactRequestStatus,
  requestedByUserId: z.uuid(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  targetUserId: z.uuid().nullable(),
  reason: z.string().nullable(),
  decidedAt: z.iso.datetime({ offset: true }).nullable(),
  declineReason: z.string().nullable(),
  createdContactId: z.uuid().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type ContactRequest = z.infer<typeof ContactRequest>;

export const ContactRequestPage = pageOf(ContactRequest);
export type ContactRequestPage = z.infer<typeof ContactRequestPage>;

/** What staff see to decide: the organization, its tier's allowance and the technical seats in use. */
export const StaffContactRequest = ContactRequest.extend({
  organization: z.object({
    id: z.uuid(),
    name: z.string(),
    tier: SubscriptionTier.nullable(),
    /** Seats in use by the one definition (`seatUse`): the figure the organization's main contact sees. */
    seats: SeatUse,
  }),
  /** A technical contact request while no seat is available: approving it grants an additional seat. */
  exceedsAllowance: z.boolean(),
  /** A pending request's email already belongs to an account (any organization, or staff): approval is refused. */
  emailInUse: z.boolean(),
});
export type StaffContactRequest = z.infer<typeof StaffContactRequest>;

export const StaffContactRequestPage = pageOf(StaffContactRequest);
export type StaffContactRequestPage = z.infer<typeof StaffContactRequestPage>;

export const StaffContactRequestQuery = z.object({
  status: ContactRequestStatus.optional(),
  /** Only this organization's requests. */
  organizationId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).max(200).optional(),
});
export type StaffContactRequestQuery = z.infer<typeof StaffContactRequestQuery>;

/** What waits for staff: the navigation shows the pending count beside "Contact requests". */
export const ContactRequestCounts = z.object({ pending: z.number().int().min(0) });
export type ContactRequestCounts = z.infer<typeof ContactRequestCounts>;

export const DeclineContactRequestRequest = z.object({ reason: Reason });
export type DeclineContactRequestRequest = z.infer<typeof DeclineContactRequestRequest>;
