import { describe, expect, it } from 'vitest';
import { type Actor, permissionsFor, type Role } from './policy';
import { portalsOf } from './portals';

const portalsOfRole = (role: Role) => {
  const staff = ['support_agent', 'billing', 'account_manager', 'admin'].includes(role);
  const actor: Actor = {
    userId: '0b7e7a4e-6f1c-4d8e-9a51-1f0c2d3e4a5b',
    kind: staff ? 'staff' : 'contact',
    organizationId: staff ? null : '5d1c9a7e-2b3f-4c6d-8e9f-0a1b2c3d4e5f',
    contactRoles: staff ? [] : [role as Actor['contactRoles'][number]],
    staffRoles: staff ? [role as Actor['staffRoles'][number]] : [],
    tier: null,
    twoFactorVerified: true,
    scopes: null,
  };
  return portalsOf(permissionsFor(actor, staff ? null : 'customer'));
};

describe('portalsOf', () => {
  it.each([
    ['main', ['support', 'subscriber']],
    ['technical', ['support']],
    ['administrative', ['subscriber']],
    ['support_agent', ['support', 'subscriber']],
    ['billing', ['subscriber']],
    ['account_manager', ['support', 'subscriber']],
    ['admin', ['support', 'subscriber']],
  ] as const)('gives a %s the portals they have something to do in: %j', (role, portals) => {
    expect(portalsOfRole(role)).toEqual(portals);
  });

  it('gives nobody a portal without permissions (an administrator before two-factor sign-in)', () => {
    expect(portalsOf([])).toEqual([]);
  });
});
