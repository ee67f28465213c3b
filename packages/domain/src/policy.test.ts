import { describe, expect, it } from 'vitest';
import { contactRoles, staffRoles } from './enums';
import {
  type Actor,
  assertCan,
  can,
  canReadTicket,
  needsTwoFactor,
  type OwnedResource,
  type Permission,
  PermissionDeniedError,
  permissions,
  permissionsFor,
  type Role,
  ticketReadAudienceOf,
} from './policy';

const ownOrganization = { organizationId: '11111111-1111-4111-8111-111111111111' };
const otherOrganization = { organizationId: '22222222-2222-4222-8222-222222222222' };
const me = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const colleague = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';

const actorWith = (...roles: Role[]): Actor => {
  const staff = roles.some((role) => (staffRoles as readonly string[]).includes(role));
  return {
    userId: me,
    kind: staff ? 'staff' : 'contact',
    organizationId: staff ? null : ownOrganization.organizationId,
    contactRoles: staff ? [] : (roles as (typeof contactRoles)[number][]),
    staffRoles: staff ? (roles as (typeof staffRoles)[number][]) : [],
    tier: staff ? null : 'premium',
    twoFactorVerified: true,
    scopes: null,
  };
};

/** The rows a check can be made on, as a service loads them. */
const rows = {
  'their own row': { ...ownOrganization, ownerUserId: me },
  "a colleague's row": { ...ownOrganization, ownerUserId: colleague },
  "another organization's row": { ...otherOrganization, ownerUserId: colleague },
  'no row at all': undefined,
} satisfies Record<string, OwnedResource | undefined>;
type RowCase = keyof typeof rows;

/** On which rows the actor may do `permission`. */
const rowsAllowed = (actor: Actor, permission: Permission): RowCase[] =>
  (Object.keys(rows) as RowCase[]).filter((row) => can(actor, permission, rows[row]));

const allRows = Object.keys(rows) as RowCase[];

describe('what each role may do, on which rows', () => {
  const stories: [string, Role, Permission, RowCase[]][] = [
    // Contacts: their own organization only, and only once the row is loaded.
    [
      'a main contact manages the contacts of their organization',
      'main',
      'contact:manage:org',
      ['their own row', "a colleague's row"],
    ],
    [
      'an administrative contact sees the contacts but cannot change them',
      'administrative',
      'contact:manage:org',
      [],
    ],
    [
      'an administrative contact reads the contacts of their organization',
      'administrative',
      'contact:read:org',
      ['their own row', "a colleague's row"],
    ],
    ['a technical contact does not see the list of contacts', 'technical', 'contact:read:org', []],
    [
      "a technical contact reads their organization's subscriptions",
      'technical',
      'subscription:read:org',
      ['their own row', "a colleague's row"],
    ],
    [
      "a technical contact changes their own email preferences, never a colleague's",
      'technical',
      'email_preferences:manage:own',
      ['their own row'],
    ],
    [
      "a main contact changes their own email preferences, never a colleague's",
      'main',
      'email_preferences:manage:own',
      ['their own row'],
    ],
    [
      "a technical contact reads the tickets they requested, not a colleague's",
      'technical',
      'ticket:read:own',
      ['their own row'],
    ],
    [
      'a main contact reads every ticket of their organization',
      'main',
      'ticket:read:org',
      ['their own row', "a colleague's row"],
    ],
    ['only the main contact asks staff for a contact', 'administrative', 'contact_request:create:org', []],
    [
      'a main contact asks staff for a contact for their organization',
      'main',
      'contact_request:create:org',
      ['their own row', "a colleague's row"],
    ],
    [
      'a main contact switches ticket sharing of their organization',
      'main',
      'ticket_sharing:manage:org',
      ['their own row', "a colleague's row"],
    ],
    ['a technical contact cannot switch ticket sharing', 'technical', 'ticket_sharing:manage:org', []],
    [
      'a technical contact opens and answers their own tickets',
      'technical',
      'ticket:write:own',
      ['their own row'],
    ],
    ['a main contact opens and answers tickets as their own', 'main', 'ticket:write:own', ['their own row']],
    ['an administrative contact does not open tickets', 'administrative', 'ticket:write:own', []],
    ['no contact works tickets as staff do (internal notes, assignment)', 'main', 'ticket:work:any', []],
    ['no contact manages canned replies', 'main', 'canned_reply:manage:any', []],
    ['no contact reads the audit log', 'main', 'audit:read:any', []],
    ['no contact processes an Order Form', 'main', 'order_form:process:any', []],
    // Staff: across organizations, with or without a row; nothing of an organization's own.
    [
      "a support agent reads any organization's subscriptions",
      'support_agent',
      'subscription:read:any',
      allRows,
    ],
    [
      'a support agent reads contact requests but does not decide them',
      'support_agent',
      'contact_request:decide:any',
      [],
    ],
    ['an account manager decides contact requests', 'account_manager', 'contact_request:decide:any', allRows],
    [
      'an administrative contact notifies changes for their organization',
      'administrative',
      'change_request:create:org',
      ['their own row', "a colleague's row"],
    ],
    ['a technical contact notifies no changes', 'technical', 'change_request:create:org', []],
    ['a technical contact reads no change requests', 'technical', 'change_request:read:org', []],
    ['an account manager decides change requests', 'account_manager', 'change_request:decide:any', allRows],
    ['billing staff do not decide change requests', 'billing', 'change_request:decide:any', []],
    [
      'an administrative contact registers end users for their organization',
      'administrative',
      'end_user:register:org',
      ['their own row', "a colleague's row"],
    ],
    ['a technical contact registers no end users', 'technical', 'end_user:register:org', []],
    [
      'a main contact requests a partner level upgrade for their organization',
      'main',
      'partner_level:request:org',
      ['their own row', "a colleague's row"],
    ],
    [
      'an administrative contact requests no partner level upgrade',
      'administrative',
      'partner_level:request:org',
      [],
    ],
    ['a support agent does not read change requests', 'support_agent', 'change_request:read:any', []],
    ['an account manager processes Order Forms', 'account_manager', 'order_form:process:any', allRows],
    ['billing reads subscriptions but cannot change them', 'billing', 'subscription:manage:any', []],
    ['only an administrator reads the audit log', 'account_manager', 'audit:read:any', []],
    ['an administrator reads the audit log', 'admin', 'audit:read:any', allRows],
    [
      'staff hold no organization permission, not even on a row of no organization',
      'admin',
      'contact:manage:org',
      [],
    ],
    [
      'staff have no email preferences of their own to manage',
      'support_agent',
      'email_preferences:manage:own',
      [],
    ],
  ];
  for (const [story, role, permission, allowed] of stories) {
    it(story, () => {
      expect(rowsAllowed(actorWith(role), permission)).toEqual(allowed);
    });
  }

  it('refuses every organization or own permission checked without the row, for every role', () => {
    for (const role of [...contactRoles, ...staffRoles]) {
      const actor = actorWith(role);
      for (const permission of permissions.filter((held) => !held.endsWith(':any'))) {
        expect(can(actor, permission), `${role} ${permission}`).toBe(false);
        expect(() => assertCan(actor, permission)).toThrow(PermissionDeniedError);
      }
    }
  });

  it("never lets a contact act on another organization's row, whatever their roles", () => {
    const everything = actorWith(...contactRoles);
    for (const permission of permissions) {
      expect(can(everything, permission, rows["another organization's row"]), permission).toBe(false);
    }
  });

  it("an own permission is about the row's owner, not merely the organization", () => {
    const technical = actorWith('technical');
    expect(can(technical, 'ticket:read:own', { ...ownOrganization, ownerUserId: me })).toBe(true);
    expect(can(technical, 'ticket:read:own', { ...ownOrganization, ownerUserId: null })).toBe(false);
    expect(can(technical, 'ticket:read:own', ownOrganization)).toBe(false);
  });

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

describe('who works tickets on the vendor side', () => {
  it('lets support agents, account managers and admins work any ticket, billing none', () => {
    for (const role of ['support_agent', 'account_manager', 'admin'] as const) {
      expect(can(actorWith(role), 'ticket:work:any'), role).toBe(true);
    }
    expect(can(actorWith('billing'), 'ticket:work:any')).toBe(false);
  });

  it('lets support agents and admins manage canned replies, not account managers', () => {
    expect(can(actorWith('support_agent'), 'canned_reply:manage:any')).toBe(true);
    expect(can(actorWith('admin'), 'canned_reply:manage:any')).toBe(true);
    expect(can(actorWith('account_manager'), 'canned_reply:manage:any')).toBe(false);
  });

  it('withholds an administrator’s ticket work until two-factor sign-in', () => {
    expect(can({ ...actorWith('admin'), twoFactorVerified: false }, 'ticket:work:any')).toBe(false);
  });
});

describe('the ticket audience the database applies', () => {
  it('is every ticket for staff who read any, the organization for the main contact, own for a technical one', () => {
    expect(ticketReadAudienceOf(actorWith('support_agent'))).toBe('any');
    expect(ticketReadAudienceOf(actorWith('main'))).toBe('org');
    expect(ticketReadAudienceOf(actorWith('technical'))).toBe('own');
  });

  it('is none for people without ticket rights, and with no actor', () => {
    expect(ticketReadAudienceOf(actorWith('billing'))).toBe('none');
    expect(ticketReadAudienceOf(actorWith('administrative'))).toBe('none');
    expect(ticketReadAudienceOf(null)).toBe('none');
  });

  it("narrows to an API token's scopes", () => {
    expect(ticketReadAudienceOf({ ...actorWith('main'), scopes: ['ticket:read:own'] })).toBe('own');
    expect(ticketReadAudienceOf({ ...actorWith('main'), scopes: ['subscription:read:org'] })).toBe('none');
    expect(ticketReadAudienceOf({ ...actorWith('support_agent'), scopes: ['ticket:read:org'] })).toBe('none');
  });
});

describe('the support-side privacy rule', () => {
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
          const actor = actorWith(role);
          expect(canReadTicket(actor, ticket, { ticketSharing: sharing })).toBe(may);
        });
      }
    }
  }
});
