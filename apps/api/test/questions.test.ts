import { Invoice, Problem, Question, QuestionCounts, QuestionPage, SubscriptionPage } from '@portals/domain';
import { and, eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, emailOutbox, questionEntries, questions } from '../src/db/schema/index';
import type { TestUser } from './fixtures';
import { useMailDelivery } from './mail-delivery';
import { testConfig, useTestApp } from './test-app';
import { waitUntil } from './wait-until';

const config = testConfig({ PUBLIC_URL: 'https://portals.example' });

describe('questions', () => {
  const context = useTestApp({ config });
  const mail = useMailDelivery(
    () => context.database,
    () => config,
  );
  const people = {} as Record<
    | 'billing'
    | 'accountManager'
    | 'admin'
    | 'agent'
    | 'main'
    | 'administrative'
    | 'technical'
    | 'otherMain'
    | 'otherAdministrative',
    TestUser
  >;
  let organizationId: string;
  let otherOrganizationId: string;
  let invoice: Invoice;
  let otherInvoice: Invoice;
  let draft: Invoice;

  const issue = async (forOrganization: string, andIssue = true) => {
    const created = Invoice.parse(
      (
        await context.as(people.billing).post('/v1/staff/invoices', {
          organizationId: forOrganization,
          currency: 'EUR',
          lines: [
            {
              description: 'Premium support',
              quantity: 1,
              unitPriceMinor: 50_000,
              taxRateBasisPoints: 2_000,
            },
          ],
        })
      ).json(),
    );
    if (!andIssue) return created;
    const issued = await context
      .as(people.billing)
      .post(`/v1/staff/invoices/${created.id}/issue`, { issueDate: '2026-11-30', dueDate: '2026-12-30' });
    expect(issued.statusCode, issued.body).toBe(200);
    return Invoice.parse(issued.json());
  };

  beforeAll(async () => {
    organizationId = await context.factories.organization({ name: 'Asking Ltd', tier: 'premium' });
    otherOrganizationId = await context.factories.organization({ name: 'Other Ltd', tier: 'basic' });
    people.billing = await context.factories.staff({ roles: ['billing'] });
    people.accountManager = await context.factories.staff({ roles: ['account_manager'] });
    people.admin = await context.factories.staff({ roles: ['admin'] });
    people.agent = await context.factories.staff({ roles: ['support_agent'] });
    people.main = await context.factories.contact({ organizationId, roles: ['main'] });
    people.administrative = await context.factories.contact({ organizationId, roles: ['administrative'] });
    people.technical = await context.factories.contact({ organizationId, roles: ['technical'] });
    people.otherMain = await context.factories.contact({
      organizationId: otherOrganizationId,
      roles: ['main'],
    });
    people.otherAdministrative = await context.factories.contact({
      organizationId: otherOrganizationId,
      roles: ['administrative'],
    });
    invoice = await issue(organizationId);
    otherInvoice = await issue(otherOrganizationId);
    draft = await issue(organizationId, false);
  });

  const ask = (as: TestUser, body: Record<string, unknown> = {}) =>
    context.as(as).post('/v1/questions', {
      topic: 'invoicing_billing',
      subject: 'Why two lines?',
      body: 'The invoice shows two lines for one service.',
      ...body,
    });
  const asked = async (as: TestUser = people.main, body: Record<string, unknown> = {}) => {
    const response = await ask(as, body);
    expect(response.statusCode, response.body).toBe(201);
    return Question.parse(response.json());
  };
  const staff = (as: TestUser) => ({
    get: (id: string) => context.as(as).get(`/v1/staff/questions/${id}`),
    answer: (id: string, body = 'Here is the answer.') =>
      context.as(as).post(`/v1/staff/questions/${id}/answers`, { body }),
    handOver: (id: string, team: string, note?: string) =>
      context.as(as).post(`/v1/staff/questions/${id}/handover`, { team, ...(note ? { note } : {}) }),
    close: (id: string) => context.as(as).post(`/v1/staff/questions/${id}/close`),
  });
  const outboxTo = async (questionId: string) =>
    (await context.database.db.select().from(emailOutbox)).filter(
      (mail) => mail.kind === 'question_answered' && mail.textBody.includes(questionId),
    );
  const stateOf = async (questionId: string) => {
    const [row] = await context.database.db.select().from(questions).where(eq(questions.id, questionId));
    const entries = await context.database.db
      .select()
      .from(questionEntries)
      .where(eq(questionEntries.questionId, questionId));
    return { status: row?.status, team: row?.team, entries: entries.length };
  };

  describe('who may ask', () => {
    it('lets the main and the administrative contact ask, routed by topic to a team', async () => {
      const billing = await asked(people.main, { invoiceId: invoice.id });
      expect(billing).toMatchObject({
        topic: 'invoicing_billing',
        team: 'billing',
        status: 'open',
        subject: 'Why two lines?',
        askedBy: { id: people.main.id },
        invoice: { id: invoice.id, number: invoice.number },
        organization: { id: organizationId, name: 'Asking Ltd' },
      });
      expect(billing.entries).toMatchObject([
        { kind: 'message', fromStaff: false, body: 'The invoice shows two lines for one service.' },
      ]);
      const services = await asked(people.administrative, { topic: 'services' });
      expect(services.team).toBe('account_management');
      const partner = await asked(people.administrative, { topic: 'partner_programs' });
      expect(partner.team).toBe('partner_management');
      const [audit] = await context.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'question.asked'), eq(auditLog.targetId, billing.id)));
      expect(audit).toMatchObject({ actorUserId: people.main.id, organizationId });
      expect(audit?.details).toMatchObject({
        topic: 'invoicing_billing',
        team: 'billing',
        invoiceId: invoice.id,
      });
    });

    it('takes a subscription of the organization', async () => {
      const subscriptions = SubscriptionPage.parse(
        (await context.as(people.main).get('/v1/subscriptions')).json(),
      );
      const subscriptionId = subscriptions.items[0]?.id;
      expect(subscriptionId).toBeDefined();
      const question = await asked(people.main, { subscriptionId });
      expect(question.subscriptionId).toBe(subscriptionId);
    });

    it('refuses technical contacts and staff with 403, and asks nothing', async () => {
      for (const user of [people.technical, people.billing, people.admin]) {
        const refused = await ask(user);
        expect(refused.statusCode, user.email).toBe(403);
        expect(refused.headers['content-type']).toContain('application/problem+json');
      }
      expect((await context.as(people.technical).get('/v1/questions')).statusCode).toBe(403);
    });

    it("refuses another organization's invoice or subscription, a draft, and an id for another topic", async () => {
      const before = (await context.database.db.select().from(questions)).length;
      const foreignInvoice = await ask(people.main, { invoiceId: otherInvoice.id });
      expect(foreignInvoice.statusCode).toBe(400);
      expect(Problem.parse(foreignInvoice.json()).errors).toEqual([
        { path: 'body.invoiceId', message: 'is not an invoice of your organization' },
      ]);
      expect((await ask(people.main, { invoiceId: draft.id })).statusCode).toBe(400);
      const otherSubscriptions = SubscriptionPage.parse(
        (await context.as(people.otherMain).get('/v1/subscriptions')).json(),
      );
      const foreignSubscription = await ask(people.main, { subscriptionId: otherSubscriptions.items[0]?.id });
      expect(foreignSubscription.statusCode).toBe(400);
      expect(Problem.parse(foreignSubscription.json()).errors?.[0]?.path).toBe('body.subscriptionId');
      expect((await ask(people.main, { topic: 'services', invoiceId: invoice.id })).statusCode).toBe(400);
      expect((await context.database.db.select().from(questions)).length).toBe(before);
    });

    it('refuses hostile input: NUL bytes, huge or blank text, an unknown topic', async () => {
      for (const body of [
        { subject: 'a\u0000b' },
        { body: 'x\u0000' },
        { body: 'x'.repeat(10_001) },
        { subject: 'y'.repeat(201) },
        { subject: '   ' },
        { topic: 'gossip' },
        { invoiceId: 'not-a-uuid' },
      ]) {
        const refused = await ask(people.main, body);
        expect(refused.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
        expect(refused.headers['content-type']).toContain('application/problem+json');
      }
    });

    it('refuses an API token without the question scopes, accepts one with them', async () => {
      const none = await context.factories.apiToken(people.main, { scopes: ['invoice:read:org'] });
      expect((await context.asToken(none.token).get('/v1/questions')).statusCode).toBe(403);
      const scoped = await context.factories.apiToken(people.main, { scopes: ['question:read:org'] });
      expect((await context.asToken(scoped.token).get('/v1/questions')).statusCode).toBe(200);
      expect((await ask(people.main)).statusCode).toBe(201);
    });
  });

  describe('who may see', () => {
    it("shows the organization's questions to its main and administrative contacts, never another's", async () => {
      const question = await asked(people.administrative);
      for (const reader of [people.main, people.administrative]) {
        const read = await context.as(reader).get(`/v1/questions/${question.id}`);
        expect(read.statusCode).toBe(200);
        expect(Question.parse(read.json()).id).toBe(question.id);
        const list = QuestionPage.parse((await context.as(reader).get('/v1/questions?limit=100')).json());
        expect(list.items.map((item) => item.id)).toContain(question.id);
        expect(list.items.every((item) => item.organization.id === organizationId)).toBe(true);
      }
      for (const outsider of [people.otherMain, people.otherAdministrative]) {
        const read = await context.as(outsider).get(`/v1/questions/${question.id}`);
        expect(read.statusCode).toBe(404);
        expect(read.headers['content-type']).toContain('application/problem+json');
        const follow = await context
          .as(outsider)
          .post(`/v1/questions/${question.id}/messages`, { body: 'Hi' });
        expect(follow.statusCode).toBe(404);
        const list = QuestionPage.parse((await context.as(outsider).get('/v1/questions?limit=100')).json());
        expect(list.items.map((item) => item.id)).not.toContain(question.id);
      }
      expect((await context.as(people.technical).get(`/v1/questions/${question.id}`)).statusCode).toBe(403);
    });

    it("shows staff their team's questions and admin all; other staff roles are refused", async () => {
      const billingQuestion = await asked(people.main);
      const servicesQuestion = await asked(people.main, { topic: 'services' });
      expect((await staff(people.billing).get(billingQuestion.id)).statusCode).toBe(200);
      const otherTeam = await staff(people.billing).get(servicesQuestion.id);
      expect(otherTeam.statusCode).toBe(403);
      expect(Problem.parse(otherTeam.json()).detail).toContain('account management team');
      expect((await staff(people.accountManager).get(servicesQuestion.id)).statusCode).toBe(200);
      expect((await staff(people.accountManager).get(billingQuestion.id)).statusCode).toBe(403);
      for (const id of [billingQuestion.id, servicesQuestion.id]) {
        expect((await staff(people.admin).get(id)).statusCode).toBe(200);
        expect((await staff(people.agent).get(id)).statusCode).toBe(403);
      }
      expect((await context.as(people.agent).get('/v1/staff/questions')).statusCode).toBe(403);
      expect((await context.as(people.main).get('/v1/staff/questions')).statusCode).toBe(403);
      expect(
        (await context.as(people.main).get(`/v1/staff/questions/${billingQuestion.id}`)).statusCode,
      ).toBe(403);
      const billingInbox = QuestionPage.parse(
        (await context.as(people.billing).get('/v1/staff/questions?limit=100')).json(),
      );
      expect(new Set(billingInbox.items.map((item) => item.team))).toEqual(new Set(['billing']));
      const refusedTeam = await context.as(people.billing).get('/v1/staff/questions?team=account_management');
      expect(refusedTeam.statusCode).toBe(403);
      expect((await staff(people.admin).get('00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    });
  });

  describe('who may answer, hand over and close', () => {
    it('refuses contacts, support agents and staff of another team, changing nothing', async () => {
      const question = await asked(people.main);
      const before = await stateOf(question.id);
      for (const user of [
        people.main,
        people.administrative,
        people.technical,
        people.agent,
        people.otherMain,
      ]) {
        expect((await staff(user).answer(question.id)).statusCode, user.email).toBe(403);
        expect((await staff(user).handOver(question.id, 'account_management')).statusCode, user.email).toBe(
          403,
        );
        expect((await staff(user).close(question.id)).statusCode, user.email).toBe(403);
      }
      expect((await staff(people.accountManager).answer(question.id)).statusCode).toBe(403);
      expect((await staff(people.accountManager).close(question.id)).statusCode).toBe(403);
      expect(await stateOf(question.id)).toEqual(before);
    });
  });

  describe('hostile input to staff', () => {
    it('refuses NUL bytes, huge or blank answers and notes, an unknown team, a bad id; nothing changes', async () => {
      const question = await asked(people.main);
      const before = await stateOf(question.id);
      for (const body of ['a\u0000b', 'x'.repeat(10_001), '   ']) {
        const refused = await staff(people.billing).answer(question.id, body);
        expect(refused.statusCode).toBe(400);
        expect(refused.headers['content-type']).toContain('application/problem+json');
      }
      expect(
        (await staff(people.billing).handOver(question.id, 'account_management', 'n\u0000')).statusCode,
      ).toBe(400);
      expect(
        (await staff(people.billing).handOver(question.id, 'account_management', 'n'.repeat(2_001)))
          .statusCode,
      ).toBe(400);
      expect((await staff(people.billing).handOver(question.id, '__proto__')).statusCode).toBe(400);
      expect((await staff(people.billing).get('not-a-uuid')).statusCode).toBe(400);
      expect((await context.as(people.billing).get('/v1/staff/questions?status=pending')).statusCode).toBe(
        400,
      );
      expect(await stateOf(question.id)).toEqual(before);
    });
  });

  describe('state transitions', () => {
    it('open → answered (staff) → open (follow-up) → answered → closed', async () => {
      const question = await asked(people.administrative);
      const answered = await staff(people.billing).answer(question.id, 'We split the setup fee.');
      expect(answered.statusCode).toBe(201);
      const afterAnswer = Question.parse(answered.json());
      expect(afterAnswer.status).toBe('answered');
      expect(afterAnswer.entries.at(-1)).toMatchObject({
        kind: 'message',
        fromStaff: true,
        body: 'We split the setup fee.',
      });
      const followed = await context
        .as(people.main)
        .post(`/v1/questions/${question.id}/messages`, { body: 'Thanks, and the second line?' });
      expect(followed.statusCode).toBe(201);
      expect(Question.parse(followed.json()).status).toBe('open');
      // A follow-up on an open question keeps it open.
      const again = await context
        .as(people.administrative)
        .post(`/v1/questions/${question.id}/messages`, { body: 'Also…' });
      expect(Question.parse(again.json()).status).toBe('open');
      expect(Question.parse((await staff(people.admin).answer(question.id)).json()).status).toBe('answered');
      const closed = await staff(people.billing).close(question.id);
      expect(closed.statusCode).toBe(200);
      const afterClose = Question.parse(closed.json());
      expect(afterClose.status).toBe('closed');
      expect(afterClose.closedAt).not.toBeNull();
      expect(afterClose.entries.map((entry) => entry.kind)).toEqual([
        'message',
        'message',
        'message',
        'message',
        'message',
        'closed',
      ]);
      // The contact reads the whole thread, staff names included.
      const read = Question.parse((await context.as(people.main).get(`/v1/questions/${question.id}`)).json());
      expect(read.entries).toHaveLength(6);
      expect(read.entries[1]?.author.name).toBeTruthy();
      const actions = await context.database.db
        .select({ action: auditLog.action })
        .from(auditLog)
        .where(eq(auditLog.targetId, question.id));
      expect(actions.map((row) => row.action).sort()).toEqual(
        [
          'question.answered',
          'question.answered',
          'question.asked',
          'question.closed',
          'question.followed_up',
          'question.followed_up',
        ].sort(),
      );
    });

    it('answers 409 to an answer, follow-up, hand-over or close of a closed question, changing nothing', async () => {
      const question = await asked(people.main);
      expect((await staff(people.billing).close(question.id)).statusCode).toBe(200);
      const before = await stateOf(question.id);
      const mailsBefore = (await outboxTo(question.id)).length;
      const answer = await staff(people.billing).answer(question.id);
      expect(answer.statusCode).toBe(409);
      expect(Problem.parse(answer.json()).detail).toContain('closed');
      expect((await staff(people.billing).close(question.id)).statusCode).toBe(409);
      expect((await staff(people.billing).handOver(question.id, 'account_management')).statusCode).toBe(409);
      const follow = await context
        .as(people.main)
        .post(`/v1/questions/${question.id}/messages`, { body: 'Hello?' });
      expect(follow.statusCode).toBe(409);
      expect(Problem.parse(follow.json()).detail).toContain('ask a new question');
      expect(await stateOf(question.id)).toEqual(before);
      expect((await outboxTo(question.id)).length).toBe(mailsBefore);
    });

    it('hands over to another team, which then holds it; the same team answers 409', async () => {
      const question = await asked(people.main);
      const same = await staff(people.billing).handOver(question.id, 'billing');
      expect(same.statusCode).toBe(409);
      expect(Problem.parse(same.json()).detail).toContain('billing team already');
      expect((await staff(people.billing).handOver(question.id, 'sales')).statusCode).toBe(400);
      const moved = await staff(people.billing).handOver(
        question.id,
        'account_management',
        'About the contract',
      );
      expect(moved.statusCode).toBe(200);
      const handed = Question.parse(moved.json());
      expect(handed).toMatchObject({ team: 'account_management', status: 'open' });
      expect(handed.entries.at(-1)).toMatchObject({
        kind: 'handed_over',
        team: 'account_management',
        body: 'About the contract',
      });
      // Billing no longer holds it; account management does.
      expect((await staff(people.billing).answer(question.id)).statusCode).toBe(403);
      expect((await staff(people.accountManager).answer(question.id)).statusCode).toBe(201);
      const [audit] = await context.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'question.handed_over'), eq(auditLog.targetId, question.id)));
      expect(audit?.details).toEqual({ from: 'billing', to: 'account_management' });
    });
  });

  describe('emails', () => {
    const delivered = async (questionId: string) => {
      await waitUntil('every email job ran', async () => (await mail.emailJobsLeft()) === 0);
      const parsed = await Promise.all(mail.smtp.received.map((received) => simpleParser(received.raw)));
      return parsed.filter((message) => (message.text ?? '').includes(questionId));
    };
    const recipientsOf = (message: Awaited<ReturnType<typeof simpleParser>>) =>
      (Array.isArray(message.to) ? message.to : [message.to]).flatMap(
        (to) => to?.value.map((address) => address.address) ?? [],
      );

    it('emails the asker and the main contact on each answer, nothing on internal staff actions', async () => {
      const question = await asked(people.administrative, { subject: 'Mailed question' });
      await staff(people.billing).answer(question.id, 'First answer');
      await staff(people.billing).answer(question.id, 'Second answer');
      await staff(people.billing).handOver(question.id, 'account_management');
      await staff(people.accountManager).close(question.id);
      const messages = await delivered(question.id);
      expect(messages).toHaveLength(4);
      expect(messages.flatMap(recipientsOf).sort()).toEqual(
        [
          people.administrative.email,
          people.administrative.email,
          people.main.email,
          people.main.email,
        ].sort(),
      );
      expect(
        messages.every((message) => message.subject === 'Answer to your question: Mailed question'),
      ).toBe(true);
      expect(messages.map((message) => message.text).join('\n')).toContain('> Second answer');
      expect(messages[0]?.text).toContain(`https://portals.example/subscriber/questions/${question.id}`);
    });

    it('sends the main contact one email when the main contact asked', async () => {
      const question = await asked(people.main);
      await staff(people.admin).answer(question.id);
      const messages = await delivered(question.id);
      expect(messages.map(recipientsOf)).toEqual([[people.main.email]]);
    });
  });

  describe('inboxes', () => {
    it('counts per team the caller serves; admin sees every team', async () => {
      const counts = QuestionCounts.parse(
        (await context.as(people.billing).get('/v1/staff/questions/counts')).json(),
      );
      expect(counts.teams.map((team) => team.team)).toEqual(['billing']);
      const all = QuestionCounts.parse(
        (await context.as(people.admin).get('/v1/staff/questions/counts')).json(),
      );
      expect(all.teams.map((team) => team.team)).toEqual([
        'account_management',
        'partner_management',
        'billing',
      ]);
      const manager = QuestionCounts.parse(
        (await context.as(people.accountManager).get('/v1/staff/questions/counts')).json(),
      );
      expect(manager.teams.map((team) => team.team)).toEqual(['account_management', 'partner_management']);
      const before = all.teams.find((team) => team.team === 'partner_management');
      const question = await asked(people.main, { topic: 'partner_programs' });
      const afterAsk = QuestionCounts.parse(
        (await context.as(people.admin).get('/v1/staff/questions/counts')).json(),
      );
      expect(afterAsk.teams.find((team) => team.team === 'partner_management')).toEqual({
        ...before,
        open: (before?.open ?? 0) + 1,
      });
      await staff(people.accountManager).answer(question.id);
      const afterAnswer = QuestionCounts.parse(
        (await context.as(people.admin).get('/v1/staff/questions/counts')).json(),
      );
      expect(afterAnswer.teams.find((team) => team.team === 'partner_management')).toEqual({
        ...before,
        answered: (before?.answered ?? 0) + 1,
      });
      expect((await context.as(people.agent).get('/v1/staff/questions/counts')).statusCode).toBe(403);
    });

    it('filters by status, team and organization', async () => {
      const open = QuestionPage.parse(
        (await context.as(people.admin).get('/v1/staff/questions?status=open&team=billing&limit=100')).json(),
      );
      expect(open.items.length).toBeGreaterThan(0);
      expect(open.items.every((item) => item.status === 'open' && item.team === 'billing')).toBe(true);
      await asked(people.otherMain, { subject: 'From the other one' });
      const other = QuestionPage.parse(
        (
          await context.as(people.billing).get(`/v1/staff/questions?organizationId=${otherOrganizationId}`)
        ).json(),
      );
      expect(other.items.map((item) => item.subject)).toEqual(['From the other one']);
      const mine = QuestionPage.parse(
        (await context.as(people.main).get('/v1/questions?status=closed&limit=100')).json(),
      );
      expect(mine.items.every((item) => item.status === 'closed')).toBe(true);
    });

    it('pages with a cursor, each question once: newest first for contacts, oldest first for staff', async () => {
      const organization = await context.factories.organization({ name: 'Paged Ltd' });
      const main = await context.factories.contact({ organizationId: organization, roles: ['main'] });
      const ids: string[] = [];
      for (let index = 0; index < 5; index += 1)
        ids.push((await asked(main, { subject: `Paged ${index}` })).id);
      const walk = async (as: TestUser, path: string) => {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page = QuestionPage.parse(
            (await context.as(as).get(`${path}limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json(),
          );
          expect(page.items.length).toBeLessThanOrEqual(2);
          seen.push(...page.items.map((item) => item.id));
          cursor = page.nextCursor;
        } while (cursor);
        return seen;
      };
      expect(await walk(main, '/v1/questions?')).toEqual([...ids].reverse());
      expect(await walk(people.billing, `/v1/staff/questions?organizationId=${organization}&`)).toEqual(ids);
      const badCursor = await context.as(main).get('/v1/questions?cursor=nonsense');
      expect(badCursor.statusCode).toBe(400);
    });
  });
});
