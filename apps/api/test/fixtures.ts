import { randomBytes } from 'node:crypto';
import type { ContactRole, StaffRole, SubscriptionTier } from '@portals/domain';
import type { FastifyInstance } from 'fastify';
import { contactRoles, organizations, subscriptions, users } from '../src/db/schema/index';
import { hashPassword } from '../src/lib/passwords';
import type { AccessClaims } from '../src/plugins/access';
import type { TestDatabase } from './test-database';

export const testPassword = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;

const unique = () => randomBytes(4).toString('hex');

export const createOrganization = async (
  database: TestDatabase,
  options: { name?: string; tier?: SubscriptionTier } = {},
): Promise<string> => {
  const [organization] = await database.db
    .insert(organizations)
    .values({ name: options.name ?? `Organization ${unique()}`, kind: 'customer' })
    .returning({ id: organizations.id });
  if (!organization) throw new Error('organization not created');
  if (options.tier) {
    await database.db.insert(subscriptions).values({
      organizationId: organization.id,
      tier: options.tier,
      servers: 4,
      termStart: '2026-01-01',
      termEnd: '2027-01-01',
    });
  }
  return organization.id;
};

export interface TestUser {
  id: string;
  email: string;
  claims: AccessClaims;
}

/** A contact of `organizationId` with `roles`, or a staff member with `staffRoles`; password `testPassword`. */
export const createUser = async (
  database: TestDatabase,
  options:
    | { organizationId: string; roles: ContactRole[]; tier?: SubscriptionTier | null; email?: string }
    | { staffRoles: StaffRole[]; email?: string },
): Promise<TestUser> => {
  passwordHash ??= hashPassword(testPassword);
  const email = options.email ?? `person-${unique()}@example.test`;
  const isContact = 'organizationId' in options;
  const [user] = await database.db
    .insert(users)
    .values({
      kind: isContact ? 'contact' : 'staff',
      organizationId: isContact ? options.organizationId : null,
      email,
      name: email.split('@')[0] ?? email,
      passwordHash: await passwordHash,
      staffRoles: isContact ? [] : options.staffRoles,
    })
    .returning({ id: users.id, sessionVersion: users.sessionVersion });
  if (!user) throw new Error('user not created');
  if (isContact && options.roles.length > 0) {
    await database.db
      .insert(contactRoles)
      .values(
        options.roles.map((role) => ({ organizationId: options.organizationId, userId: user.id, role })),
      );
  }
  return {
    id: user.id,
    email,
    claims: {
      sub: user.id,
      kind: isContact ? 'contact' : 'staff',
      org: isContact ? options.organizationId : null,
      roles: isContact ? options.roles : [],
      staff: isContact ? [] : options.staffRoles,
      tier: isContact ? (options.tier ?? null) : null,
      sv: user.sessionVersion,
      // As if signed in with two-factor: tokens made here carry every right of the roles.
      mfa: true,
    },
  };
};

export const bearer = (app: FastifyInstance, user: TestUser) => ({
  authorization: `Bearer ${app.jwt.sign(user.claims)}`,
});
