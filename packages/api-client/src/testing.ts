import { Me, type Session } from '@portals/domain';

/** A signed-in person, parsed so the fixture follows the contract: Maria, main contact of a premium customer. */
export const testMe = (overrides: Partial<Me> = {}): Me =>
  Me.parse({
    id: '0b7e7a4e-6f1c-4d8e-9a51-1f0c2d3e4a5b',
    kind: 'contact',
    name: 'Maria Main',
    email: 'main@acme.example',
    organizationId: '5d1c9a7e-2b3f-4c6d-8e9f-0a1b2c3d4e5f',
    contactRoles: ['main'],
    staffRoles: [],
    tier: 'premium',
    permissions: ['subscription:read:org'],
    twoFactorEnabled: false,
    twoFactorRequired: false,
    ...overrides,
  });

/** A staff member: Ada, administrator, without any organization's permissions. */
export const testStaffMe = (overrides: Partial<Me> = {}): Me =>
  testMe({
    id: '7c2f1e0d-3a4b-4c5d-9e8f-1a2b3c4d5e6f',
    kind: 'staff',
    name: 'Ada Admin',
    email: 'admin@vendor.example',
    organizationId: null,
    contactRoles: [],
    staffRoles: ['admin'],
    tier: null,
    permissions: ['subscription:read:any', 'organization:read:any', 'audit:read:any'],
    ...overrides,
  });

export const testAccessToken = 'test-access-token';

/** What sign-in, refresh and set-password answer: `me`, with an access token living `lifetimeSeconds`. */
export const testSession = (
  me: Me = testMe(),
  accessToken = testAccessToken,
  lifetimeSeconds = 900,
): Session => ({
  accessToken,
  expiresAt: new Date(Date.now() + lifetimeSeconds * 1000).toISOString(),
  expiresInSeconds: lifetimeSeconds,
  me,
});
