import type { ContactRole, EmailContact, EmailKind } from '@portals/domain';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { emailPreferences, users } from '../../db/schema/index';
import type { AnyExecutor, ScopedExecutor } from '../../db/scope';

/**
 * The organization's contacts with their roles and email preferences, in one query.
 * Subqueries name their tables explicitly: drizzle renders column references unqualified.
 */
export const listContactsForEmail = async (
  executor: AnyExecutor,
  organizationId: string,
): Promise<EmailContact[]> => {
  const rows = await executor
    .select({
      id: users.id,
      email: users.email,
      active: users.active,
      roles: sql<ContactRole[]>`coalesce(
        (select array_agg(cr.role::text order by cr.role) from contact_roles cr
          where cr.user_id = "users"."id" and cr.organization_id = "users"."organization_id"),
        '{}'::text[])`,
      preferences: sql<Partial<Record<EmailKind, boolean>>>`coalesce(
        (select jsonb_object_agg(ep.kind, ep.enabled) from email_preferences ep
          where ep.user_id = "users"."id" and ep.organization_id = "users"."organization_id"),
        '{}'::jsonb)`,
    })
    .from(users)
    .where(and(eq(users.organizationId, organizationId), isNull(users.removedAt)));
  return rows;
};

/** The caller's own preferences: kind → enabled. */
export const listOwnEmailPreferences = async (
  executor: ScopedExecutor,
  organizationId: string,
  userId: string,
) =>
  executor
    .select({ kind: emailPreferences.kind, enabled: emailPreferences.enabled })
    .from(emailPreferences)
    .where(and(eq(emailPreferences.organizationId, organizationId), eq(emailPreferences.userId, userId)));

export const upsertEmailPreference = async (
  executor: ScopedExecutor,
  preference: { organizationId: string; userId: string; kind: EmailKind; enabled: boolean },
) =>
  executor
    .insert(emailPreferences)
    .values(preference)
    .onConflictDoUpdate({
      target: [emailPreferences.userId, emailPreferences.kind],
      set: { enabled: preference.enabled, updatedAt: new Date() },
    });
