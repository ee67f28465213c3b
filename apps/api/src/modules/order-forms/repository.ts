import { eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { orderForms, organizations, subscriptions, users } from '../../db/schema/index';

/** Staff-only: Order Forms are processed across organizations. */
export const unsafeFindOrderFormByNumber = async (executor: Executor, number: string) => {
  const [form] = await executor.select().from(orderForms).where(eq(orderForms.number, number));
  return form;
};

export const unsafeFindOrganizationKind = async (executor: Executor, organizationId: string) => {
  const [organization] = await executor
    .select({ kind: organizations.kind })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  return organization?.kind;
};

/** Which of these emails already belong to someone (any organization, or staff). */
export const unsafeFindTakenEmails = async (executor: Executor, emails: string[]) => {
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

export const insertOrganization = async (executor: Executor, values: typeof organizations.$inferInsert) => {
  const [row] = await executor.insert(organizations).values(values).returning({ id: organizations.id });
  if (!row) throw new Error('organization not inserted');
  return row.id;
};

export const insertSubscription = async (executor: Executor, values: typeof subscriptions.$inferInsert) => {
  const [row] = await executor.insert(subscriptions).values(values).returning({ id: subscriptions.id });
  if (!row) throw new Error('subscription not inserted');
  return row.id;
};

export const insertOrderForm = (executor: Executor, values: typeof orderForms.$inferInsert) =>
  executor.insert(orderForms).values(values);
