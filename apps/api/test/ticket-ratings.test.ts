import { Problem, Ticket, TicketRating, TicketRatingByLinkResult, TicketRatingReport } from '@portals/domain';
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { emailOutbox, oneTimeTokens, ticketRatings, tickets } from '../src/db/schema/index';
import { hashSecretToken, newSecretToken } from '../src/lib/secret-tokens';
import type { TestUser } from './fixtures';
import { useMailDelivery } from './mail-delivery';
import { testConfig, useTestApp } from './test-app';
import { createTicket } from './ticket-fixtures';
import { waitUntil } from './wait-until';

const config = testConfig({ PUBLIC_URL: 'https://portals.example' });

describe('ticket ratings', () => {
  const context = useTestApp({ config });
  let organizationId: string;
  let main: TestUser;
  let requester: TestUser;
  let copied: TestUser;
  let otherOrganizationsTechnical: TestUser;
  let agent: TestUser;
  let billing: TestUser;

  beforeAll(async () => {
    const { factories } = context;
    organizationId = await factories.organization({ tier: 'premium' });
    main = await factories.contact({ organizationId, roles: ['main'] });
    requester = await factories.contact({ organizationId, roles: ['technical'] });
    copied = await factories.contact({ organizationId, roles: ['technical'] });
    otherOrganizationsTechnical = await factories.contact({
      organizationId: await factories.organization({ tier: 'premium' }),
      roles: ['technical'],
    });
    agent = await factories.staff({ roles: ['support_agent'] });
    billing = await factories.staff({ roles: ['billing'] });
  });

  const db = () => context.database.db;

  /** A ticket of `requester`, copying `copied`, in `status`. */
  const ticketIn = async (status: 'open' | 'solved' | 'closed' = 'solved') => {
    const ticket = await createTicket(context.database, {
      organizationId,
      requesterUserId: requester.id,
      ccUserIds: [copied.id],
    });
    await db()
      .update(tickets)
      .set({ status, solvedAt: status === 'open' ? null : new Date() })
      .where(eq(tickets.id, ticket.id));
    return ticket;
  };
  const rate = (person: TestUser, ticketId: string, body: object) =>
    context.as(person).put(`/v1/tickets/${ticketId}/rating`, body);
  const ratingRows = (ticketId: string) =>
    db().select().from(ticketRatings).where(eq(ticketRatings.ticketId, ticketId));
  const ratingShownTo = async (person: TestUser, ticketId: string) => {
    const response = await context.as(person).get(`/v1/tickets/${ticketId}`);
    expect(response.statusCode).toBe(200);
    return Ticket.parse(response.json()).rating;
  };
  const rateByLink = (body: object) =>
    context.app.inject({ method: 'POST', url: '/v1/ticket-ratings/by-link', payload: body });
  /** A rating link stored as the "solved" email stores it, for `ticketId`'s requester. */
  const storedRatingLink = async (ticketId: string, expiresAt = new Date(Date.now() + 86_400_000)) => {
    const token = newSecretToken();
    await db()
      .insert(oneTimeTokens)
      .values({
        userId: requester.id,
        organizationId,
        purpose: 'ticket_rating',
        ticketId,
        tokenHash: hashSecretToken(token),
        expiresAt,
      });
    return token;
  };

  describe('refusals', () => {
    it("answers 404 for another organization's ticket, as if it did not exist, and writes nothing", async () => {
      const ticket = await ticketIn('solved');
      const response = await rate(otherOrganizationsTechnical, ticket.id, { rating: 'bad' });
      expect(response.statusCode).toBe(404);
      expect(await ratingRows(ticket.id)).toEqual([]);
    });

    it('refuses a rating by anyone but the requester: a copied colleague, the main contact, staff', async () => {
      const ticket = await ticketIn('solved');
      for (const person of [copied, main]) {
        const response = await rate(person, ticket.id, { rating: 'bad', comment: 'Not my ticket' });
        expect(response.statusCode, person.email).toBe(403);
        expect(Problem.parse(response.json()).detail).toBe(
          'Only the person who requested this ticket can rate it',
        );
      }
      // Staff do not hold the permission at all.
      expect((await rate(agent, ticket.id, { rating: 'good' })).statusCode).toBe(403);
      expect(await ratingRows(ticket.id)).toEqual([]);
    });

    it('refuses a rating before the ticket is solved with 409, and writes nothing', async () => {
      const ticket = await ticketIn('open');
      const response = await rate(requester, ticket.id, { rating: 'good' });
      expect(response.statusCode).toBe(409);
      expect(Problem.parse(response.json()).detail).toBe(
        `Ticket #${ticket.number} can be rated once it is solved`,
      );
      expect(await ratingRows(ticket.id)).toEqual([]);
    });

    it('refuses hostile input: an unknown rating, a comment too long or with NUL, a malformed id', async () => {
      const ticket = await ticketIn('solved');
      for (const body of [
        { rating: 'excellent' },
        { rating: 'good', comment: 'x'.repeat(2001) },
        { rating: 'good', comment: 'before\u0000after' },
        {},
      ]) {
        const response = await rate(requester, ticket.id, body);
        expect(response.statusCode, JSON.stringify(body).slice(0, 40)).toBe(400);
        expect(Problem.parse(response.json()).code).toBe('validation_failed');
      }
      expect((await rate(requester, 'not-a-ticket', { rating: 'good' })).statusCode).toBe(400);
      expect(await ratingRows(ticket.id)).toEqual([]);
    });

    it("refuses an API token whose scopes leave out answering tickets, though it is the requester's", async () => {
      const ticket = await ticketIn('solved');
      const { token } = await context.factories.apiToken(requester, { scopes: ['ticket:read:own'] });
      const response = await context.asToken(token).put(`/v1/tickets/${ticket.id}/rating`, { rating: 'bad' });
      expect(response.statusCode).toBe(403);
      expect(await ratingRows(ticket.id)).toEqual([]);
    });
  });

  it('lets the requester rate a solved ticket from the portal and change it: one rating per ticket', async () => {
    const ticket = await ticketIn('solved');
    const first = await rate(requester, ticket.id, { rating: 'bad', comment: '  ' });
    expect(first.statusCode).toBe(200);
    expect(TicketRating.parse(first.json())).toMatchObject({
      rating: 'bad',
      comment: null,
      ratedBy: { id: requester.id },
    });

    await db()
      .update(tickets)
      .set({ status: 'closed', closedAt: new Date() })
      .where(eq(tickets.id, ticket.id));
    const changed = await rate(requester, ticket.id, { rating: 'good', comment: 'Fixed after all, thanks' });
    expect(changed.statusCode).toBe(200);
    expect(await ratingRows(ticket.id)).toMatchObject([
      { rating: 'good', comment: 'Fixed after all, thanks', raterUserId: requester.id },
    ]);
  });

  it('shows the rating to staff and to the requester, never to another contact who sees the ticket', async () => {
    const ticket = await ticketIn('solved');
    expect((await rate(requester, ticket.id, { rating: 'good', comment: 'Quick answer' })).statusCode).toBe(
      200,
    );

    for (const person of [requester, agent]) {
      expect(await ratingShownTo(person, ticket.id), person.email).toMatchObject({
        rating: 'good',
        comment: 'Quick answer',
        ratedBy: { id: requester.id },
      });
    }
    // The main contact and a copied colleague read the ticket, not the requester's opinion of it.
    expect(await ratingShownTo(main, ticket.id)).toBeNull();
    expect(await ratingShownTo(copied, ticket.id)).toBeNull();
  });

  describe('the link of the "solved" email', () => {
    const mail = useMailDelivery(
      () => context.database,
      () => config,
    );

    /** Solves the ticket as its agent would, and answers the solved emails' text by recipient once delivered. */
    const solveAndReadEmails = async (ticketId: string) => {
      const before = mail.smtp.received.length;
      const solved = await context.as(agent).post(`/v1/tickets/${ticketId}/status`, { status: 'solved' });
      expect(solved.statusCode).toBe(204);
      await waitUntil('the solved emails were delivered', async () => (await mail.emailJobsLeft()) === 0);
      const delivered = mail.smtp.received.slice(before).flatMap((sent) => sent.to);
      const outbox = await db()
        .select({ to: emailOutbox.toAddresses, text: emailOutbox.textBody })
        .from(emailOutbox)
        .where(sql`${emailOutbox.subject} like ${'%Solved:%'}`);
      const textTo = (person: TestUser) =>
        outbox
          .filter((mail) => mail.to.includes(person.email) && mail.text.includes(ticketId))
          .map((mail) => mail.text)
          .at(-1) ?? '';
      return { delivered, textTo };
    };
    const linkIn = (text: string) => /https:\/\/portals\.example\/support\/rate\?token=([\w-]+)/.exec(text);

    it('rates once from the requester’s link, without signing in; the link then answers a clear problem', async () => {
      const ticket = await ticketIn('open');
      const { delivered, textTo } = await solveAndReadEmails(ticket.id);
      expect(delivered.sort()).toEqual([requester.email, copied.email].sort());
      const link = linkIn(textTo(requester));
      expect(link, 'a rating link in the requester’s email').not.toBeNull();
      // A copied colleague is told it is solved, but only the requester is asked to rate it.
      expect(textTo(copied)).toContain(`tickets/${ticket.id}`);
      expect(linkIn(textTo(copied))).toBeNull();

      const token = link?.[1] ?? '';
      const used = await rateByLink({ token, rating: 'good', comment: 'Thanks!' });
      expect(used.statusCode).toBe(200);
      expect(TicketRatingByLinkResult.parse(used.json())).toEqual({
        ticketId: ticket.id,
        ticketNumber: ticket.number,
        rating: 'good',
      });
      expect(await ratingShownTo(requester, ticket.id)).toMatchObject({ rating: 'good', comment: 'Thanks!' });

      const again = await rateByLink({ token, rating: 'bad' });
      expect(again.statusCode).toBe(400);
      expect(again.headers['content-type']).toContain('application/problem+json');
      expect(Problem.parse(again.json())).toMatchObject({
        code: 'bad_request',
        detail:
          'This rating link has expired or was already used: you can still rate the ticket from its page in the Support Portal',
      });
      expect(await ratingRows(ticket.id)).toMatchObject([{ rating: 'good' }]);
    });
  });

  it('refuses an expired link and an unknown one alike', async () => {
    const ticket = await ticketIn('solved');
    const expired = await storedRatingLink(ticket.id, new Date(Date.now() - 1000));
    const answers = [
      await rateByLink({ token: expired, rating: 'bad' }),
      await rateByLink({ token: newSecretToken(), rating: 'bad' }),
    ];
    for (const answer of answers) {
      expect(answer.statusCode).toBe(400);
      expect(Problem.parse(answer.json()).detail).toMatch(
        /^This rating link has expired or was already used/,
      );
    }
    expect(await ratingRows(ticket.id)).toEqual([]);
  });

  it('keeps a link unused when the ticket was reopened since, and refuses it with 409', async () => {
    const ticket = await ticketIn('open');
    const token = await storedRatingLink(ticket.id);
    const response = await rateByLink({ token, rating: 'bad' });
    expect(response.statusCode).toBe(409);
    const [row] = await db()
      .select({ usedAt: oneTimeTokens.usedAt })
      .from(oneTimeTokens)
      .where(eq(oneTimeTokens.tokenHash, hashSecretToken(token)));
    expect(row?.usedAt).toBeNull();
  });

  it('does not rate with a password reset link, nor set a password with a rating link', async () => {
    const ticket = await ticketIn('solved');
    const resetToken = newSecretToken();
    await db()
      .insert(oneTimeTokens)
      .values({
        userId: requester.id,
        organizationId,
        purpose: 'password_reset',
        tokenHash: hashSecretToken(resetToken),
        expiresAt: new Date(Date.now() + 600_000),
      });
    expect((await rateByLink({ token: resetToken, rating: 'bad' })).statusCode).toBe(400);

    const ratingToken = await storedRatingLink(ticket.id);
    const setPassword = await context.app.inject({
      method: 'POST',
      url: '/v1/auth/set-password',
      payload: { token: ratingToken, password: 'an attacker chosen passphrase' },
    });
    expect(setPassword.statusCode).toBe(400);
    expect(setPassword.cookies).toEqual([]);
    // Both are still good where they belong.
    expect(await ratingRows(ticket.id)).toEqual([]);
    const unused = await db()
      .select({ usedAt: oneTimeTokens.usedAt })
      .from(oneTimeTokens)
      .where(
        and(
          eq(oneTimeTokens.userId, requester.id),
          sql`${oneTimeTokens.tokenHash} in (${hashSecretToken(resetToken)}, ${hashSecretToken(ratingToken)})`,
        ),
      );
    expect(unused).toEqual([{ usedAt: null }, { usedAt: null }]);
    expect((await rateByLink({ token: ratingToken, rating: 'good' })).statusCode).toBe(200);
  });

  describe('the staff report', () => {
    it('counts good and bad ratings per month and lists them, latest first', async () => {
      const rated = async (rating: 'good' | 'bad', ratedAt: string) => {
        const ticket = await ticketIn('closed');
        await db()
          .insert(ticketRatings)
          .values({
            ticketId: ticket.id,
            organizationId,
            raterUserId: requester.id,
            rating,
            ratedAt: new Date(ratedAt),
          });
        return ticket;
      };
      await rated('good', '2025-01-10T10:00:00Z');
      await rated('bad', '2025-01-31T23:30:00Z');
      await rated('good', '2025-03-01T00:00:00Z');
      const latest = await rated('bad', '2025-03-15T12:00:00Z');
      // Outside the period asked for.
      await rated('good', '2024-12-31T23:59:59Z');
      await rated('good', '2025-04-01T00:00:00Z');

      const response = await context.as(agent).get('/v1/staff/ticket-ratings?from=2025-01&to=2025-03');
      expect(response.statusCode).toBe(200);
      const report = TicketRatingReport.parse(response.json());
      expect(report.months).toEqual([
        { month: '2025-01', good: 1, bad: 1 },
        { month: '2025-03', good: 1, bad: 1 },
      ]);
      expect(report.items).toHaveLength(4);
      expect(report.items[0]).toMatchObject({
        ticketId: latest.id,
        ticketNumber: latest.number,
        rating: 'bad',
      });
    });

    it('is for staff who read tickets only, and refuses a period that ends before it starts', async () => {
      for (const person of [requester, main, billing]) {
        expect((await context.as(person).get('/v1/staff/ticket-ratings')).statusCode, person.email).toBe(403);
      }
      const backwards = await context.as(agent).get('/v1/staff/ticket-ratings?from=2025-05&to=2025-01');
      expect(backwards.statusCode).toBe(400);
      expect((await context.as(agent).get('/v1/staff/ticket-ratings?from=2025-13')).statusCode).toBe(400);
    });
  });
});
