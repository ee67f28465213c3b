import {
  type ContactRole,
  type OrganizationKind,
  type StaffRole,
  type SubscriptionTier,
  staffRoles,
  type UserKind,
} from './enums';

/**
 * Who may do what: permissions are data, checks are pure functions.
 * A permission ending in `:org` applies only to the actor's own organization, `:own` to what is theirs in it;
 * `:any` is a staff permission across organizations.
 */
export const permissions = [
  'subscription:read:org',
  'subscription:read:any',
  'organization:read:any',
  'audit:read:any',
  'order_form:process:any',
  'organization:read:org',
  'ticket:read:own',
  'ticket:read:org',
  'ticket:read:any',
  'ticket:write:own',
  'ticket:work:any',
  'canned_reply:manage:any',
  'ticket_sharing:manage:org',
  'contact:read:org',
  'contact:manage:org',
  'contact_request:create:org',
  'contact_request:read:any',
  'contact_request:decide:any',
  'subscription:manage:any',
  'partner_end_users:read:org',
  'email_preferences:manage:own',
  'alert:publish:any',
  'invoice:read:org',
  'invoice:read:any',
  'invoice:manage:any',
  'question:ask:org',
  'question:read:org',
  'question:read:any',
  'question:answer:any',
  'change_request:create:org',
  'change_request:read:org',
  'change_request:read:any',
  'change_request:decide:any',
  'end_user:register:org',
  'partner_level:request:org',
  'webhook:manage:org',
  'webhook:manage:any',
] as const;
export type Permission = (typeof permissions)[number];

export type Role = ContactRole | StaffRole;

/** Adding a role to the enums without mapping it here fails to compile. */
export const permissionsByRole: Record<Role, readonly Permission[]> = {
  main: [
    'subscription:read:org',
    'organization:read:org',
    'ticket:read:own',
    'ticket:read:org',
    'ticket:write:own',
    'ticket_sharing:manage:org',
    'contact:read:org',
    'contact:manage:org',
    'contact_request:create:org',
    'partner_end_users:read:org',
    'email_preferences:manage:own',
    'invoice:read:org',
    'question:ask:org',
    'question:read:org',
    'change_request:create:org',
    'change_request:read:org',
    'end_user:register:org',
    'partner_level:request:org',
    'webhook:manage:org',
  ],
  administrative: [
    'subscription:read:org',
    'organization:read:org',
    'contact:read:org',
    'email_preferences:manage:own',
    'invoice:read:org',
    'question:ask:org',
    'question:read:org',
    'change_request:create:org',
    'change_request:read:org',
    'end_user:register:org',
  ],
  technical: [
    'subscription:read:org',
    'organization:read:org',
    'ticket:read:own',
    'ticket:write:own',
    'email_preferences:manage:own',
  ],
  support_agent: [
    'subscription:read:any',
    'organization:read:any',
    'ticket:read:any',
    'ticket:work:any',
    'canned_reply:manage:any',
    'contact_request:read:any',
    'alert:publish:any',
  ],
  billing: [
    'subscription:read:any',
    'organization:read:any',
    'invoice:read:any',
    'invoice:manage:any',
    'question:read:any',
    'question:answer:any',
  ],
  account_manager: [
    'subscription:read:any',
    'organization:read:any',
    'order_form:process:any',
    'ticket:read:any',
    'ticket:work:any',
    'contact_request:read:any',
    'contact_request:decide:any',
    'subscription:manage:any',
    'alert:publish:any',
    'question:read:any',
    'question:answer:any',
    'change_request:read:any',
    'change_request:decide:any',
  ],
  admin: [
    'subscription:read:any',
    'organization:read:any',
    'audit:read:any',
    'order_form:process:any',
    'ticket:read:any',
    'ticket:work:any',
    'canned_reply:manage:any',
    'contact_request:read:any',
    'contact_request:decide:any',
    'subscription:manage:any',
    'alert:publish:any',
    'invoice:read:any',
    'invoice:manage:any',
    'question:read:any',
    'question:answer:any',
    'change_request:read:any',
    'change_request:decide:any',
    'webhook:manage:any',
  ],
};

/** Staff roles whose holders read and work every ticket: whom a ticket can be assigned to. */
export const ticketAssigneeRoles: readonly StaffRole[] = staffRoles.filter(
  (role) =>
    permissionsByRole[role].includes('ticket:read:any') &&
    permissionsByRole[role].includes('ticket:work:any'),
);

/** Staff roles whose holders decide contact requests: who is told when a customer makes one. */
export const contactRequestDeciderRoles: readonly StaffRole[] = staffRoles.filter((role) =>
  permissionsByRole[role].includes('contact_request:decide:any'),
);

/** Staff roles whose holders decide change requests: the team whose inbox they are in. */
export const changeRequestDeciderRoles: readonly StaffRole[] = staffRoles.filter((role) =>
  permissionsByRole[role].includes('change_request:decide:any'),
);

export interface Actor {
  userId: string;
  kind: UserKind;
  /** The contact's organization; null for staff. */
  organizationId: string | null;
  contactRoles: readonly ContactRole[];
  staffRoles: readonly StaffRole[];
  tier: SubscriptionTier | null;
  /** Whether this session passed two-factor sign-in. */
  twoFactorVerified: boolean;
  /** An API token's scopes: it may do only these, within its owner's rights. Null for a sign-in session. */
  scopes: readonly Permission[] | null;
}

/** Permissions that only mean something in a partner organization. */
export const partnerOnlyPermissions: readonly Permission[] = [
  'partner_end_users:read:org',
  'end_user:register:org',
  'partner_level:request:org',
];

/** Roles whose rights need a session that passed two-factor sign-in. */
export const rolesRequiringTwoFactor: readonly Role[] = ['admin'];

/** The loaded row a permission is checked on. */
export interface OwnedResource {
  organizationId: string;
  /** Whose row it is (its requester, creator or owner): an `:own` permission needs the actor here. */
  ownerUserId?: string | null;
}

/** The roles in force: an administrator's rights wait until the session passed two-factor sign-in. */
export const rolesOf = (actor: Actor): readonly Role[] => {
  const roles: readonly Role[] = actor.kind === 'staff' ? actor.staffRoles : actor.contactRoles;
  return actor.twoFactorVerified ? roles : roles.filter((role) => !rolesRequiringTwoFactor.includes(role));
};

/** Holds a role whose rights are withheld until two-factor sign-in is set up and used. */
export const needsTwoFactor = (actor: Actor): boolean =>
  !actor.twoFactorVerified &&
  (actor.kind === 'staff' ? actor.staffRoles : actor.contactRoles).some((role) =>
    rolesRequiringTwoFactor.includes(role),
  );

export const hasPermission = (actor: Actor, permission: Permission): boolean =>
  (actor.scopes === null || actor.scopes.includes(permission)) &&
  rolesOf(actor).some((role) => permissionsByRole[role].includes(permission));

/**
 * May the actor do `permission` on `resource`, the row as loaded? An `:org` permission holds on rows of
 * the actor's own organization, an `:own` one only on rows that are the actor's (in that organization);
 * both refuse when no row is given, so that a forgotten resource fails closed. `:any` needs no row.
 */
export const can = (actor: Actor, permission: Permission, resource?: OwnedResource): boolean => {
  if (!hasPermission(actor, permission)) return false;
  if (permission.endsWith(':any')) return true;
  if (!resource || actor.organizationId === null || actor.organizationId !== resource.organizationId) {
    return false;
  }
  return permission.endsWith(':org') || resource.ownerUserId === actor.userId;
};

/**
 * What the actor may do, as listed to the portals (to show only what opens): partner-only
 * permissions are left out for a customer organization's contacts.
 */
export const permissionsFor = (actor: Actor, organizationKind: OrganizationKind | null): Permission[] =>
  permissions.filter(
    (permission) =>
      hasPermission(actor, permission) &&
      (!partnerOnlyPermissions.includes(permission) || organizationKind === 'partner'),
  );

export class PermissionDeniedError extends Error {
  constructor(readonly permission: Permission) {
    super(`Missing permission ${permission}`);
    this.name = 'PermissionDeniedError';
  }
}

export const assertCan = (actor: Actor, permission: Permission, resource?: OwnedResource): void => {
  if (!can(actor, permission, resource)) throw new PermissionDeniedError(permission);
};

/** What decides who sees a ticket (the support-side privacy rule). */
export interface TicketAudience {
  organizationId: string;
  requesterId: string;
  ccUserIds: readonly string[];
}

/**
 * Who may read a ticket: vendor staff with `ticket:read:any`; the main contact (`ticket:read:org`) every
 * ticket of their organization; a technical contact only tickets they requested or are copied on,
 * unless the main contact switched on organization-wide sharing. Never another organization's.
 */
export const canReadTicket = (
  actor: Actor,
  ticket: TicketAudience,
  organization: { ticketSharing: boolean },
): boolean => {
  if (hasPermission(actor, 'ticket:read:any')) return true;
  if (actor.organizationId === null || actor.organizationId !== ticket.organizationId) return false;
  if (hasPermission(actor, 'ticket:read:org')) return true;
  if (!hasPermission(actor, 'ticket:read:own')) return false;
  return (
    organization.ticketSharing ||
    ticket.requesterId === actor.userId ||
    ticket.ccUserIds.includes(actor.userId)
  );
};

/** Which tickets a transaction may see, as row-level security applies it (migration 0011). */
export const ticketReadAudiences = ['any', 'org', 'own', 'none'] as const;
export type TicketReadAudience = (typeof ticketReadAudiences)[number];

/**
 * The actor's ticket audience: from their permissions (an API token's scopes included), the widest first.
 * `own` still admits every ticket of the organization when its ticket sharing is on; the database knows.
 */
export const ticketReadAudienceOf = (actor: Actor | null | undefined): TicketReadAudience => {
  if (!actor) return 'none';
  if (hasPermission(actor, 'ticket:read:any')) return 'any';
  if (actor.organizationId === null) return 'none';
  if (hasPermission(actor, 'ticket:read:org')) return 'org';
  if (hasPermission(actor, 'ticket:read:own')) return 'own';
  return 'none';
};
