import type { QuestionStatus, QuestionTeam } from '@portals/domain';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import {
  invoices,
  organizations,
  questionEntries,
  questions,
  subscriptions,
  users,
} from '../../db/schema/index';
import type { ScopedExecutor } from '../../db/scope';

// Qualified by hand: drizzle renders column references unqualified, which inside a subquery would
// resolve to the subquery's own table.
const entryAuthor = sql.raw('"question_entries"."author_user_id"');

/**
 * A person's name as the reader's scope shows it: a contact of the organization from users, staff from
 * migration 0016's app_staff_names view (a contact's scope sees no staff users).
 */
const authorName = sql<string>`coalesce(
  (select staff.name from app_staff_names as staff where staff.id = ${entryAuthor}),
  (select u.name from users as u where u.id = ${entryAuthor}),
  'Former user')`;

const summaryColumns = {
  id: questions.id,
  organizationId: questions.organizationId,
  organizationName: organizations.name,
  topic: questions.topic,
  team: questions.team,
  status: questions.status,
  subject: questions.subject,
  askedByUserId: questions.askedByUserId,
  askedByName: sql<string>`coalesce(${users.name}, 'Former user')`,
  invoiceId: questions.invoiceId,
  invoiceSeries: invoices.series,
  invoiceNumberYear: invoices.numberYear,
  invoiceNumber: invoices.number,
  subscriptionId: questions.subscriptionId,
  createdAt: questions.createdAt,
  updatedAt: questions.updatedAt,
  closedAt: questions.closedAt,
};

const summaries = (executor: ScopedExecutor) =>
  executor
    .select(summaryColumns)
    .from(questions)
    .innerJoin(organizations, eq(organizations.id, questions.organizationId))
    .leftJoin(users, eq(users.id, questions.askedByUserId))
    .leftJoin(invoices, eq(invoices.id, questions.invoiceId));

export type QuestionSummaryRow = NonNullable<Awaited<ReturnType<typeof findQuestionSummary>>>;

export interface QuestionFilter {
  /** A contact's organization; staff: optional. */
  organizationId?: string | undefined;
  /** The teams whose questions are read (staff: those they serve). */
  teams?: readonly QuestionTeam[] | undefined;
  status?: QuestionStatus | undefined;
}

const filterOf = (filter: QuestionFilter) =>
  and(
    filter.organizationId ? eq(questions.organizationId, filter.organizationId) : undefined,
    filter.teams ? inArray(questions.team, [...filter.teams]) : undefined,
    filter.status ? eq(questions.status, filter.status) : undefined,
  );

/**
 * One page of questions after the question `afterId`: newest first (a contact's list), or oldest first
 * (a team's inbox, a queue).
 */
export const listQuestions = (
  executor: ScopedExecutor,
  filter: QuestionFilter,
  page: { limit: number; afterId?: string | undefined; order: 'newest' | 'oldest' },
) => {
  const newest = page.order === 'newest';
  const after = page.afterId
    ? newest
      ? sql`(${questions.createdAt}, ${questions.id}) < (
          select cursor_row.created_at, cursor_row.id from ${questions} as cursor_row
          where cursor_row.id = ${page.afterId})`
      : sql`(${questions.createdAt}, ${questions.id}) > (
          select cursor_row.created_at, cursor_row.id from ${questions} as cursor_row
          where cursor_row.id = ${page.afterId})`
    : undefined;
  return summaries(executor)
    .where(and(filterOf(filter), after))
    .orderBy(
      ...(newest
        ? [desc(questions.createdAt), desc(questions.id)]
        : [asc(questions.createdAt), asc(questions.id)]),
    )
    .limit(page.limit);
};

export const findQuestionSummary = async (executor: ScopedExecutor, questionId: string) => {
  const [row] = await summaries(executor).where(eq(questions.id, questionId));
  return row;
};

/** Locks the question: two changes to it (an answer and a close, say) apply one after the other. */
export const findQuestionForUpdate = async (executor: ScopedExecutor, questionId: string) => {
  const [row] = await executor.select().from(questions).where(eq(questions.id, questionId)).for('update');
  return row;
};

export const listQuestionEntries = (executor: ScopedExecutor, questionId: string) =>
  executor
    .select({
      id: questionEntries.id,
      kind: questionEntries.kind,
      authorUserId: questionEntries.authorUserId,
      authorName,
      fromStaff: questionEntries.fromStaff,
      body: questionEntries.body,
      team: questionEntries.team,
      createdAt: questionEntries.createdAt,
    })
    .from(questionEntries)
    .where(eq(questionEntries.questionId, questionId))
    .orderBy(asc(questionEntries.createdAt), asc(questionEntries.id));

export const insertQuestion = async (executor: ScopedExecutor, values: typeof questions.$inferInsert) => {
  const [row] = await executor.insert(questions).values(values).returning();
  if (!row) throw new Error('question not inserted');
  return row;
};

export const insertQuestionEntry = async (
  executor: ScopedExecutor,
  values: typeof questionEntries.$inferInsert,
) => {
  const [row] = await executor.insert(questionEntries).values(values).returning();
  if (!row) throw new Error('question entry not inserted');
  return row;
};

export const updateQuestion = async (
  executor: ScopedExecutor,
  questionId: string,
  changes: { status?: QuestionStatus; team?: QuestionTeam; closedAt?: Date },
) => {
  const [row] = await executor
    .update(questions)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(eq(questions.id, questionId))
    .returning();
  if (!row) throw new Error('question not updated');
  return row;
};

/** Whether the invoice is one the organization's contacts read (issued or void, of that organization). */
export const isReadableInvoiceOf = async (
  executor: ScopedExecutor,
  organizationId: string,
  invoiceId: string,
) => {
  const [row] = await executor
    .select({ id: invoices.id })
    .from(invoices)
    .where(
      and(
        eq(invoices.id, invoiceId),
        eq(invoices.organizationId, organizationId),
        sql`${invoices.documentStatus} <> 'draft'`,
      ),
    );
  return row !== undefined;
};

export const isSubscriptionOf = async (
  executor: ScopedExecutor,
  organizationId: string,
  subscriptionId: string,
) => {
  const [row] = await executor
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(and(eq(subscriptions.id, subscriptionId), eq(subscriptions.organizationId, organizationId)));
  return row !== undefined;
};

/** Per team and status: how many questions. */
export const countQuestionsByTeam = (executor: ScopedExecutor, teams: readonly QuestionTeam[]) =>
  executor
    .select({
      team: questions.team,
      status: questions.status,
      count: sql<number>`count(*)::int`,
    })
    .from(questions)
    .where(inArray(questions.team, [...teams]))
    .groupBy(questions.team, questions.status);
