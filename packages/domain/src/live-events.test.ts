import { describe, expect, it } from 'vitest';
import { staffRoles } from './enums';
import { type LiveEventAudience, liveEventReaches } from './live-events';
import { type Actor, canReadTicket, type Role, ticketReadAudienceOf } from './policy';
import { LiveTicketEvent } from './schemas/live-event';
import {
  describeTicketPrivacyCase,
  type TicketPrivacyCase,
  type TicketRelation,
  ticketPrivacyCases,
} from './testing/ticket-privacy-cases';

const ownOrganization = '11111111-1111-4111-8111-111111111111';
const otherOrganization = '22222222-2222-4222-8222-222222222222';
const me = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const colleague = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';

const actorWith = (role: Role): Actor => {
  const staff = (staffRoles as readonly string[]).includes(role);
  return {
    userId: me,
    kind: staff ? 'staff' : 'contact',
    organizationId: staff ? null : ownOrganization,
    contactRoles: staff ? [] : [role as Actor['contactRoles'][number]],
    staffRoles: staff ? [role as Actor['staffRoles'][number]] : [],
    tier: staff ? null : 'premium',
    twoFactorVerified: true,
    scopes: null,
  };
};

const audienceOf = (ticket: TicketRelation, entry: TicketPrivacyCase): LiveEventAudience => ({
  organizationId: ticket === "another organization's" ? otherOrganization : ownOrganization,
  visibility: entry.visibility,
  requesterId: ticket === 'requested by the reader' ? me : colleague,
  ccUserIds: ticket === 'copied to the reader' ? [me] : [],
  organizationSharesTickets: entry.sharing,
});

describe('which live events reach whom', () => {
  for (const entry of ticketPrivacyCases) {
    it(describeTicketPrivacyCase(entry), () => {
      const actor = actorWith(entry.reader);
      const reader = {
        userId: actor.userId,
        organizationId: actor.organizationId,
        ticketAudience: ticketReadAudienceOf(actor),
      };
      expect(liveEventReaches(reader, audienceOf(entry.ticket, entry))).toBe(entry.reaches);
    });
  }

  it('agrees with the read rule on every public event', () => {
    for (const entry of ticketPrivacyCases.filter((candidate) => candidate.visibility === 'public')) {
      const actor = actorWith(entry.reader);
      const audience = audienceOf(entry.ticket, entry);
      const reader = {
        userId: me,
        organizationId: actor.organizationId,
        ticketAudience: ticketReadAudienceOf(actor),
      };
      expect(liveEventReaches(reader, audience), describeTicketPrivacyCase(entry)).toBe(
        canReadTicket(
          actor,
          {
            organizationId: audience.organizationId,
            requesterId: audience.requesterId,
            ccUserIds: audience.ccUserIds,
          },
          { ticketSharing: entry.sharing },
        ),
      );
    }
  });

  it("narrows to an API token's scopes like every read", () => {
    const main = { ...actorWith('main'), scopes: ['ticket:read:own' as const] };
    const reader = {
      userId: me,
      organizationId: ownOrganization,
      ticketAudience: ticketReadAudienceOf(main),
    };
    const colleagues = audienceOf("a colleague's", {
      reader: 'main',
      ticket: "a colleague's",
      visibility: 'public',
      sharing: false,
      reaches: false,
    });
    expect(liveEventReaches(reader, colleagues)).toBe(false);
  });

  it('covers every reader, ticket, visibility and sharing case', () => {
    expect(ticketPrivacyCases.filter((entry) => entry.reader === 'technical')).toHaveLength(16);
    expect(ticketPrivacyCases.filter((entry) => entry.reader === 'support_agent')).toHaveLength(8);
    expect(
      ticketPrivacyCases.some(
        (entry) => entry.visibility === 'internal' && entry.reaches && entry.reader === 'main',
      ),
    ).toBe(false);
  });
});

describe('a live event message', () => {
  it('carries no body, even for an internal note', () => {
    const parsed = LiveTicketEvent.parse({
      id: 7,
      ticketId: '33333333-3333-4333-8333-333333333333',
      ticketNumber: 1042,
      kind: 'internal_note',
      visibility: 'internal',
      status: 'open',
      severity: 2,
      createdAt: '2026-12-02T10:00:00.000Z',
      body: 'The customer is on an unsupported version.',
    });
    expect(parsed).not.toHaveProperty('body');
  });
});
