import { randomBytes } from 'node:crypto';
import {
  type Actor,
  type ContactRole,
  CreatedApiToken,
  type PartnerLevel,
  type Permission,
  type StaffRole,
  type SubscriptionTier,
} from '@portals/domain';
import type { FastifyInstance } from 'fastify';
import { contactRoles, organizations, subscriptions, users } from '../src/db/schema/index';
import { hashPassword } from '../src/lib/passwords';
import type { AccessClaims } from '../src/plugins/access';
import type { TestDatabase } from './test-database';

/** A main contact as a request's actor, for tests that call services or `withScope` directly. */
export const contactActor = (userId: string, organizationId: string): Actor => ({
  userId,
  kind: 'contact',
  organizationId,
  contactRoles: ['main'],
  staffRoles: [],
  tier: 'basic',
  twoFactorVerified: true,
  scopes: null,
});

export const testPassword = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;

const unique = () => randomBytes(4).toString('hex');

/** An email address no other test uses, at `domain`. */
export const uniqueEmail = (label = 'person', domain = 'example.test') => `${label}-${unique()}@${domain}`;

export interface OrganizationOptions {
  name?: string;
  /** A customer by default; a partner gets `partnerLevel` (default `registered`). */
  kind?: 'customer' | 'partner';
  partnerLevel?: PartnerLevel;
  /** For an end user: the partner that registered it. */
  registeringPartnerId?: string;
  /** An active subscription of this tier; none when left out. */
  tier?: SubscriptionTier;
  subscription?: { servers?: number; termStart?: string; termEnd?: string; productId?: string };
  /** Every technical contact sees every ticket of the organization. */
  ticketSharing?: boolean;
}

export interface TestUser {
  id: string;
  email: string;
  claims: AccessClaims;
}

export interface ContactOptions {
  organizationId: string;
  roles: ContactRole[];
  /** The tier in the access token; the one the factory gave the organization when left out. */
  tier?: SubscriptionTier | null;
  email?: string;
}

export interface StaffOptions {
  roles: StaffRole[];
  email?: string;
}

export interface ApiTokenOptions {
  name?: string;
  scopes?: Permission[];
  expiresInDays?: number;
}

export type Factories = ReturnType<typeof createFactories>;

/**
 * Makes the rows tests start from, with unique names and emails and the password `testPassword`.
 * Both are read when a factory runs, so the factories may be taken before set-up has run.
 * `app` is needed only for what is made through the API (API tokens).
 */
export const createFactories = (
  database: TestDatabase | (() => TestDatabase),
  app?: () => FastifyInstance,
) => {
  const db = () => (typeof database === 'function' ? database() : database).db;
  // What the factory subscribed each organization to, so its contacts' tokens carry that tier.
  const tiers = new Map<string, SubscriptionTier>();

  const organization = async (options: OrganizationOptions = {}): Promise<string> => {
    const kind = options.kind ?? 'customer';
    const [created] = await db()
      .insert(organizations)
      .values({
        name: options.name ?? `Organization ${unique()}`,
        kind,
        partnerLevel: kind === 'partner' ? (options.partnerLevel ?? 'registered') : null,
        registeringPartnerId: options.registeringPartnerId ?? null,
        ticketSharing: options.ticketSharing ?? false,
      })
      .returning({ id: organizations.id });
    if (!created) throw new Error('organization not created');
    if (options.tier) {
      await db()
        .insert(subscriptions)
        .values({
          organizationId: created.id,
          tier: options.tier,
          servers: options.subscription?.servers ?? 4,
          termStart: options.subscription?.termStart ?? '2026-01-01',
          termEnd: options.subscription?.termEnd ?? '2027-01-01',
          productId: options.subscription?.productId ?? null,
        });
      tiers.set(created.id, options.tier);
    }
    return created.id;
  };

  const user = async (
    options: { kind: 'contact'; contact: ContactOptions } | { kind: 'staff'; staff: StaffOptions },
  ): Promise<TestUser> => {
    passwordHash ??= hashPassword(testPassword);
    const email = (options.kind === 'contact' ? options.contact.email : options.staff.email) ?? uniqueEmail();
    const organizationId = options.kind === 'contact' ? options.contact.organizationId : null;
    const [created] = await db()
      .insert(users)
      .values({
        kind: options.kind,
        organizationId,
        email,
        name: email.split('@')[0] ?? email,
        passwordHash: await passwordHash,
        staffRoles: options.kind === 'staff' ? options.staff.roles : [],
      })
      .returning({ id: users.id, sessionVersion: users.sessionVersion });
    if (!created) throw new Error('user not created');
    const roles = options.kind === 'contact' ? options.contact.roles : [];
    if (organizationId && roles.length > 0) {
      await db()
        .insert(contactRoles)
        .values(roles.map((role) => ({ organizationId, userId: created.id, role })));
    }
    return {
      id: created.id,
      email,
      claims: {
        sub: created.id,
        kind: options.kind,
        org: organizationId,
        roles,
        staff: options.kind === 'staff' ? options.staff.roles : [],
        tier:
          options.kind === 'contact'
            ? options.contact.tier === undefined
              ? (tiers.get(options.contact.organizationId) ?? null)
              : options.contact.tier
            : null,
        sv: created.sessionVersion,
        // As if signed in with two-factor: tokens made here carry every right of the roles.
        mfa: true,
      },
    };
  };

  /** A contact of `organizationId` with `roles`. */
  const contact = (options: ContactOptions) => user({ kind: 'contact', contact: options });

  /** A member of the vendor's staff with `roles`. */
  const staff = (options: StaffOptions) => user({ kind: 'staff', staff: options });

  /** An API token of `owner`, created through the API as the owner would; returns its secret too. */
  const apiToken = async (owner: TestUser, options: ApiTokenOptions = {}): Promise<CreatedApiToken> => {
    if (!app) throw new Error('apiToken needs the app: use the factories of useTestApp()');
    const response = await app().inject({
      method: 'POST',
      url: '/v1/me/api-tokens',
      headers: { authorization: `Bearer ${app().jwt.sign(owner.claims)}` },
      payload: {
        name: options.name ?? `Token ${unique()}`,
        scopes: options.scopes ?? ['subscription:read:org'],
        expiresAt: new Date(Date.now() + (options.expiresInDays ?? 30) * 86_400_000).toISOString(),
      },
    });
    if (response.statusCode !== 201) {
      throw new Error(`API token not created (${response.statusCode}): ${response.body}`);
    }
    return CreatedApiToken.parse(response.json());
  };

  return { organization, contact, staff, apiToken };
};
