import { type Currency, formatInvoiceNumber } from '@portals/domain';
import { sql } from 'drizzle-orm';
import { invoiceReminders } from '../../db/schema/index';
import { type DatabaseAccess, privileged } from '../../db/scope';
import { recordAudit } from '../../lib/audit';
import { queueEmailForRole } from '../communications/queue-email-for-role';
import { invoiceOverdueEmail } from '../email/templates/invoice';
import { portalUrl } from '../email/templates/layout';

/** Overdue reminders go out at these days past due, smallest first; each once per invoice. */
export const invoiceReminderDays = [7, 14, 30] as const;

export const invoiceRemindersTask = 'invoice_reminders';

const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

/**
 * The daily reminder run for the UTC day of `now`: each issued invoice with something still to pay, not
 * written off, past its due date by at least 7, 14 or 30 days, gets the reminder of the furthest window it
 * has reached, once (a window missed while no worker ran is not sent late once a further one is reached).
 * The reminder row and its email commit together, so a repeated or crashed run never sends one twice.
 */
export const runInvoiceReminders = async (
  database: DatabaseAccess,
  config: { publicUrl: string },
  now: Date,
): Promise<{ sent: number }> => {
  // A job of every organization: the privileged path.
  const db = privileged(database);
  const today = isoDay(now);
  const { rows } = await db.execute<{
    id: string;
    organization_id: string;
    series: string;
    number_year: number;
    number: number;
    currency: Currency;
    total: string;
    remaining: string;
    due_date: string;
    days_past_due: number;
  }>(sql`
    select i.id, i.organization_id, i.series, i.number_year, i.number, i.currency, i.total_minor::text as total,
      (i.total_minor - i.paid_minor - i.credited_minor)::text as remaining,
      i.due_date::text as due_date, (${today}::date - i.due_date) as days_past_due
    from invoices i
    where i.document_status = 'issued' and not i.uncollectible
      and i.due_date <= ${today}::date - ${invoiceReminderDays[0]}::int
      and i.total_minor > i.paid_minor + i.credited_minor
    order by i.due_date, i.id`);
  let sent = 0;
  for (const row of rows) {
    const remainingMinor = Number(row.remaining);
    if (remainingMinor <= 0) continue;
    const window = [...invoiceReminderDays].reverse().find((days) => row.days_past_due >= days);
    if (window === undefined) continue;
    const number = formatInvoiceNumber(row.series, row.number_year, row.number);
    const queued = await db.transaction(async (tx) => {
      const inserted = await tx
        .insert(invoiceReminders)
        .values({ invoiceId: row.id, organizationId: row.organization_id, daysPastDue: window })
        .onConflictDoNothing()
        .returning({ invoiceId: invoiceReminders.invoiceId });
      if (inserted.length === 0) return false;
      await queueEmailForRole(
        tx,
        row.organization_id,
        'invoice_overdue',
        invoiceOverdueEmail({
          number,
          currency: row.currency,
          totalMinor: Number(row.total),
          dueDate: row.due_date,
          remainingMinor,
          daysPastDue: row.days_past_due,
          invoiceUrl: portalUrl(config.publicUrl, 'subscriber', `invoices/${row.id}`),
        }),
      );
      await recordAudit(tx, {
        action: 'invoice.reminder_sent',
        organizationId: row.organization_id,
        targetType: 'invoice',
        targetId: row.id,
        details: { number, daysPastDue: window, remainingMinor },
      });
      return true;
    });
    if (queued) sent += 1;
  }
  return { sent };
};
