import { z } from 'zod';
import type { StaffRole } from '../enums';
import { pageOf } from './pagination';

/** What a contact asks about; each topic is routed to one staff team. */
export const questionTopics = ['services', 'partner_programs', 'invoicing_billing'] as const;
export const QuestionTopic = z.enum(questionTopics);
export type QuestionTopic = z.infer<typeof QuestionTopic>;

/** The staff teams answering questions. */
export const questionTeams = ['account_management', 'partner_management', 'billing'] as const;
export const QuestionTeam = z.enum(questionTeams);
export type QuestionTeam = z.infer<typeof QuestionTeam>;

/** Where a new question goes: its topic's team. */
export const questionTeamOfTopic: Record<QuestionTopic, QuestionTeam> = {
  services: 'account_management',
  partner_programs: 'partner_management',
  invoicing_billing: 'billing',
};

/**
 * Which staff roles serve a team (docs/decisions/031-question-teams.md): there is no partner-management
 * role, so account managers serve partner management too. Administrators serve every team.
 */
export const questionTeamRoles: Record<QuestionTeam, readonly StaffRole[]> = {
  account_management: ['account_manager', 'admin'],
  partner_management: ['account_manager', 'admin'],
  billing: ['billing', 'admin'],
};

/** The teams a staff member with these roles serves: whose questions they see and answer. */
export const questionTeamsOfRoles = (roles: readonly StaffRole[]): QuestionTeam[] =>
  questionTeams.filter((team) => questionTeamRoles[team].some((role) => roles.includes(role)));

/** open: waiting on staff; answered: waiting on the customer; closed: done, nothing more is added. */
export const questionStatuses = ['open', 'answered', 'closed'] as const;
export const QuestionStatus = z.enum(questionStatuses);
export type QuestionStatus = z.infer<typeof QuestionStatus>;

/** A thread's entries: a message (either side), a hand-over to another team, the close. */
export const questionEntryKinds = ['message', 'handed_over', 'closed'] as const;
export const QuestionEntryKind = z.enum(questionEntryKinds);
export type QuestionEntryKind = z.infer<typeof QuestionEntryKind>;

export const questionLimits = { subjectMaxLength: 200, bodyMaxLength: 10_000, noteMaxLength: 2_000 } as const;

/** Text a person writes: no NUL (PostgreSQL refuses it), not blank. */
const text = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters')
    .refine((value) => value.trim().length > 0, 'must not be blank');

export const QuestionSubject = text(questionLimits.subjectMaxLength);
export const QuestionBody = text(questionLimits.bodyMaxLength);

export const CreateQuestionRequest = z
  .object({
    topic: QuestionTopic,
    subject: QuestionSubject,
    body: QuestionBody,
    /** Invoicing and billing only: the invoice (of the asker's organization) it is about. */
    invoiceId: z.uuid().optional(),
    /** Invoicing and billing only: the subscription (of the asker's organization) it is about. */
    subscriptionId: z.uuid().optional(),
  })
  .superRefine((request, context) => {
    if (request.topic === 'invoicing_billing') return;
    for (const path of ['invoiceId', 'subscriptionId'] as const) {
      if (request[path] !== undefined) {
        context.addIssue({
          code: 'custom',
          path: [path],
          message: 'only a question about invoicing and billing names an invoice or subscription',
        });
      }
    }
  });
export type CreateQuestionRequest = z.infer<typeof CreateQuestionRequest>;

/** A message added to the thread: the contact's follow-up, or staff's answer. */
export const QuestionMessageRequest = z.object({ body: QuestionBody });
export type QuestionMessageRequest = z.infer<typeof QuestionMessageRequest>;

export const HandOverQuestionRequest = z.object({
  team: QuestionTeam,
  /** Why, for the receiving team (the customer sees that it moved, and this note). */
  note: text(questionLimits.noteMaxLength).optional(),
});
export type HandOverQuestionRequest = z.infer<typeof HandOverQuestionRequest>;

const Instant = z.iso.datetime({ offset: true });

export const QuestionPerson = z.object({ id: z.uuid(), name: z.string() });

export const QuestionSummary = z.object({
  id: z.uuid(),
  organization: z.object({ id: z.uuid(), name: z.string() }),
  topic: QuestionTopic,
  team: QuestionTeam,
  status: QuestionStatus,
  subject: z.string(),
  askedBy: QuestionPerson,
  invoice: z.object({ id: z.uuid(), number: z.string().nullable() }).nullable(),
  subscriptionId: z.uuid().nullable(),
  createdAt: Instant,
  /** The last message, hand-over or close. */
  updatedAt: Instant,
  closedAt: Instant.nullable(),
});
export type QuestionSummary = z.infer<typeof QuestionSummary>;

export const QuestionEntry = z.object({
  id: z.uuid(),
  kind: QuestionEntryKind,
  /** Who wrote it; staff are named by name only. */
  author: QuestionPerson,
  fromStaff: z.boolean(),
  /** A message's text, or a hand-over's note (null when none). */
  body: z.string().nullable(),
  /** A hand-over's receiving team. */
  team: QuestionTeam.nullable(),
  createdAt: Instant,
});
export type QuestionEntry = z.infer<typeof QuestionEntry>;

/** A question with its whole thread, oldest first; the first entry is the question's body. */
export const Question = QuestionSummary.extend({ entries: z.array(QuestionEntry) });
export type Question = z.infer<typeof Question>;

export const QuestionPage = pageOf(QuestionSummary);
export type QuestionPage = z.infer<typeof QuestionPage>;

export const QuestionQuery = z.object({
  status: QuestionStatus.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).max(200).optional(),
});
export type QuestionQuery = z.infer<typeof QuestionQuery>;

/** A team's inbox: the questions it holds, oldest activity first (a queue). */
export const StaffQuestionQuery = QuestionQuery.extend({
  team: QuestionTeam.optional(),
  organizationId: z.uuid().optional(),
});
export type StaffQuestionQuery = z.infer<typeof StaffQuestionQuery>;

/** Per team the caller serves: how many questions wait on staff, on the customer, and are closed. */
export const QuestionCounts = z.object({
  teams: z.array(
    z.object({
      team: QuestionTeam,
      open: z.number().int().min(0),
      answered: z.number().int().min(0),
      closed: z.number().int().min(0),
    }),
  ),
});
export type QuestionCounts = z.infer<typeof QuestionCounts>;
