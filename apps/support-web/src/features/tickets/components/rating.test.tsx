import type { Ticket, TicketRating } from '@portals/domain';
import {
  createTestSession,
  jsonResponse,
  problemResponse,
  renderPortal,
  type StubbedRequest,
  stubApi,
} from '@portals/web-ui/testing';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { portal } from '../../../app/portal';
import { mainMe, technicalMe, testEvents, testTicket, ticketId } from '../testing/ticket-fixtures';

const solved = (overrides: Partial<Ticket> = {}) =>
  testTicket({ status: 'solved', solvedAt: new Date(Date.now() - 86_400_000).toISOString(), ...overrides });

const ratingOf = (body: { rating: 'good' | 'bad'; comment?: string | null }): TicketRating => ({
  rating: body.rating,
  comment: body.comment ?? null,
  ratedBy: { id: technicalMe().id, name: 'Tom Technical' },
  ratedAt: '2026-12-01T10:00:00Z',
});

/** The ticket page's API; answers the ratings sent, and records them. */
const stubTicket = (ticket: Ticket) => {
  const sent: unknown[] = [];
  stubApi({
    [`GET /v1/tickets/${ticketId}`]: () => jsonResponse(ticket),
    [`GET /v1/tickets/${ticketId}/events`]: () => jsonResponse({ items: testEvents, nextCursor: null }),
    'GET /v1/contacts/colleagues': () => jsonResponse({ items: [] }),
    [`PUT /v1/tickets/${ticketId}/rating`]: (request: StubbedRequest) => {
      sent.push(request.body);
      return jsonResponse(ratingOf(request.body as { rating: 'good' | 'bad' }));
    },
  });
  return sent;
};

const openTicketAs = (me: ReturnType<typeof technicalMe>) =>
  renderPortal(portal, {
    basename: '/support',
    path: `/support/tickets/${ticketId}`,
    session: createTestSession(me),
  });

describe('rating a solved ticket', { timeout: 15_000 }, () => {
  it('asks its requester for good or bad before sending, then thanks them', async () => {
    const sent = stubTicket(solved());
    openTicketAs(technicalMe());
    const card = within(
      (await screen.findByRole('heading', { name: 'Rate the help you received' })).closest(
        'section',
      ) as HTMLElement,
    );
    fireEvent.click(card.getByRole('button', { name: 'Send my rating' }));
    expect(await card.findByText('Choose good or bad.')).toBeDefined();
    expect(sent).toEqual([]);

    fireEvent.click(card.getByRole('radio', { name: 'Bad, I was not helped' }));
    fireEvent.change(card.getByRole('textbox', { name: /Comment/ }), {
      target: { value: 'The workaround did not hold' },
    });
    fireEvent.click(card.getByRole('button', { name: 'Send my rating' }));
    expect(await screen.findByText('Thank you: you rated it “Bad, I was not helped”.')).toBeDefined();
    expect(sent).toEqual([{ rating: 'bad', comment: 'The workaround did not hold' }]);
  });

  it('shows the rating given and lets the requester change it', async () => {
    const sent = stubTicket(solved({ rating: ratingOf({ rating: 'good', comment: 'Fast' }) }));
    openTicketAs(technicalMe());
    expect(await screen.findByText(/You rated it/)).toBeDefined();
    expect((screen.getByRole('radio', { name: 'Good, I was helped' }) as HTMLInputElement).checked).toBe(
      true,
    );
    fireEvent.click(screen.getByRole('radio', { name: 'Bad, I was not helped' }));
    fireEvent.click(screen.getByRole('button', { name: 'Change my rating' }));
    await waitFor(() => expect(sent).toEqual([{ rating: 'bad', comment: 'Fast' }]));
  });

  it('asks nobody but the requester, and nobody before the ticket is solved', async () => {
    stubTicket(solved());
    openTicketAs(mainMe());
    expect(await screen.findByRole('button', { name: 'Reopen the ticket' })).toBeDefined();
    expect(screen.queryByRole('heading', { name: 'Rate the help you received' })).toBeNull();
    cleanup();

    stubTicket(testTicket({ status: 'open' }));
    openTicketAs(technicalMe());
    expect(await screen.findByRole('button', { name: 'Mark as solved' })).toBeDefined();
    expect(screen.queryByRole('heading', { name: 'Rate the help you received' })).toBeNull();
  });
});

describe("the solved email's rating link", { timeout: 15_000 }, () => {
  const openLink = (query: string) =>
    renderPortal(portal, { basename: '/support', path: `/support/rate${query}` });

  it('rates signed out, once, and says so; a used link gets a friendly explanation', async () => {
    const sent: unknown[] = [];
    stubApi({
      'POST /v1/ticket-ratings/by-link': (request) => {
        sent.push(request.body);
        return sent.length === 1
          ? jsonResponse({ ticketId, ticketNumber: 1042, rating: 'good' })
          : problemResponse(400, 'bad_request', 'This rating link has expired or was already used');
      },
    });
    openLink('?token=one-time-secret');
    fireEvent.click(await screen.findByRole('radio', { name: 'Good, I was helped' }));
    fireEvent.click(screen.getByRole('button', { name: 'Send my rating' }));
    expect(await screen.findByText('Thank you: you rated #1042 “Good, I was helped”.')).toBeDefined();
    expect(sent).toEqual([{ rating: 'good', comment: '', token: 'one-time-secret' }]);
    cleanup();

    openLink('?token=one-time-secret');
    fireEvent.click(await screen.findByRole('radio', { name: 'Bad, I was not helped' }));
    fireEvent.click(screen.getByRole('button', { name: 'Send my rating' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('This rating link has expired or was already used.');
    expect(within(alert).getByRole('link', { name: 'your tickets' })).toBeDefined();
  });

  it('explains a link without its token instead of showing a form', async () => {
    stubApi({});
    openLink('');
    expect((await screen.findByRole('alert')).textContent).toContain('This link is incomplete');
    expect(screen.queryByRole('button', { name: 'Send my rating' })).toBeNull();
  });
});
