import {
  type Actor,
  assertCan,
  type CreateQuestionRequest,
  formatInvoiceNumber,
  type HandOverQuestionRequest,
  type Question,
  type QuestionCounts,
  type QuestionPage,
  type QuestionQuery,
  type QuestionSummary,
  type QuestionTeam,
  questionTeamOfTopic,
  questionTeams,
  questionTeamsOfRoles,
  type StaffQuestionQuery,
} from '@portals/domain';
import type { Config } from '../../config';
import {
  type DatabaseAccess,
  organizationScopeOf,
  type ScopedExecutor,
  scopeOf,
  withScope,
} from '../../db/scope';
import { AppError, notFound } from '../../lib/app-error';
import { recordAudit } from '../../lib/audit';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { type IdempotencyClaim, idempotently } from '../../lib/idempotency';
import type { RequestContext } from '../../lib/request-context';
import { listContactsForEmail } from '../communications/repository';
import { queueEmail } from '../email/outbox';
import { portalUrl } from '../email/templates/layout';
import { questionAnsweredEmail } from '../email/templates/question-answered';
import {
  countQuestionsByTeam,
  findQuestionForUpdate,
  findQuestionSummary,
  insertQuestion,
  insertQuestionEntry,
  isReadableInvoiceOf,
  isSubscriptionOf,
  listQuestionEntries,
  listQuestions,
  type QuestionSummaryRow,
  updateQuestion,
} from './repository';

export interface QuestionDependencies {
  db: DatabaseAccess;
  config: Pick<Config, 'publicUrl'>;
}

export const questionTeamLabels: Record<QuestionTeam, string> = {
  account_management: 'account management',
  partner_management: 'partner management',
  billing: 'billing',
};

const toSummary = (row: QuestionSummaryRow): QuestionSummary => ({
  id: row.id,
  organization: { id: row.organizationId, name: row.organizationName },
  topic: row.topic,
  team: row.team,
  status: row.status,
  subject: row.subject,
  askedBy: { id: row.askedByUserId, name: row.askedByName },
  invoice: row.invoiceId
    ? {
        id: row.invoiceId,
        number:
          row.invoiceSeries && row.invoiceNumberYear !== null && row.invoiceNumber !== null
            ? formatInvoiceNumber(row.invoiceSeries, row.invoiceNumberYear, row.invoiceNumber)
            : null,
      }
    : null,
  subscriptionId: row.subscriptionId,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  closedAt: row.closedAt?.toISOString() ?? null,
});

/** The question with its thread, as the caller's scope reads it. */
const readQuestion = async (executor: ScopedExecutor, questionId: string): Promise<Question> => {
  const row = await findQuestionSummary(executor, questionId);
  if (!row) throw notFound('The question');
  const entries = await listQuestionEntries(executor, questionId);
  return {
    ...toSummary(row),
    entries: entries.map((entry) => ({
      id: entry.id,
      kind: entry.kind,
      author: { id: entry.authorUserId, name: entry.authorName },
      fromStaff: entry.fromStaff,
      body: entry.body,
      team: entry.team,
      createdAt: entry.createdAt.toISOString(),
    })),
  };
};

const ownScope = (actor: Actor) =>
  organizationScopeOf(actor, "Questions are asked by an organization's main and administrative contacts");

const pageOf = (rows: QuestionSummaryRow[], limit: number): QuestionPage => {
  const items = rows.slice(0, limit).map(toSummary);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
};

const audited = (actor: Actor, context: RequestContext, organizationId: string, questionId: string) => ({
  actorUserId: actor.userId,
  organizationId,
  targetType: 'question',
  targetId: questionId,
  ipAddress: context.ipAddress,
  requestId: context.requestId,
});

/** A main or administrative contact asks; the question goes to its topic's team. */
export const askQuestion = async (
  deps: QuestionDependencies,
  actor: Actor,
  request: CreateQuestionRequest,
  context: RequestContext,
  idempotency: IdempotencyClaim | null,
): Promise<Question> => {
  const scope = ownScope(actor);
  const { organizationId } = scope;
  assertCan(actor, 'question:ask:org', { organizationId });
  return idempotently(deps.db, scope, idempotency, async (tx) => {
    if (request.invoiceId && !(await isReadableInvoiceOf(tx, organizationId, request.invoiceId))) {
      throw new AppError('validation_failed', 'The invoice is not one of your organization', [
        { path: 'invoiceId', message: 'is not an invoice of your organization' },
      ]);
    }
    if (request.subscriptionId && !(await isSubscriptionOf(tx, organizationId, request.subscriptionId))) {
      throw new AppError('validation_failed', 'The subscription is not one of your organization', [
        { path: 'subscriptionId', message: 'is not a subscription of your organization' },
      ]);
    }
    const team = questionTeamOfTopic[request.topic];
    const question = await insertQuestion(tx, {
      organizationId,
      askedByUserId: actor.userId,
      topic: request.topic,
      team,
      subject: request.subject.trim(),
      invoiceId: request.invoiceId ?? null,
      subscriptionId: request.subscriptionId ?? null,
    });
    await insertQuestionEntry(tx, {
      questionId: question.id,
      organizationId,
      kind: 'message',
      authorUserId: actor.userId,
      fromStaff: false,
      body: request.body,
    });
    await recordAudit(tx, {
      action: 'question.asked',
      ...audited(actor, context, organizationId, question.id),
      details: {
        topic: request.topic,
        team,
        invoiceId: request.invoiceId ?? null,
        subscriptionId: request.subscriptionId ?? null,
      },
    });
    return readQuestion(tx, question.id);
  });
};

export const listOwnQuestions = async (
  db: DatabaseAccess,
  actor: Actor,
  query: QuestionQuery,
): Promise<QuestionPage> => {
  const scope = ownScope(actor);
  assertCan(actor, 'question:read:org', { organizationId: scope.organizationId });
  const afterId = query.cursor ? decodeCursor(query.cursor) : undefined;
  const rows = await withScope(db, scope, (tx) =>
    listQuestions(
      tx,
      { organizationId: scope.organizationId, status: query.status },
      { limit: query.limit + 1, afterId, order: 'newest' },
    ),
  );
  return pageOf(rows, query.limit);
};

export const getOwnQuestion = async (
  db: DatabaseAccess,
  actor: Actor,
  questionId: string,
): Promise<Question> => {
  const scope = ownScope(actor);
  assertCan(actor, 'question:read:org', { organizationId: scope.organizationId });
  // Row-level security admits only the organization's questions: another's is not found.
  return withScope(db, scope, (tx) => readQuestion(tx, questionId));
};

/** The contact follows up: an open or answered question waits on staff again; a closed one takes nothing. */
export const addFollowUp = async (
  db: DatabaseAccess,
  actor: Actor,
  questionId: string,
  body: string,
  context: RequestContext,
  idempotency: IdempotencyClaim | null,
): Promise<Question> => {
  const scope = ownScope(actor);
  assertCan(actor, 'question:ask:org', { organizationId: scope.organizationId });
  return idempotently(db, scope, idempotency, async (tx) => {
    const question = await findQuestionForUpdate(tx, questionId);
    if (!question) throw notFound('The question');
    if (question.status === 'closed') {
      throw new AppError('conflict', 'This question is closed: ask a new question instead');
    }
    await insertQuestionEntry(tx, {
      questionId,
      organizationId: question.organizationId,
      kind: 'message',
      authorUserId: actor.userId,
      fromStaff: false,
      body,
    });
    await updateQuestion(tx, questionId, { status: 'open' });
    await recordAudit(tx, {
      action: 'question.followed_up',
      ...audited(actor, context, question.organizationId, questionId),
      details: { previousStatus: question.status },
    });
    return readQuestion(tx, questionId);
  });
};

/** The teams the staff member serves; none (a support agent) may not read questions at all. */
const teamsOf = (actor: Actor): QuestionTeam[] => {
  assertCan(actor, 'question:read:any');
  return actor.kind === 'staff' ? questionTeamsOfRoles(actor.staffRoles) : [];
};

const refuseOtherTeam = (actor: Actor, team: QuestionTeam) => {
  if (!teamsOf(actor).includes(team)) {
    throw new AppError(
      'forbidden',
      `This question is with the ${questionTeamLabels[team]} team, which your role does not serve`,
    );
  }
};

export const listQuestionsForStaff = async (
  db: DatabaseAccess,
  actor: Actor,
  query: StaffQuestionQuery,
): Promise<QuestionPage> => {
  const served = teamsOf(actor);
  if (query.team && !served.includes(query.team)) {
    throw new AppError(
      'forbidden',
      `Your role does not serve the ${questionTeamLabels[query.team]} team`,
      [{ path: 'team', message: 'is not a team you serve' }],
      'querystring',
    );
  }
  const afterId = query.cursor ? decodeCursor(query.cursor) : undefined;
  const rows = await withScope(db, scopeOf(actor), (tx) =>
    listQuestions(
      tx,
      {
        teams: query.team ? [query.team] : served,
        status: query.status,
        organizationId: query.organizationId,
      },
      { limit: query.limit + 1, afterId, order: 'oldest' },
    ),
  );
  return pageOf(rows, query.limit);
};

export const countQuestionsForStaff = async (db: DatabaseAccess, actor: Actor): Promise<QuestionCounts> => {
  const served = teamsOf(actor);
  const rows = await withScope(db, scopeOf(actor), (tx) => countQuestionsByTeam(tx, served));
  return {
    teams: questionTeams
      .filter((team) => served.includes(team))
      .map((team) => {
        const count = (status: string) =>
          rows.find((row) => row.team === team && row.status === status)?.count ?? 0;
        return { team, open: count('open'), answered: count('answered'), closed: count('closed') };
      }),
  };
};

export const getQuestionForStaff = async (db: DatabaseAccess, actor: Actor, questionId: string) => {
  teamsOf(actor);
  return withScope(db, scopeOf(actor), async (tx) => {
    const question = await readQuestion(tx, questionId);
    refuseOtherTeam(actor, question.team);
    return question;
  });
};

/** Locks the question and checks that the staff member serves its team and that it is not closed. */
const findWorkableQuestion = async (tx: ScopedExecutor, actor: Actor, questionId: string, doing: string) => {
  assertCan(actor, 'question:answer:any');
  const question = await findQuestionForUpdate(tx, questionId);
  if (!question) throw notFound('The question');
  refuseOtherTeam(actor, question.team);
  if (question.status === 'closed')
    throw new AppError('conflict', `This question is closed: it cannot be ${doing}`);
  return question;
};

/** Staff answer: the question waits on the customer; the asker and the main contact are emailed. */
export const answerQuestion = async (
  deps: QuestionDependencies,
  actor: Actor,
  questionId: string,
  body: string,
  context: RequestContext,
  idempotency: IdempotencyClaim | null,
): Promise<Question> =>
  idempotently(deps.db, scopeOf(actor), idempotency, async (tx) => {
    const question = await findWorkableQuestion(tx, actor, questionId, 'answered');
    await insertQuestionEntry(tx, {
      questionId,
      organizationId: question.organizationId,
      kind: 'message',
      authorUserId: actor.userId,
      fromStaff: true,
      body,
    });
    await updateQuestion(tx, questionId, { status: 'answered' });
    await recordAudit(tx, {
      action: 'question.answered',
      ...audited(actor, context, question.organizationId, questionId),
      details: { team: question.team },
    });
    const answered = await readQuestion(tx, questionId);
    // The asker and the organization's main contact(s), active: each address once.
    const contacts = await listContactsForEmail(tx, question.organizationId);
    const recipients = contacts.filter(
      (contact) =>
        contact.active && (contact.id === question.askedByUserId || contact.roles.includes('main')),
    );
    const answeredBy = answered.entries.at(-1)?.author.name ?? 'Our team';
    const questionUrl = portalUrl(deps.config.publicUrl, 'subscriber', `questions/${questionId}`);
    for (const email of new Set(recipients.map((contact) => contact.email))) {
      await queueEmail(tx, {
        kind: 'question_answered',
        organizationId: question.organizationId,
        to: [email],
        ...questionAnsweredEmail({
          subject: answered.subject,
          answeredBy,
          answer: body,
          questionUrl,
        }),
      });
    }
    return answered;
  });

export const handOverQuestion = async (
  db: DatabaseAccess,
  actor: Actor,
  questionId: string,
  request: HandOverQuestionRequest,
  context: RequestContext,
): Promise<Question> =>
  withScope(db, scopeOf(actor), async (tx) => {
    const question = await findWorkableQuestion(tx, actor, questionId, 'handed over');
    if (question.team === request.team) {
      throw new AppError(
        'conflict',
        `This question is with the ${questionTeamLabels[request.team]} team already`,
        [{ path: 'team', message: 'is the team it is with' }],
      );
    }
    await insertQuestionEntry(tx, {
      questionId,
      organizationId: question.organizationId,
      kind: 'handed_over',
      authorUserId: actor.userId,
      fromStaff: true,
      body: request.note ?? null,
      team: request.team,
    });
    await updateQuestion(tx, questionId, { team: request.team });
    await recordAudit(tx, {
      action: 'question.handed_over',
      ...audited(actor, context, question.organizationId, questionId),
      details: { from: question.team, to: request.team },
    });
    return readQuestion(tx, questionId);
  });

export const closeQuestion = async (
  db: DatabaseAccess,
  actor: Actor,
  questionId: string,
  context: RequestContext,
): Promise<Question> =>
  withScope(db, scopeOf(actor), async (tx) => {
    const question = await findWorkableQuestion(tx, actor, questionId, 'closed again');
    await insertQuestionEntry(tx, {
      questionId,
      organizationId: question.organizationId,
      kind: 'closed',
      authorUserId: actor.userId,
      fromStaff: true,
    });
    await updateQuestion(tx, questionId, { status: 'closed', closedAt: new Date() });
    await recordAudit(tx, {
      action: 'question.closed',
      ...audited(actor, context, question.organizationId, questionId),
      details: { previousStatus: question.status, team: question.team },
    });
    return readQuestion(tx, questionId);
  });
