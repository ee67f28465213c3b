import { SignInResponse, TicketEvent, TicketPage } from '@portals/domain';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contractSerializerCompiler } from './response-serializer';

const serializerFor = (schema: z.ZodType, validate = false) =>
  contractSerializerCompiler({ validate })({
    schema,
    method: 'GET',
    url: '/test',
    httpStatus: '200',
  } as never);

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const at = '2026-12-02T10:00:00.000Z';
const person = (n: number) => ({
  id: id(n),
  name: `Person ${n}`,
  email: `p${n}@acme.example`,
  passwordHash: 'x',
});

const summary = (n: number) => ({
  id: id(n),
  number: 1000 + n,
  organizationId: id(90),
  organizationName: 'Acme',
  organizationTier: 'premium',
  subject: `Ticket ${n}`,
  status: 'open',
  severity: 2,
  requester: person(1),
  assignee: n % 2 === 0 ? null : person(2),
  productId: id(80),
  createdAt: at,
  lastActivityAt: at,
  sla: {
    owed: 'first_response',
    dueAt: at,
    warnAt: at,
    pausedAt: null,
    firstResponseDueAt: at,
    firstRespondedAt: null,
    nextResponseDueAt: null,
    clockState: 'running',
  },
  // What a repository row may carry besides the contract.
  sortKey: at,
  internalNotesCount: 3,
});

describe('the response serializer', () => {
  it('sends only the contract’s fields, at every depth (objects in arrays, nullable members)', () => {
    const page = { items: [summary(1), summary(2)], nextCursor: null, secret: 'no' };
    const sent = JSON.parse(serializerFor(TicketPage)(page)) as Record<string, unknown>;
    expect(sent).not.toHaveProperty('secret');
    const [first, second] = sent.items as Record<string, unknown>[];
    expect(first).not.toHaveProperty('sortKey');
    expect(first).not.toHaveProperty('internalNotesCount');
    expect(first?.requester).toEqual({ id: id(1), name: 'Person 1' });
    expect(first?.assignee).toEqual({ id: id(2), name: 'Person 2' });
    expect(second?.assignee).toBeNull();
  });

  it('answers exactly what encoding by the schema answers, for valid data', () => {
    const page = { items: [summary(1), summary(2)], nextCursor: 'abc' };
    expect(serializerFor(TicketPage)(page)).toBe(JSON.stringify(z.encode(TicketPage, page as never)));
    const events = [
      {
        id: 1,
        ticketId: id(1),
        actor: person(1),
        createdAt: at,
        kind: 'public_reply',
        visibility: 'public',
        body: 'Hi',
      },
      {
        id: 2,
        ticketId: id(1),
        actor: null,
        createdAt: at,
        kind: 'status_changed',
        visibility: 'public',
        data: { from: 'new', to: 'open', extra: 1 },
      },
    ];
    const schema = z.array(TicketEvent);
    expect(serializerFor(schema)(events)).toBe(JSON.stringify(z.encode(schema, events as never)));
  });

  it('shapes each member of a discriminated union by its own fields', () => {
    const note = {
      id: 3,
      ticketId: id(1),
      actor: person(2),
      createdAt: at,
      kind: 'internal_note',
      visibility: 'internal',
      body: 'Staff only',
      data: { leaked: true },
    };
    const sent = JSON.parse(serializerFor(TicketEvent)(note)) as Record<string, unknown>;
    // An internal note has no `data` in its contract: a stray one never leaves.
    expect(sent).not.toHaveProperty('data');
    expect(sent.body).toBe('Staff only');
  });

  it('leaves unions of objects to the schema, which strips them too', () => {
    const challenge = { twoFactorRequired: true, challengeToken: 'challenge', stray: 'no' };
    const sent = JSON.parse(serializerFor(SignInResponse)(challenge)) as Record<string, unknown>;
    expect(sent).toEqual({ twoFactorRequired: true, challengeToken: 'challenge' });
  });

  it('with validation on (the tests), refuses a response its schema refuses', () => {
    const broken = { items: [{ ...summary(1), id: 'not-a-uuid' }], nextCursor: null };
    expect(() => serializerFor(TicketPage, true)(broken)).toThrow(/doesn't match the schema/);
    expect(() => serializerFor(TicketPage, false)(broken)).not.toThrow();
  });
});
