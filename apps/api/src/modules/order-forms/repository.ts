import { eq, inArray, sql } from 'drizzle-orm';
import { orderForms, organizations, subscriptions, users } from '../../db/schema/index';
import type { ScopedExecutor } from '../../db/scope';

/** Staff: Order Forms are processed across organizations (the staff scope admits every row). */
export const findOrderFormByNumber = async (executor: ScopedExecutor, number: string) => {
  const [form] = await executor.select().from(orderForms).where(eq(orderForms.number, number));
  return form;
};

export const findOrganizationKind = async (executor: ScopedExecutor, organizationId: string) => {
  const [organization] = await executor
    .select({ kind: organizations.kind })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  return organization?.kind;
};

/** Which of these emails already belong to someone (any organization, or staff: in the staff scope). */
export const findTakenEmails = async (executor: ScopedExecutor, emails: string[]) => {
  const rows = await executor
    .select({ email: sql<string>`lower(${users.email})` })
    .from(users)
    .where(
      inArray(
        sql`lower(${users.email})`,
        emails.map((email) => email.toLowerCase()),
      ),
    );
  return new Set(rows.map((row) => row.email));
};

export const insertOrganization = async (
  executor: ScopedExecutor,
  values: typeof organizations.$inferInsert,
) => {
  const [row] = await executor.insert(organizations).values(values).returning({ id: organizations.id });
  if (!row) throw new Error('organization not inserted');
  return row.id;
};

export const insertSubscription = async (
  executor: ScopedExecutor,
  values: typeof subscriptions.$inferInsert,
) => {
  const [row] = await executor.insert(subscriptions).values(values).returning({ id: subscriptions.id });
  if (!row) throw new Error('subscription not inserted');
  return row.id;
};

export const insertOrderForm = (executor: ScopedExecutor, values: typeof orderForms.$inferInsert) =>
  executor.insert(orderForms).values(values);
