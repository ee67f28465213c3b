import { z } from 'zod';
import { SubscriptionTier } from '../enums';
import { slaResponseKinds } from '../sla';
import { maxPageSize, pageOf } from './pagination';
import { TicketRating } from './ticket-rating';

/** Each list of values is written once, here; the database enums and the contract derive from it. */
export const ticketStatuses = ['new', 'open', 'pending_customer', 'on_hold', 'solved', 'closed'] as const;
export const TicketStatus = z.enum(ticketStatuses);
export type TicketStatus = z.infer<typeof TicketStatus>;

/** A ticket still being worked on (the queue's and the home overview's "open"): neither solved nor closed. */
export const unresolvedTicketStatuses = ticketStatuses.filter(
  (status) => status !== 'solved' && status !== 'closed',
) as readonly TicketStatus[];

export const ticketSeverities = [1, 2, 3, 4] as const;
export const TicketSeverity = z.union(ticketSeverities.map((severity) => z.literal(severity)));
export type TicketSeverity = (typeof ticketSeverities)[number];

/** The vendor's definition of each severity, shown beside the choice. */
export const ticketSeverityDefinitions: Record<TicketSeverity, { name: string; definition: string }> = {
  1: {
    name: 'Catastrophic',
    definition: 'Production is down or severely impacted; no workaround is available.',
  },
  2: {
    name: 'High impact',
    definition: 'A major function is impaired in production; operations continue in a restricted way.',
  },
  3: {
    name: 'Normal',
    definition: 'A minor loss of function, or a problem in a non-production environment.',
  },
  4: {
    name: 'Low',
    definition: 'A question, a request for information or documentation, or a feature request.',
  },
};

export const ticketEventKinds = [
  'created',
  'public_reply',
  'internal_note',
  'status_changed',
  'severity_changed',
  'assigned',
  'cc_added',
  'cc_removed',
  'product_changed',
  'merged',
  'attachment_added',
] as const;
export const TicketEventKind = z.enum(ticketEventKinds);
export type TicketEventKind = z.infer<typeof TicketEventKind>;

export const ticketVisibilities = ['public', 'internal'] as const;
export const TicketVisibility = z.enum(ticketVisibilities);
export type TicketVisibility = z.infer<typeof TicketVisibility>;

/** Limits, enforced by the contract and again by the database's checks. */
export const ticketLimits = {
  subjectMaxLength: 200,
  bodyMaxLength: 100_000,
  ccMaxCount: 50,
  reasonMaxLength: 1_000,
} as const;

/** A solved ticket closes by itself after this long; a contact may reopen it until then. */
export const solvedTicketReopenDays = 14;

export type TicketTransitionActor = 'contact' | 'staff' | 'system';

/**
 * Who may move a ticket from one status to another: new → open ⇄ pending_customer ⇄ on_hold → solved →
 * closed, open ⇄ on_hold, any status but closed → solved, solved → open (reopen: a contact within
 * the reopen window, or staff), solved → closed by the auto-close job only. Closed is final.
 */
export const ticketTransitions: Record<
  TicketStatus,
  Partial<Record<TicketStatus, readonly TicketTransitionActor[]>>
> = {
  new: {
    open: ['staff', 'system'],
    pending_customer: ['staff'],
    on_hold: ['staff'],
    solved: ['contact', 'staff'],
  },
  open: { pending_customer: ['staff'], on_hold: ['staff'], solved: ['contact', 'staff'] },
  // A contact's reply to a ticket waiting on them reopens it (system: the reply does it).
  pending_customer: { open: ['staff', 'system'], on_hold: ['staff'], solved: ['contact', 'staff'] },
  on_hold: { open: ['staff'], pending_customer: ['staff'], solved: ['contact', 'staff'] },
  solved: { open: ['contact', 'staff'], closed: ['system'] },
  closed: {},
};

/**
 * May `by` move a ticket from `from` to `to`? A contact's reopen of a solved ticket also needs the
 * reopen window (pass `solvedAt` and `now`); without them it is refused.
 */
export const canTransition = (
  from: TicketStatus,
  to: TicketStatus,
  by: TicketTransitionActor,
  window?: { solvedAt: Date | null; now: Date },
): boolean => {
  if (!ticketTransitions[from][to]?.includes(by)) return false;
  if (from === 'solved' && to === 'open' && by === 'contact') {
    if (!window?.solvedAt) return false;
    return window.now.getTime() - window.solvedAt.getTime() <= solvedTicketReopenDays * 86_400_000;
  }
  return true;
};

/** Text a person writes: no NUL (PostgreSQL refuses it), not blank. */
const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters')
    .refine((value) => value.trim().length > 0, 'must not be blank');

export const TicketSubject = text(ticketLimits.subjectMaxLength);
export const TicketBody = text(ticketLimits.bodyMaxLength);
export const TicketReason = text(ticketLimits.reasonMaxLength);

// Vendor catalogue: what a ticket is about.
export const ProductComponent = z.object({ id: z.uuid(), name: z.string() });
export type ProductComponent = z.infer<typeof ProductComponent>;
export const ProductVersion = z.object({ id: z.uuid(), name: z.string() });
export type ProductVersion = z.infer<typeof ProductVersion>;
export const Product = z.object({
  id: z.uuid(),
  name: z.string(),
  components: z.array(ProductComponent),
  versions: z.array(ProductVersion),
});
export type Product = z.infer<typeof Product>;
export const ProductCatalogue = z.object({ items: z.array(Product) });
export type ProductCatalogue = z.infer<typeof ProductCatalogue>;

export const TicketParams = z.object({ ticketId: z.uuid() });
export type TicketParams = z.infer<typeof TicketParams>;

/** A person as a ticket names them. */
export const TicketPerson = z.object({ id: z.uuid(), name: z.string() });
export type TicketPerson = z.infer<typeof TicketPerson>;

export const TicketCreateRequest = z.object({
  subject: TicketSubject,
  description: TicketBody,
  productId: z.uuid(),
  componentId: z.uuid().nullable().optional(),
  versionId: z.uuid().nullable().optional(),
  severity: TicketSeverity,
  /** Colleagues of the same organization to copy. */
  ccUserIds: z.array(z.uuid()).max(ticketLimits.ccMaxCount).default([]),
});
export type TicketCreateRequest = z.infer<typeof TicketCreateRequest>;

export const SlaResponseKind = z.enum(slaResponseKinds);
export type SlaResponseKind = z.infer<typeof SlaResponseKind>;

/**
 * A ticket's response target (docs/decisions/018-sla.md): what the vendor owes and by when. `dueAt` is
 * null while nothing is owed, while the ticket waits on the customer or is on hold (`pausedAt`), and
 * without an active subscription (no target applies).
 */
export const TicketSla = z.object({
  owed: SlaResponseKind.nullable(),
  dueAt: z.iso.datetime({ offset: true }).nullable(),
  /** When the assignee and the team are warned that `dueAt` nears. */
  warnAt: z.iso.datetime({ offset: true }).nullable(),
  pausedAt: z.iso.datetime({ offset: true }).nullable(),
  firstResponseDueAt: z.iso.datetime({ offset: true }).nullable(),
  firstRespondedAt: z.iso.datetime({ offset: true }).nullable(),
  nextResponseDueAt: z.iso.datetime({ offset: true }).nullable(),
});
export type TicketSla = z.infer<typeof TicketSla>;

/** A response target the vendor missed, recorded once. */
export const TicketSlaBreach = z.object({
  kind: SlaResponseKind,
  dueAt: z.iso.datetime({ offset: true }),
  recordedAt: z.iso.datetime({ offset: true }),
});
export type TicketSlaBreach = z.infer<typeof TicketSlaBreach>;

/** A ticket as a list row. */
export const TicketSummary = z.object({
  id: z.uuid(),
  /** Shown as #1042. */
  number: z.number().int(),
  organizationId: z.uuid(),
  organizationName: z.string(),
  /** The organization's highest active subscription tier; null without one. */
  organizationTier: SubscriptionTier.nullable(),
  subject: z.string(),
  status: TicketStatus,
  severity: TicketSeverity,
  requester: TicketPerson,
  assignee: TicketPerson.nullable(),
  productId: z.uuid(),
  createdAt: z.iso.datetime({ offset: true }),
  lastActivityAt: z.iso.datetime({ offset: true }),
  sla: TicketSla,
});
export type TicketSummary = z.infer<typeof TicketSummary>;

/** A ticket's page. */
export const Ticket = TicketSummary.extend({
  description: z.string(),
  product: ProductComponent,
  component: ProductComponent.nullable(),
  version: ProductVersion.nullable(),
  ccs: z.array(TicketPerson),
  mergedIntoTicketId: z.uuid().nullable(),
  updatedAt: z.iso.datetime({ offset: true }),
  solvedAt: z.iso.datetime({ offset: true }).nullable(),
  closedAt: z.iso.datetime({ offset: true }).nullable(),
  slaBreaches: z.array(TicketSlaBreach),
  /** The requester's rating, once solved: shown to staff and to the requester only. */
  rating: TicketRating.nullable(),
});
export type Ticket = z.infer<typeof Ticket>;

export const TicketPage = pageOf(TicketSummary);
export type TicketPage = z.infer<typeof TicketPage>;

export const ticketViews = [
  'mine',
  'copied',
  'organization',
  'all',
  'unassigned',
  'assigned_to_me',
  'waiting_on_us',
  'waiting_on_customer',
] as const;
export const TicketView = z.enum(ticketViews);
export type TicketView = z.infer<typeof TicketView>;
/** Views only the vendor's staff have. */
export const staffTicketViews: readonly TicketView[] = [
  'all',
  'unassigned',
  'assigned_to_me',
  'waiting_on_us',
];

/** `response_due`: the owed response's due time, soonest first (ascending); nothing owed or paused, last. */
export const ticketSorts = ['last_activity', 'created', 'severity', 'number', 'response_due'] as const;
export const TicketSort = z.enum(ticketSorts);
export type TicketSort = z.infer<typeof TicketSort>;

/** A query-string list: `?status=open&status=new` or `?status=open,new`. */
const listOf = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? value.split(',') : value),
    z.array(item).max(20).optional(),
  );

/** The filters both the list and the counts take. */
export const TicketFilters = z.object({
  view: TicketView.optional(),
  status: listOf(TicketStatus),
  severity: listOf(z.coerce.number().pipe(TicketSeverity)),
  requesterId: z.uuid().optional(),
  productId: z.uuid().optional(),
  /** Staff only. */
  organizationId: z.uuid().optional(),
  /** Staff only. */
  tier: SubscriptionTier.optional(),
  /** Staff only. */
  assigneeId: z.uuid().optional(),
  /** The ticket shown as #1042: `1042` or `#1042`. */
  number: z.preprocess(
    (value) => (typeof value === 'string' ? value.trim().replace(/^#/, '') : value),
    z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  ),
  /** Full text, in web search syntax ("quoted phrase", -excluded, or). */
  q: z
    .string()
    .trim()
    .min(1)
    .max(500)
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters')
    .optional(),
});
export type TicketFilters = z.infer<typeof TicketFilters>;

export const TicketListQuery = TicketFilters.extend({
  /** Default: last_activity, or relevance when `q` is given. */
  sort: TicketSort.optional(),
  direction: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(maxPageSize).default(25),
  cursor: z.string().min(1).max(500).optional(),
});
export type TicketListQuery = z.infer<typeof TicketListQuery>;

export const TicketCounts = z.object({
  counts: z.record(TicketStatus, z.number().int().min(0)),
  total: z.number().int().min(0),
});
export type TicketCounts = z.infer<typeof TicketCounts>;

/** Ways a reply comes in other than the portal and the API (decision 020). */
export const ticketReplyChannels = ['email'] as const;
export const TicketReplyChannel = z.enum(ticketReplyChannels);
export type TicketReplyChannel = z.infer<typeof TicketReplyChannel>;

const eventBase = z.object({
  id: z.number().int(),
  ticketId: z.uuid(),
  actor: TicketPerson.nullable(),
  createdAt: z.iso.datetime({ offset: true }),
});
const publicEvent = eventBase.extend({ visibility: z.literal('public') });

/** One row of the ticket's timeline. Internal notes reach staff only. */
export const TicketEvent = z.discriminatedUnion('kind', [
  publicEvent.extend({ kind: z.literal('created'), body: z.string() }),
  publicEvent.extend({
    kind: z.literal('public_reply'),
    body: z.string(),
    /** How it came when not through the portal or the API: `email`, a reply to a ticket email. */
    data: z.object({ via: TicketReplyChannel.optional() }).optional(),
  }),
  eventBase.extend({ kind: z.literal('internal_note'), visibility: z.literal('internal'), body: z.string() }),
  publicEvent.extend({
    kind: z.literal('status_changed'),
    data: z.object({ from: TicketStatus, to: TicketStatus, reason: z.string().optional() }),
  }),
  publicEvent.extend({
    kind: z.literal('severity_changed'),
    data: z.object({ from: TicketSeverity, to: TicketSeverity, reason: z.string() }),
  }),
  eventBase.extend({
    kind: z.literal('assigned'),
    visibility: TicketVisibility,
    data: z.object({ from: TicketPerson.nullable(), to: TicketPerson.nullable() }),
  }),
  publicEvent.extend({ kind: z.literal('cc_added'), data: z.object({ user: TicketPerson }) }),
  publicEvent.extend({ kind: z.literal('cc_removed'), data: z.object({ user: TicketPerson }) }),
  eventBase.extend({
    kind: z.literal('product_changed'),
    visibility: TicketVisibility,
    data: z.object({
      from: z.object({
        productId: z.uuid(),
        componentId: z.uuid().nullable(),
        versionId: z.uuid().nullable(),
      }),
      to: z.object({ productId: z.uuid(), componentId: z.uuid().nullable(), versionId: z.uuid().nullable() }),
    }),
  }),
  publicEvent.extend({
    kind: z.literal('merged'),
    data: z.object({
      sourceTicketId: z.uuid(),
      sourceNumber: z.number().int(),
      targetTicketId: z.uuid(),
      targetNumber: z.number().int(),
      /** Who asked in the duplicate: the merge is theirs to be told about. */
      sourceRequesterUserId: z.uuid(),
    }),
  }),
  eventBase.extend({
    kind: z.literal('attachment_added'),
    visibility: TicketVisibility,
    data: z.object({
      attachmentId: z.uuid(),
      fileName: z.string(),
      sizeBytes: z.number().int().min(0),
      sha256: z.string(),
      contentType: z.string(),
      /** The reply or note the file was attached to, when it was. */
      eventId: z.number().int().optional(),
    }),
  }),
]);
export type TicketEvent = z.infer<typeof TicketEvent>;

export const TicketEventQuery = z.object({
  /** The last event id already seen: the page starts after it. */
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(maxPageSize).default(100),
});
export type TicketEventQuery = z.infer<typeof TicketEventQuery>;
export const TicketEventPage = z.object({
  items: z.array(TicketEvent),
  /** Pass as `after` for the next page; null at the end. */
  nextCursor: z.number().int().nullable(),
});
export type TicketEventPage = z.infer<typeof TicketEventPage>;

export const TicketReplyRequest = z.object({ body: TicketBody });
export type TicketReplyRequest = z.infer<typeof TicketReplyRequest>;
export const TicketNoteRequest = z.object({ body: TicketBody });
export type TicketNoteRequest = z.infer<typeof TicketNoteRequest>;

export const TicketStatusChangeRequest = z.object({
  status: TicketStatus,
  reason: TicketReason.optional(),
});
export type TicketStatusChangeRequest = z.infer<typeof TicketStatusChangeRequest>;

export const TicketSeverityChangeRequest = z.object({ severity: TicketSeverity, reason: TicketReason });
export type TicketSeverityChangeRequest = z.infer<typeof TicketSeverityChangeRequest>;

export const TicketCcChangeRequest = z
  .object({
    add: z.array(z.uuid()).max(ticketLimits.ccMaxCount).default([]),
    remove: z.array(z.uuid()).max(ticketLimits.ccMaxCount).default([]),
  })
  .refine((change) => change.add.length + change.remove.length > 0, {
    message: 'name at least one person to add or remove',
  });
export type TicketCcChangeRequest = z.infer<typeof TicketCcChangeRequest>;

/** Null: unassign. */
export const TicketAssignRequest = z.object({ assigneeId: z.uuid().nullable() });
export type TicketAssignRequest = z.infer<typeof TicketAssignRequest>;

export const TicketProductChangeRequest = z.object({
  productId: z.uuid(),
  componentId: z.uuid().nullable(),
  versionId: z.uuid().nullable(),
});
export type TicketProductChangeRequest = z.infer<typeof TicketProductChangeRequest>;

/** Merge this ticket (the duplicate) into the target: its conversation and attachments move there. */
export const TicketMergeRequest = z.object({ intoTicketId: z.uuid() });
export type TicketMergeRequest = z.infer<typeof TicketMergeRequest>;

export const TicketBulkRequest = z
  .object({
    ticketIds: z.array(z.uuid()).min(1).max(maxPageSize),
    status: TicketStatus.optional(),
    assigneeId: z.uuid().nullable().optional(),
  })
  .refine((bulk) => bulk.status !== undefined || bulk.assigneeId !== undefined, {
    message: 'name a status or an assignee',
  });
export type TicketBulkRequest = z.infer<typeof TicketBulkRequest>;
export const TicketBulkResult = z.object({
  updated: z.array(z.uuid()),
  /** Tickets left unchanged, each with why (not found, illegal transition). */
  refused: z.array(z.object({ ticketId: z.uuid(), code: z.string(), detail: z.string() })),
});
export type TicketBulkResult = z.infer<typeof TicketBulkResult>;

/** A search hit: the ticket and the matching words in context (`<mark>` around each, the rest escaped). */
export const TicketSearchResult = TicketSummary.extend({
  rank: z.number(),
  highlights: z.array(z.string()),
});
export type TicketSearchResult = z.infer<typeof TicketSearchResult>;
export const TicketSearchPage = pageOf(TicketSearchResult);
export const TicketSearchQuery = TicketFilters.extend({
  q: TicketFilters.shape.q.unwrap(),
  limit: z.coerce.number().int().min(1).max(maxPageSize).default(25),
  cursor: z.string().min(1).max(500).optional(),
});
export type TicketSearchQuery = z.infer<typeof TicketSearchQuery>;
export type TicketSearchPage = z.infer<typeof TicketSearchPage>;

export const CannedReply = z.object({
  id: z.uuid(),
  title: z.string(),
  body: z.string(),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type CannedReply = z.infer<typeof CannedReply>;
export const CannedReplyRequest = z.object({ title: text(200), body: TicketBody });
export type CannedReplyRequest = z.infer<typeof CannedReplyRequest>;
export const CannedReplyPage = pageOf(CannedReply);
export type CannedReplyPage = z.infer<typeof CannedReplyPage>;
export const CannedReplyParams = z.object({ cannedReplyId: z.uuid() });
export type CannedReplyParams = z.infer<typeof CannedReplyParams>;
