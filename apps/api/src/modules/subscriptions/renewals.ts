import { type DatabaseAccess, privileged } from '../../db/scope';
import { recordAudit } from '../../lib/audit';
import { queueEmailForRole } from '../communications/queue-email-for-role';
import { renewalNoticeEmail } from '../email/templates/renewal-notice';
import {
  insertSubscriptionNotice,
  unsafeExpireEndedSubscriptions,
  unsafeListSubscriptionsEndingBy,
} from './repository';

/** Renewal notices go out this many days before a term ends, largest first. */
export const renewalNoticeDays = [90, 30, 7] as const;

export const renewalChecksTask = 'renewal_checks';

const dayMs = 86_400_000;
const isoDay = (date: Date): string => date.toISOString().slice(0, 10);
const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs);

export interface RenewalCheckResult {
  expired: number;
  noticesSent: number;
}

/**
 * The daily renewal run, for the UTC day of `now`: a subscription whose term end has come is expired;
 * one ending within 90, 30 or 7 days gets that notice (the nearest window it is in) once per
 * (subscription, term end, days before). The notice row and the email commit together, so a run
 * repeated or crashed half-way never sends one twice nor loses one.
 */
export const runRenewalChecks = async (database: DatabaseAccess, now: Date): Promise<RenewalCheckResult> => {
  // A job of every organization: the privileged path.
  const db = privileged(database);
  const today = isoDay(now);
  const expired = await db.transaction(async (tx) => {
    const rows = await unsafeExpireEndedSubscriptions(tx, today);
    for (const row of rows) {
      await recordAudit(tx, {
        action: 'subscription.expired',
        organizationId: row.organizationId,
        targetType: 'subscription',
        targetId: row.id,
      });
    }
    return rows.length;
  });

  const horizon = isoDay(new Date(Date.parse(`${today}T00:00:00Z`) + Math.max(...renewalNoticeDays) * dayMs));
  let noticesSent = 0;
  for (const subscription of await unsafeListSubscriptionsEndingBy(db, today, horizon)) {
    const daysLeft = daysBetween(today, subscription.termEnd);
    // The nearest window: 29 days left → the 30-day notice (a missed 90-day one is not sent late).
    const daysBefore = [...renewalNoticeDays].reverse().find((days) => daysLeft <= days);
    if (daysBefore === undefined) continue;
    const sent = await db.transaction(async (tx) => {
      const first = await insertSubscriptionNotice(tx, {
        subscriptionId: subscription.id,
        organizationId: subscription.organizationId,
        termEnd: subscription.termEnd,
        daysBefore,
      });
      if (!first) return false;
      await queueEmailForRole(
        tx,
        subscription.organizationId,
        'renewal_notice',
        renewalNoticeEmail({ ...subscription, daysLeft }),
      );
      return true;
    });
    if (sent) noticesSent += 1;
  }
  return { expired, noticesSent };
};
