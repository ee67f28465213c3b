import { z } from 'zod';
import { PartnerLevel, partnerLevels, SubscriptionTier } from '../enums';
import { Currency } from '../money';
import { Email } from './auth';
import { pageOf } from './pagination';

/**
 * Change notifications (docs/decisions/035-change-requests.md): what a customer tells the vendor it
 * uses more of. Further kinds (a partner's end-user registration, a partner level upgrade) are added as
 * new values here and in the database's enum; the states and their transitions are the same for all.
 */
export const changeRequestKinds = [
  'additional_servers',
  'additional_service',
  'tier_change',
  'end_user_registration',
  'partner_level_upgrade',
] as const;
export const ChangeRequestKind = z.enum(changeRequestKinds);
export type ChangeRequestKind = z.infer<typeof ChangeRequestKind>;

/** The kinds only a partner organization asks, of the organization rather than of one subscription. */
export const partnerChangeRequestKinds = ['end_user_registration', 'partner_level_upgrade'] as const;
export type PartnerChangeRequestKind = (typeof partnerChangeRequestKinds)[number];
export const isPartnerChangeRequestKind = (kind: ChangeRequestKind): kind is PartnerChangeRequestKind =>
  (partnerChangeRequestKinds as readonly ChangeRequestKind[]).includes(kind);

/**
 * submitted → in_review → approved | declined; approved → applied. Staff may decide straight from
 * submitted. The kinds of today are applied in the approving transaction, so they go from submitted or
 * in_review to applied at once; `approved` is the state of a kind applied later.
 */
export const changeRequestStatuses = ['submitted', 'in_review', 'approved', 'declined', 'applied'] as const;
export const ChangeRequestStatus = z.enum(changeRequestStatuses);
export type ChangeRequestStatus = z.infer<typeof ChangeRequestStatus>;

/** The actions staff take on a request. */
export type ChangeRequestAction = 'start_review' | 'approve' | 'decline';

const transitions: Record<ChangeRequestAction, readonly ChangeRequestStatus[]> = {
  start_review: ['submitted'],
  approve: ['submitted', 'in_review'],
  decline: ['submitted', 'in_review'],
};

/** Whether `action` may be taken on a request in `status`: anything else is refused with 409. */
export const canChangeRequestTransition = (
  status: ChangeRequestStatus,
  action: ChangeRequestAction,
): boolean => transitions[action].includes(status);

/** The states that wait for staff: what an inbox counts as open. */
export const openChangeRequestStatuses: readonly ChangeRequestStatus[] = ['submitted', 'in_review'];

/** The most servers one notification adds: a typo of a few zeros is refused, not invoiced. */
export const maxAdditionalServers = 10_000;

const Note = z
  .string()
  .trim()
  .max(2000, 'must be at most 2000 characters')
  .refine((text) => !text.includes('\u0000'), 'must not contain NUL characters');

export const CreateChangeRequestRequest = z.discriminatedUnion(
  'kind',
  [
    z.object({
      kind: z.literal('additional_servers'),
      servers: z
        .number()
        .int('must be a whole number of servers')
        .min(1, 'must add at least one server')
        .max(maxAdditionalServers, `must be at most ${maxAdditionalServers}`),
      note: Note.optional(),
    }),
    z.object({
      kind: z.literal('additional_service'),
      /** A product of the vendor's catalogue (`GET /v1/products`). */
      productId: z.uuid(),
      note: Note.optional(),
    }),
    z.object({ kind: z.literal('tier_change'), tier: SubscriptionTier, note: Note.optional() }),
  ],
  { error: () => 'Choose a kind: additional_servers, additional_service or tier_change' },
);
export type CreateChangeRequestRequest = z.infer<typeof CreateChangeRequestRequest>;

/** The most servers a registration holds: the Order Form's own limit. */
export const maxRegisteredServers = 100_000;

const Text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'is required')
    .max(max, `must be at most ${max} characters`)
    .refine((text) => !text.includes('\u0000'), 'must not contain NUL characters');

/**
 * A partner registers an end user: what its Order Form needs (the organization, its main contact, the
 * tier and servers, the currency); the term runs a year from the approval (decision 037).
 */
export const RegisterEndUserRequest = z.object({
  organizationName: Text(200),
  mainContact: z.object({ name: Text(200), email: Email }),
  tier: SubscriptionTier,
  servers: z
    .number()
    .int('must be a whole number of servers')
    .min(1, 'must be at least one server')
    .max(maxRegisteredServers, `must be at most ${maxRegisteredServers}`),
  currency: Currency,
  note: Note.optional(),
});
export type RegisterEndUserRequest = z.infer<typeof RegisterEndUserRequest>;

/** The partner levels above `level`: what an upgrade may ask for. */
export const higherPartnerLevels = (level: PartnerLevel): PartnerLevel[] =>
  partnerLevels.slice(partnerLevels.indexOf(level) + 1);

/** A partner's main contact asks for a higher partner level, saying why. */
export const RequestPartnerLevelUpgradeRequest = z.object({
  partnerLevel: PartnerLevel,
  justification: Text(2000),
});
export type RequestPartnerLevelUpgradeRequest = z.infer<typeof RequestPartnerLevelUpgradeRequest>;

const Person = z.object({ id: z.uuid(), name: z.string() });

export const ChangeRequest = z.object({
  id: z.uuid(),
  kind: ChangeRequestKind,
  status: ChangeRequestStatus,
  organization: z.object({ id: z.uuid(), name: z.string() }),
  /** The subscription changed; null for a partner's kinds, which are of the organization. */
  subscription: z.object({ id: z.uuid(), tier: SubscriptionTier, servers: z.number().int() }).nullable(),
  /** additional_servers: how many servers are added; end_user_registration: how many it holds. */
  servers: z.number().int().nullable(),
  /** additional_service: the catalogue's product. */
  product: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  /** tier_change: the tier asked for, and the one held when asked; end_user_registration: its tier. */
  tier: SubscriptionTier.nullable(),
  fromTier: SubscriptionTier.nullable(),
  /** end_user_registration: the end user, and once applied the organization its Order Form made. */
  endUser: z
    .object({
      name: z.string(),
      mainContact: z.object({ name: z.string(), email: z.string() }),
      organizationId: z.uuid().nullable(),
    })
    .nullable(),
  /**
   * A waiting registration whose main contact's email already has an account (elsewhere): approval is
   * refused. Shown to staff only (decision 007); always false for a contact.
   */
  emailInUse: z.boolean(),
  /** partner_level_upgrade: the level asked for, and the one held when asked. */
  partnerLevel: PartnerLevel.nullable(),
  fromPartnerLevel: PartnerLevel.nullable(),
  /** The requester's note; a partner level upgrade's justification. */
  note: z.string().nullable(),
  requestedBy: Person,
  createdAt: z.iso.datetime({ offset: true }),
  reviewedBy: Person.nullable(),
  reviewStartedAt: z.iso.datetime({ offset: true }).nullable(),
  decidedBy: Person.nullable(),
  decidedAt: z.iso.datetime({ offset: true }).nullable(),
  declineReason: z.string().nullable(),
  appliedAt: z.iso.datetime({ offset: true }).nullable(),
  /** The pro-rated difference invoiced on approval (0 when nothing was due, null until applied). */
  proratedMinor: z.number().int().nullable(),
  /** The subscription's currency (a registration's: the one asked for); null for a level upgrade. */
  currency: Currency.nullable(),
  /** The draft invoice made on approval: shown to staff only (drafts are the vendor's work in progress). */
  invoiceId: z.uuid().nullable(),
});
export type ChangeRequest = z.infer<typeof ChangeRequest>;

export const ChangeRequestPage = pageOf(ChangeRequest);
export type ChangeRequestPage = z.infer<typeof ChangeRequestPage>;

export const ChangeRequestCounts = z.object(
  Object.fromEntries(changeRequestStatuses.map((status) => [status, z.number().int().min(0)])) as Record<
    ChangeRequestStatus,
    z.ZodNumber
  >,
);
export type ChangeRequestCounts = z.infer<typeof ChangeRequestCounts>;

/** The staff inbox: a page of requests and, for the same kind and organization, the count per state. */
export const StaffChangeRequestPage = pageOf(ChangeRequest).extend({ counts: ChangeRequestCounts });
export type StaffChangeRequestPage = z.infer<typeof StaffChangeRequestPage>;

export const StaffChangeRequestQuery = z.object({
  status: ChangeRequestStatus.optional(),
  kind: ChangeRequestKind.optional(),
  organizationId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).max(200).optional(),
});
export type StaffChangeRequestQuery = z.infer<typeof StaffChangeRequestQuery>;

export const DeclineChangeRequestRequest = z.object({
  reason: z
    .string()
    .trim()
    .min(1, 'must say why')
    .max(2000, 'must be at most 2000 characters')
    .refine((text) => !text.includes('\u0000'), 'must not contain NUL characters'),
});
export type DeclineChangeRequestRequest = z.infer<typeof DeclineChangeRequestRequest>;

export const ChangeRequestParams = z.object({ requestId: z.uuid() });
