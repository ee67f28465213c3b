import type { ContactRole, StaffRole, SubscriptionTier, UserKind } from './enums';

/**
 * Who may do what: permissions are data, checks are pure functions.
 * A permission ending in `:org` applies only to the actor's own organization;
 * `:any` is a staff permission across organizations.
 */
export const permissions = [
  'subscription:read:org',
  'subscription:read:any',
  'organization:read:any',
  'audit:read:any',
  'order_form:process:any',
] as const;
export type Permission = (typeof permissions)[number];

export type Role = ContactRole | StaffRole;

/** Adding a role to the enums without mapping it here fails to compile. */
export const permissionsByRole: Record<Role, readonly Permission[]> = {
  main: ['subscription:read:org'],
  administrative: ['subscription:read:org'],
  technical: ['subscription:read:org'],
  support_agent: ['subscription:read:any', 'organization:read:any'],
  billing: ['subscription:read:any', 'organization:read:any'],
  account_manager: ['subscription:read:any', 'organization:read:any', 'order_form:process:any'],
  admin: ['subscription:read:any', 'organization:read:any', 'audit:read:any', 'order_form:process:any'],
};

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

/** Roles whose rights need a session that passed two-factor sign-in. */
export const rolesRequiringTwoFactor: readonly Role[] = ['admin'];

export interface OwnedResource {
  organizationId: string;
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
 * May the actor do `permission`, on `resource` when one is given?
 * An `:org` permission holds only for the actor's own organization.
 */
export const can = (actor: Actor, permission: Permission, resource?: OwnedResource): boolean => {
  if (!hasPermission(actor, permission)) return false;
  if (permission.endsWith(':org') && resource) {
    return actor.organizationId !== null && actor.organizationId === resource.organizationId;
  }
  return true;
};

export class PermissionDeniedError extends Error {
  constructor(readonly permission: Permission) {
    super(`Missing permission ${permission}`);
    this.name = 'PermissionDeniedError';
  }
}

export const assertCan = (actor: Actor, permission: Permission, resource?: OwnedResource): void => {
  if (!can(actor, permission, resource)) throw new PermissionDeniedError(permission);
};
