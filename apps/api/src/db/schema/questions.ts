import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { questionEntryKind, questionStatus, questionTeam, questionTopic } from './enums';
import { invoices } from './invoices';
import { organizations } from './organizations';
import { subscriptions } from './subscriptions';
import { users } from './users';

/**
 * A contact's question (docs/decisions/031-question-teams.md): a thread routed to a staff team by its
 * topic. Its invoice, when named, is of the same organization (the composite key says so).
 */
export const questions = pgTable(
  'questions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    askedByUserId: uuid('asked_by_user_id')
      .notNull()
      .references(() => users.id),
    topic: questionTopic('topic').notNull(),
    team: questionTeam('team').notNull(),
    status: questionStatus('status').notNull().default('open'),
    subject: text('subject').notNull(),
    invoiceId: uuid('invoice_id'),
    subscriptionId: uuid('subscription_id').references(() => subscriptions.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (table) => [
    unique('questions_id_organization_unique').on(table.id, table.organizationId),
    foreignKey({
      name: 'questions_invoice_of_organization_fk',
      columns: [table.invoiceId, table.organizationId],
      foreignColumns: [invoices.id, invoices.organizationId],
    }),
    check('questions_subject_length', sql`char_length(${table.subject}) between 1 and 200`),
    check('questions_closed_at', sql`(${table.status} = 'closed') = (${table.closedAt} is not null)`),
    index('questions_organization_id_idx').on(table.organizationId, table.updatedAt),
    index('questions_team_idx').on(table.team, table.status, table.updatedAt),
  ],
);

/** A question's thread, append-only: its messages (either side), hand-overs and the close. */
export const questionEntries = pgTable(
  'question_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    questionId: uuid('question_id').notNull(),
    organizationId: uuid('organization_id').notNull(),
    kind: questionEntryKind('kind').notNull(),
    authorUserId: uuid('author_user_id')
      .notNull()
      .references(() => users.id),
    fromStaff: boolean('from_staff').notNull(),
    body: text('body'),
    team: questionTeam('team'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    foreignKey({
      name: 'question_entries_question_of_organization_fk',
      columns: [table.questionId, table.organizationId],
      foreignColumns: [questions.id, questions.organizationId],
    }).onDelete('cascade'),
    check('question_entries_body_length', sql`char_length(${table.body}) between 1 and 10000`),
    check('question_entries_message_has_body', sql`${table.kind} <> 'message' or ${table.body} is not null`),
    check(
      'question_entries_handover_has_team',
      sql`(${table.kind} = 'handed_over') = (${table.team} is not null)`,
    ),
    index('question_entries_question_id_idx').on(table.questionId, table.createdAt),
    index('question_entries_organization_id_idx').on(table.organizationId),
  ],
);
