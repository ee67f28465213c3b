import { describe, expect, it } from 'vitest';
import { contactRoles, staffRoles } from './enums';
import {
  type Actor,
  assertCan,
  can,
  canReadTicket,
  needsTwoFactor,
  type Permission,
  PermissionDeniedError,
  permissions,
  permissionsFor,
  type Role,
} from './policy';

const ownOrganization = { organizationId: '11111111-1111-4111-8111-111111111111' };
const otherOrganization = { organizationId: '22222222-2222-4222-8222-222222222222' };

const actorWith = (role: Role): Actor =>
  (contactRoles as readonly string[]).includes(role)
    ? {
        userId: 'u',
        kind: 'contact',
        organizationId: ownOrganization.organizationId,
        contactRoles: [role as (typeof contactRoles)[number]],
        staffRoles: [],
        tier: 'premium',
        twoFactorVerified: true,
        scopes: null,
      }
    : {
        userId: 'u',
        kind: 'staff',
        organizationId: null,
        contactRoles: [],
        staffRoles: [role as (typeof staffRoles)[number]],
        tier: null,
        twoFactorVerified: true,
        scopes: null,
      };

/** The expected answer for each role and permission; `org` means: own organization only. */
const expected: Record<Role, Partial<Record<Permission, 'org' | 'any'>>> = {
  main: {
    'subscription:read:org': 'org',
    'organization:read:org': 'org',
    'ticket:read:own': 'org',
    'ticket:read:org': 'org',
    'ticket_sharing:manage:org': 'org',
    'contact:read:org': 'org',
    'contact:manage:org': 'org',
    'contact_request:create:org': 'org',
    'partner_end_users:read:org': 'org',
    'email_preferences:manage:own': 'org',
  },
  administrative: {
    'subscription:read:org': 'org',
    'organization:read:org': 'org',
    'contact:read:org': 'org',
    'email_preferences:manage:own': 'org',
  },
  technical: {
    'subscription:read:org': 'org',
    'organization:read:org': 'org',
    'ticket:read:own': 'org',
    'email_preferences:manage:own': 'org',
  },
  support_agent: {
    'subscription:read:any': 'any',
    'organization:read:any': 'any',
    'ticket:read:any': 'any',
    'contact_request:read:any': 'any',
  },
  billing: { 'subscription:read:any': 'any', 'organization:read:any': 'any' },
  account_manager: {
    'subscription:read:any': 'any',
    'organization:read:any': 'any',
    'order_form:process:any': 'any',
    'ticket:read:any': 'any',
    'contact_request:read:any': 'any',
    'contact_request:decide:any': 'any',
    'subscription:manage:any': 'any',
  },
  admin: {
    'subscription:read:any': 'any',
    'organization:read:any': 'any',
    'audit:read:any': 'any',
    'order_form:process:any': 'any',
    'ticket:read:any': 'any',
    'contact_request:read:any': 'any',
    'contact_request:decide:any': 'any',
    'subscription:manage:any': 'any',
  },
};

describe('permission rules', () => {
  const roles: Role[] = [...contactRoles, ...staffRoles];
  for (const role of roles) {
    for (const permission of permissions) {
      const scope = expected[role][permission];
      it(`${role} ${scope ? 'may' : 'may not'} ${permission} in its own organization`, () => {
        expect(can(actorWith(role), permission, ownOrganization)).toBe(scope !== undefined);
      });
      it(`${role} ${scope === 'any' ? 'may' : 'may not'} ${permission} in another organization`, () => {
        expect(can(actorWith(role), permission, otherOrganization)).toBe(scope === 'any');
      });
    }
  }

  it("withholds an administrator's rights until the session passed two-factor sign-in", () => {
    const unverified = { ...actorWith('admin'), twoFactorVerified: false };
    expect(can(unverified, 'audit:read:any')).toBe(false);
    expect(needsTwoFactor(unverified)).toBe(true);
    expect(needsTwoFactor(actorWith('admin'))).toBe(false);
    expect(can({ ...actorWith('support_agent'), twoFactorVerified: false }, 'subscription:read:any')).toBe(
      true,
    );
  });

  it("limits an API token to its scopes, within its owner's rights", () => {
    const token = { ...actorWith('main'), scopes: ['subscription:read:org', 'audit:read:any'] as const };
    expect(can(token, 'subscription:read:org', ownOrganization)).toBe(true);
    expect(can(token, 'audit:read:any')).toBe(false);
    expect(can({ ...token, scopes: [] }, 'subscription:read:org', ownOrganization)).toBe(false);
  });

  it("lists partner-only permissions to a partner organization's contacts only", () => {
    expect(permissionsFor(actorWith('main'), 'partner')).toContain('partner_end_users:read:org');
    expect(permissionsFor(actorWith('main'), 'customer')).not.toContain('partner_end_users:read:org');
    expect(permissionsFor(actorWith('main'), 'customer')).toContain('contact:manage:org');
  });

  it('assertCan throws a PermissionDeniedError naming the missing permission', () => {
    expect(() => assertCan(actorWith('technical'), 'audit:read:any')).toThrow(PermissionDeniedError);
    expect(() => assertCan(actorWith('technical'), 'audit:read:any')).toThrow('audit:read:any');
  });
});

describe('the support-side privacy rule', () => {
  const me = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
  const colleague = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
  const tickets = {
    'their own ticket': { ...ownOrganization, requesterId: me, ccUserIds: [] },
    'a ticket they are copied on': { ...ownOrganization, requesterId: colleague, ccUserIds: [me] },
    "a colleague's ticket": { ...ownOrganization, requesterId: colleague, ccUserIds: [] },
    "another organization's ticket": { ...otherOrganization, requesterId: colleague, ccUserIds: [me] },
  };
  type TicketCase = keyof typeof tickets;
  /** For each role: which tickets it reads without sharing, and with organization-wide sharing on. */
  const visible: Record<Role, { sharingOff: TicketCase[]; sharingOn: TicketCase[] }> = {
    technical: {
      sharingOff: ['their own ticket', 'a ticket they are copied on'],
      sharingOn: ['their own ticket', 'a ticket they are copied on', "a colleague's ticket"],
    },
    main: {
      sharingOff: ['their own ticket', 'a ticket they are copied on', "a colleague's ticket"],
      sharingOn: ['their own ticket', 'a ticket they are copied on', "a colleague's ticket"],
    },
    administrative: { sharingOff: [], sharingOn: [] },
    support_agent: {
      sharingOff: Object.keys(tickets) as TicketCase[],
      sharingOn: Object.keys(tickets) as TicketCase[],
    },
    account_manager: {
      sharingOff: Object.keys(tickets) as TicketCase[],
      sharingOn: Object.keys(tickets) as TicketCase[],
    },
    admin: {
      sharingOff: Object.keys(tickets) as TicketCase[],
      sharingOn: Object.keys(tickets) as TicketCase[],
    },
    billing: { sharingOff: [], sharingOn: [] },
  };
  for (const [role, expectation] of Object.entries(visible) as [Role, (typeof visible)[Role]][]) {
    for (const [sharing, readable] of [
      [false, expectation.sharingOff],
      [true, expectation.sharingOn],
    ] as const) {
      for (const [name, ticket] of Object.entries(tickets) as [TicketCase, (typeof tickets)[TicketCase]][]) {
        const may = readable.includes(name);
        it(`${role} ${may ? 'reads' : 'does not read'} ${name} with sharing ${sharing ? 'on' : 'off'}`, () => {
          const actor = { ...actorWith(role), userId: me };
          expect(canReadTicket(actor, ticket, { ticketSharing: sharing })).toBe(may);
        });
      }
    }
  }
});
