import type { Question } from '@portals/domain';
import {
  calledRoutes,
  createTestSession,
  jsonResponse,
  problemResponse,
  renderPortal,
  stubApi,
  testMe,
  testStaffMe,
} from '@portals/web-ui/testing';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { portal } from '../../../app/portal';
import { acme, invoice, invoiceId, technicalContact } from '../../../testing/invoices';

const mainContact = testMe({
  permissions: ['subscription:read:org', 'invoice:read:org', 'question:ask:org', 'question:read:org'],
});
const accountManager = testStaffMe({
  name: 'Max Manager',
  email: 'accounts@vendor.example',
  staffRoles: ['account_manager'],
  permissions: ['organization:read:any', 'question:read:any', 'question:answer:any'],
});
const questionId = '3f4a5b6c-7d8e-4f9a-8b0c-1d2e3f4a5b6c';

const question = (overrides: Partial<Question> = {}): Question => ({
  id: questionId,
  organization: acme,
  topic: 'invoicing_billing',
  team: 'billing',
  status: 'open',
  subject: 'Two lines?',
  askedBy: { id: mainContact.id, name: mainContact.name },
  invoice: { id: invoiceId, number: 'INV-2026-0001' },
  subscriptionId: null,
  createdAt: '2026-12-01T10:00:00Z',
  updatedAt: '2026-12-01T10:00:00Z',
  closedAt: null,
  entries: [
    {
      id: '4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c7d',
      kind: 'message',
      author: { id: mainContact.id, name: mainContact.name },
      fromStaff: false,
      body: 'Why two lines?',
      team: null,
      createdAt: '2026-12-01T10:00:00Z',
    },
  ],
  ...overrides,
});

const open = (path: string, me = mainContact) =>
  renderPortal(portal, {
    basename: '/subscriber',
    path: `/subscriber${path}`,
    session: createTestSession(me),
  });

describe("a contact's questions", () => {
  it('is neither listed nor open to a technical contact', async () => {
    const fetchMock = stubApi({});
    open('/questions', technicalContact);
    expect(
      await screen.findByRole('heading', { level: 1, name: 'This page is not available to you' }),
    ).toBeDefined();
    const navigation = within(screen.getByRole('navigation', { name: 'Main' }));
    expect(navigation.queryByRole('link', { name: 'Questions' })).toBeNull();
    expect(calledRoutes(fetchMock)).not.toContain('GET /v1/questions');
  });

  it('shows an empty list with what can be asked', async () => {
    stubApi({ 'GET /v1/questions': () => jsonResponse({ items: [], nextCursor: null }) });
    open('/questions');
    expect(await screen.findByText(/Your organization has asked no questions yet/)).toBeDefined();
    expect(screen.getByRole('link', { name: 'Ask a question' }).getAttribute('href')).toBe(
      '/subscriber/questions/new',
    );
  });

  it('offers the question from the invoice page, and sends it about that invoice', async () => {
    const sent: unknown[] = [];
    stubApi({
      'GET /v1/invoices/0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f': () => jsonResponse(invoice()),
      'GET /v1/invoices': () => jsonResponse({ items: [invoice()], nextCursor: null, totals: [] }),
      'GET /v1/subscriptions': () => jsonResponse({ items: [], nextCursor: null }),
      'POST /v1/questions': ({ body }) => {
        sent.push(body);
        return jsonResponse(question(), { status: 201 });
      },
      [`GET /v1/questions/${questionId}`]: () => jsonResponse(question()),
    });
    open(`/invoices/${invoiceId}`);
    const link = await screen.findByRole('link', { name: 'Ask a question about this invoice' });
    expect(link.getAttribute('href')).toBe(`/subscriber/questions/new?invoiceId=${invoiceId}`);
    fireEvent.click(link);
    await screen.findByRole('heading', { level: 1, name: 'Ask a question' });
    expect((screen.getByLabelText('Topic') as HTMLSelectElement).value).toBe('invoicing_billing');
    await waitFor(() =>
      expect((screen.getByLabelText('About the invoice') as HTMLSelectElement).value).toBe(invoiceId),
    );
    fireEvent.change(screen.getByLabelText('Subject'), { target: { value: 'Two lines?' } });
    fireEvent.change(screen.getByLabelText('Your question'), { target: { value: 'Why two lines?' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send the question' }));
    await screen.findByRole('heading', { level: 1, name: 'Two lines?' });
    expect(sent).toEqual([
      { topic: 'invoicing_billing', subject: 'Two lines?', body: 'Why two lines?', invoiceId },
    ]);
  });

  it('shows a closed question without the follow-up form', async () => {
    stubApi({
      [`GET /v1/questions/${questionId}`]: () =>
        jsonResponse(question({ status: 'closed', closedAt: '2026-12-02T10:00:00Z' })),
    });
    open(`/questions/${questionId}`);
    expect(
      await screen.findByText('This question is closed. Have something more? Ask a new question.'),
    ).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Send the message' })).toBeNull();
  });

  it('shows the API refusal of a follow-up', async () => {
    stubApi({
      [`GET /v1/questions/${questionId}`]: () => jsonResponse(question()),
      [`POST /v1/questions/${questionId}/messages`]: () =>
        problemResponse(409, 'conflict', 'This question is closed: ask a new question instead'),
    });
    open(`/questions/${questionId}`);
    fireEvent.change(await screen.findByLabelText('Your message'), { target: { value: 'Hello?' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send the message' }));
    expect(await screen.findByText(/This question is closed: ask a new question instead/)).toBeDefined();
  });
});

describe("staff's questions", () => {
  it("lists the inbox with the teams' counts, and closes a question after confirming", async () => {
    const calls: string[] = [];
    stubApi({
      'GET /v1/staff/questions/counts': () =>
        jsonResponse({
          teams: [
            { team: 'account_management', open: 2, answered: 1, closed: 0 },
            { team: 'partner_management', open: 0, answered: 0, closed: 3 },
          ],
        }),
      'GET /v1/staff/questions': ({ url }) => {
        calls.push(url.search);
        return jsonResponse({
          items: [question({ team: 'account_management', topic: 'services', invoice: null })],
          nextCursor: null,
        });
      },
      [`GET /v1/staff/questions/${questionId}`]: () =>
        jsonResponse(question({ team: 'account_management', topic: 'services', invoice: null })),
      [`POST /v1/staff/questions/${questionId}/close`]: () =>
        jsonResponse(
          question({ team: 'account_management', status: 'closed', closedAt: '2026-12-02T10:00:00Z' }),
        ),
    });
    open('/back-office/questions', accountManager);
    const counts = within(await screen.findByRole('list', { name: 'Questions per team' }));
    expect(counts.getAllByRole('heading').map((heading) => heading.textContent)).toEqual([
      'Account management',
      'Partner management',
    ]);
    fireEvent.click(counts.getByRole('button', { name: '2 open' }));
    await waitFor(() => expect(calls.at(-1)).toBe('?team=account_management&status=open'));
    const navigation = within(screen.getByRole('navigation', { name: 'Main' }));
    expect(navigation.getByRole('link', { name: /^Questions/ }).textContent).toContain('2');

    fireEvent.click(await screen.findByRole('link', { name: 'Two lines?' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Close the question' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Close this question?' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Close the question' }));
    expect(await screen.findByText('The question is closed.')).toBeDefined();
  });
});
