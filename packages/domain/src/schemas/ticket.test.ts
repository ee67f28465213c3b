import { describe, expect, it } from 'vitest';
import {
  canTransition,
  TicketCreateRequest,
  TicketListQuery,
  type TicketStatus,
  ticketStatuses,
} from './ticket';

const day = 86_400_000;
const now = new Date('2026-12-02T12:00:00Z');

describe('ticket status transitions', () => {
  it('follows new → open ⇄ pending_customer ⇄ on_hold → solved → closed for staff', () => {
    expect(canTransition('new', 'open', 'staff')).toBe(true);
    expect(canTransition('open', 'pending_customer', 'staff')).toBe(true);
    expect(canTransition('pending_customer', 'open', 'staff')).toBe(true);
    expect(canTransition('pending_customer', 'on_hold', 'staff')).toBe(true);
    expect(canTransition('on_hold', 'pending_customer', 'staff')).toBe(true);
    expect(canTransition('open', 'on_hold', 'staff')).toBe(true);
    expect(canTransition('on_hold', 'open', 'staff')).toBe(true);
    expect(canTransition('on_hold', 'solved', 'staff')).toBe(true);
  });

  it('lets anyone solve a ticket that is not closed, and nobody leave closed', () => {
    for (const from of ticketStatuses.filter((status) => status !== 'solved' && status !== 'closed')) {
      expect(canTransition(from, 'solved', 'contact'), from).toBe(true);
      expect(canTransition(from, 'solved', 'staff'), from).toBe(true);
    }
    for (const to of ticketStatuses) {
      for (const by of ['contact', 'staff', 'system'] as const) {
        expect(canTransition('closed', to as TicketStatus, by), `closed → ${to} by ${by}`).toBe(false);
      }
    }
  });

  it('lets a contact reopen a solved ticket within 14 days only; staff at any time', () => {
    expect(
      canTransition('solved', 'open', 'contact', { solvedAt: new Date(now.getTime() - 13 * day), now }),
    ).toBe(true);
    expect(
      canTransition('solved', 'open', 'contact', { solvedAt: new Date(now.getTime() - 15 * day), now }),
    ).toBe(false);
    expect(canTransition('solved', 'open', 'contact')).toBe(false);
    expect(canTransition('solved', 'open', 'staff')).toBe(true);
  });

  it('closes solved tickets by the job only', () => {
    expect(canTransition('solved', 'closed', 'system')).toBe(true);
    expect(canTransition('solved', 'closed', 'staff')).toBe(false);
    expect(canTransition('solved', 'closed', 'contact')).toBe(false);
  });

  it('leaves waiting on the customer and on hold to staff; a contact’s reply reopens (system)', () => {
    expect(canTransition('open', 'pending_customer', 'contact')).toBe(false);
    expect(canTransition('open', 'on_hold', 'contact')).toBe(false);
    expect(canTransition('pending_customer', 'open', 'system')).toBe(true);
    expect(canTransition('new', 'closed', 'staff')).toBe(false);
  });
});

describe('ticket requests', () => {
  const valid = {
    subject: 'VMs stuck in PENDING',
    description: 'Since the upgrade to 6.10 no VM is scheduled.',
    productId: '11111111-1111-4111-8111-111111111111',
    severity: 2,
  };

  it('accepts a valid ticket and copies nobody by default', () => {
    expect(TicketCreateRequest.parse(valid).ccUserIds).toEqual([]);
  });

  it('refuses severity 5, an over-long subject, NUL characters and a blank description', () => {
    for (const bad of [
      { ...valid, severity: 5 },
      { ...valid, subject: 's'.repeat(201) },
      { ...valid, subject: 'a\u0000b' },
      { ...valid, description: '   ' },
      { ...valid, description: 'd'.repeat(100_001) },
    ]) {
      expect(TicketCreateRequest.safeParse(bad).success, JSON.stringify(bad).slice(0, 60)).toBe(false);
    }
  });

  it('reads status and severity filters from a repeated or comma-separated query string', () => {
    const query = TicketListQuery.parse({ status: 'open,pending_customer', severity: ['1', '2'] });
    expect(query.status).toEqual(['open', 'pending_customer']);
    expect(query.severity).toEqual([1, 2]);
    expect(query.limit).toBe(25);
    expect(TicketListQuery.safeParse({ limit: '101' }).success).toBe(false);
    expect(TicketListQuery.safeParse({ status: 'lost' }).success).toBe(false);
  });
});
