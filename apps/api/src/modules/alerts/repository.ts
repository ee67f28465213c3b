import type { AlertKind, ContactRole, SubscriptionTier } from '@portals/domain';
import { eq, inArray, type SQL, sql } from 'drizzle-orm';
import { alertDismissals, alerts, products, users } from '../../db/schema/index';
import type { ScopedExecutor } from '../../db/scope';
import { sendEmailJobKey, sendEmailMaxAttempts, sendEmailTask } from '../email/outbox';
import type { RenderedEmail } from '../email/templates/layout';

/**
 * Whether the alert `alias` reaches a contact (their organization and id as SQL): an active subscription
 * of the organization matches its tiers and products (the same subscription for both), and the contact
 * holds one of its roles; an empty list does not narrow. Migration 0019's policy on `alerts` is the
 * same rule, beneath this one.
 */
const alertReaches = (alias: string, organizationId: SQL, userId: SQL): SQL => {
  const alert = sql.raw(alias);
  return sql`(
    (cardinality(${alert}.roles) = 0 or exists (select 1 from contact_roles cr
      where cr.user_id = ${userId} and cr.organization_id = ${organizationId} and cr.role = any(${alert}.roles)))
    and exists (select 1 from subscriptions s
      where s.organization_id = ${organizationId} and s.status = 'active'
        and (cardinality(${alert}.tiers) = 0 or s.tier = any(${alert}.tiers))
        and (cardinality(${alert}.product_ids) = 0 or s.product_id = any(${alert}.product_ids))))`;
};

/** Which of `productIds` are in the catalogue. */
export const existingProductIds = async (executor: ScopedExecutor, productIds: readonly string[]) => {
  if (productIds.length === 0) return [];
  const rows = await executor
    .select({ id: products.id })
    .from(products)
    .where(inArray(products.id, [...productIds]));
  return rows.map((row) => row.id);
};

/** A staff member's name, as the publisher of an alert. */
export const findStaffName = async (executor: ScopedExecutor, userId: string) => {
  const [row] = await executor.select({ name: users.name }).from(users).where(eq(users.id, userId));
  return row?.name ?? null;
};

export const insertAlert = async (
  executor: ScopedExecutor,
  values: {
    kind: AlertKind;
    title: string;
    body: string;
    tiers: SubscriptionTier[];
    productIds: string[];
    roles: ContactRole[];
    activeUntil: Date | null;
    publishedByUserId: string;
  },
) => {
  const [row] = await executor.insert(alerts).values(values).returning();
  if (!row) throw new Error('The alert was not written');
  return row;
};

/**
 * Emails the alert to every contact it reaches, in one statement (set-based, however many): records each
 * recipient once (the primary key: running it again adds nobody twice), writes one outbox row per new
 * recipient and queues its delivery job. Contacts who turned alert emails off are skipped unless the kind
 * is mandatory. A contact who works in the Support Portal (technical or main) gets its link, the others
 * the Subscriber Portal's. Answers how many emails it queued.
 */
export const queueAlertEmails = async (
  executor: ScopedExecutor,
  alertId: string,
  options: { mandatory: boolean; support: RenderedEmail; subscriber: RenderedEmail },
): Promise<number> => {
  const { support, subscriber } = options;
  const result = await executor.execute<{ queued: number }>(sql`
    with recipients as (
      insert into alert_recipients (alert_id, user_id, organization_id)
      select a.id, u.id, u.organization_id
      from alerts a join users u on u.kind = 'contact' and u.active and u.removed_at is null
      where a.id = ${alertId}
        and ${alertReaches('a', sql`u.organization_id`, sql`u.id`)}
        and (${options.mandatory} or not exists (select 1 from email_preferences ep
          where ep.user_id = u.id and ep.kind = 'alert' and not ep.enabled))
      on conflict do nothing
      returning user_id, organization_id
    ), addressed as (
      select r.organization_id, u.email,
        exists (select 1 from contact_roles cr where cr.user_id = u.id and cr.role in ('technical', 'main'))
          as uses_support
      from recipients r join users u on u.id = r.user_id
    ), mails as (
      insert into email_outbox (organization_id, kind, to_addresses, subject, text_body, html_body)
      select organization_id, 'alert', array[email],
        case when uses_support then ${support.subject} else ${subscriber.subject} end,
        case when uses_support then ${support.text} else ${subscriber.text} end,
        case when uses_support then ${support.html} else ${subscriber.html} end
      from addressed
      returning id
    )
    select count(*)::int as queued from (
      select app_add_job(${sendEmailTask}, json_build_object('outboxId', mails.id),
        ${sendEmailMaxAttempts}::integer, ${sendEmailJobKey('')} || mails.id)
      from mails
    ) as jobs`);
  return result.rows[0]?.queued ?? 0;
};

export type AlertRow = {
  id: string;
  kind: AlertKind;
  title: string;
  body: string;
  published_at: Date | string;
  active_until: Date | string | null;
  active: boolean;
};

const alertColumns = sql`a.id, a.kind, a.title, a.body, a.published_at, a.active_until,
  (a.active_until is null or a.active_until > now()) as active`;

/** The alerts that reach the reader, latest first, with whether they closed each banner. */
export const listAlertsForReader = async (
  executor: ScopedExecutor,
  reader: { organizationId: string; userId: string },
) => {
  const result = await executor.execute<AlertRow & { dismissed: boolean }>(sql`
    select ${alertColumns},
      exists (select 1 from alert_dismissals d where d.alert_id = a.id and d.user_id = ${reader.userId}) as dismissed
    from alerts a
    where ${alertReaches('a', sql`${reader.organizationId}::uuid`, sql`${reader.userId}::uuid`)}
    order by a.published_at desc, a.id
    limit 100`);
  return result.rows;
};

/**
 * The alerts that reach the reader and have not ended: how many (reading no more than `upTo`) and the
 * latest `limit` of them, in one statement.
 */
export const listActiveAlertsForReader = (
  executor: ScopedExecutor,
  reader: { organizationId: string; userId: string },
  options: { limit: number; upTo: number },
) =>
  executor
    .execute<{
      active: number;
      latest: { id: string; kind: AlertKind; title: string; publishedAt: string }[];
    }>(sql`
      with active as (
        select a.id, a.kind, a.title, a.published_at from alerts a
        where (a.active_until is null or a.active_until > now())
          and ${alertReaches('a', sql`${reader.organizationId}::uuid`, sql`${reader.userId}::uuid`)}
        order by a.published_at desc, a.id
        limit ${options.upTo}
      )
      select (select count(*)::int from active) as active,
        coalesce((
          select json_agg(json_build_object('id', latest.id, 'kind', latest.kind, 'title', latest.title,
            'publishedAt', latest.published_at) order by latest.published_at desc, latest.id)
          from (select * from active order by published_at desc, id limit ${options.limit}) as latest
        ), '[]'::json) as latest`)
    // `then`, not `await`: sent at once, as one query of the overview's batch.
    .then((result) => {
      const row = result.rows[0];
      return { active: row?.active ?? 0, latest: row?.latest ?? [] };
    });

/** Whether the alert reaches the reader. */
export const alertReachesReader = async (
  executor: ScopedExecutor,
  alertId: string,
  reader: { organizationId: string; userId: string },
) => {
  const result = await executor.execute<{ id: string }>(sql`
    select a.id from alerts a
    where a.id = ${alertId}
      and ${alertReaches('a', sql`${reader.organizationId}::uuid`, sql`${reader.userId}::uuid`)}`);
  return result.rows.length === 1;
};

export const insertDismissal = (
  executor: ScopedExecutor,
  values: { alertId: string; userId: string; organizationId: string },
) => executor.insert(alertDismissals).values(values).onConflictDoNothing();

/** Staff: the latest alerts with their audiences, publishers and how many were emailed. */
export const listAlertsForStaff = async (executor: ScopedExecutor) => {
  const result = await executor.execute<
    AlertRow & {
      tiers: SubscriptionTier[];
      product_ids: string[];
      roles: ContactRole[];
      published_by_user_id: string | null;
      published_by_name: string | null;
      emails_queued: number;
    }
  >(sql`
    select ${alertColumns}, a.tiers::text[] as tiers, a.product_ids::text[] as product_ids, a.roles::text[] as roles,
      a.published_by_user_id, (select u.name from users u where u.id = a.published_by_user_id) as published_by_name,
      (select count(*)::int from alert_recipients r where r.alert_id = a.id) as emails_queued
    from alerts a
    order by a.published_at desc, a.id
    limit 100`);
  return result.rows;
};
