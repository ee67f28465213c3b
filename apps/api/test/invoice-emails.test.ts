import { Invoice } from '@portals/domain';
import { and, eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { emailOutbox, invoiceReminders } from '../src/db/schema/index';
import { runInvoiceReminders } from '../src/modules/invoices/reminders';
import type { TestUser } from './fixtures';
import { useMailDelivery } from './mail-delivery';
import { testConfig, useTestApp } from './test-app';
import { waitUntil } from './wait-until';

const config = testConfig({ PUBLIC_URL: 'https://portals.example' });

describe('invoice emails: issued with the PDF, payment receipts, overdue reminders', () => {
  const context = useTestApp({ config, clock: () => new Date('2026-12-02T10:00:00Z') });
  const mail = useMailDelivery(
    () => context.database,
    () => config,
  );
  const people = {} as Record<'billing' | 'main' | 'administrative' | 'technical' | 'otherMain', TestUser>;
  let organizationId: string;

  beforeAll(async () => {
    organizationId = await context.factories.organization({ name: 'Mailed Invoices Ltd', tier: 'premium' });
    people.billing = await context.factories.staff({ roles: ['billing'] });
    people.main = await context.factories.contact({ organizationId, roles: ['main'] });
    people.administrative = await context.factories.contact({ organizationId, roles: ['administrative'] });
    people.technical = await context.factories.contact({ organizationId, roles: ['technical'] });
    const other = await context.factories.organization({ name: 'Other Ltd' });
    people.otherMain = await context.factories.contact({ organizationId: other, roles: ['main'] });
  });

  const issued = async (issueDate: string, dueDate: string) => {
    const draft = Invoice.parse(
      (
        await context.as(people.billing).post('/v1/staff/invoices', {
          organizationId,
          currency: 'EUR',
          lines: [
            {
              description: 'Premium support',
              quantity: 1,
              unitPriceMinor: 120_000,
              taxRateBasisPoints: 2_000,
            },
          ],
        })
      ).json(),
    );
    const response = await context
      .as(people.billing)
      .post(`/v1/staff/invoices/${draft.id}/issue`, { issueDate, dueDate });
    expect(response.statusCode, response.body).toBe(200);
    return Invoice.parse(response.json());
  };

  /** The mails delivered so far whose subject matches, parsed. */
  const delivered = async (subject: RegExp) => {
    await waitUntil('every email job ran', async () => (await mail.emailJobsLeft()) === 0);
    const parsed = await Promise.all(mail.smtp.received.map((received) => simpleParser(received.raw)));
    return parsed.filter((message) => subject.test(message.subject ?? ''));
  };

  const recipientsOf = (message: Awaited<ReturnType<typeof simpleParser>>) =>
    (Array.isArray(message.to) ? message.to : [message.to]).flatMap(
      (to) => to?.value.map((address) => address.address) ?? [],
    );

  it('sends the issued invoice, its PDF attached, to the main and administrative contacts only', async () => {
    const invoice = await issued('2026-11-30', '2026-12-30');
    const [message, ...more] = await delivered(new RegExp(`^Invoice ${invoice.number}`));
    expect(more).toEqual([]);
    expect(message?.subject).toBe(`Invoice ${invoice.number}: €1,440.00, due 2026-12-30`);
    expect(recipientsOf(message as never).sort()).toEqual(
      [people.administrative.email, people.main.email].sort(),
    );
    expect(message?.text).toContain(`https://portals.example/subscriber/invoices/${invoice.id}`);
    const [attachment] = message?.attachments ?? [];
    expect(attachment?.filename).toBe(`${invoice.number}.pdf`);
    expect(attachment?.contentType).toBe('application/pdf');
    // The very document the portal downloads.
    const downloaded = await context.as(people.main).get(`/v1/invoices/${invoice.id}/pdf`);
    expect(attachment?.content.equals(downloaded.rawPayload)).toBe(true);
  });

  it('sends a payment receipt, to those who have not turned receipts off', async () => {
    const invoice = await issued('2026-11-30', '2026-12-30');
    await context
      .as(people.administrative)
      .put('/v1/me/email-preferences', { kind: 'payment_received', enabled: false });
    const paid = await context.as(people.billing).post(`/v1/staff/invoices/${invoice.id}/payments`, {
      amountMinor: 40_000,
      method: 'bank_transfer',
      reference: 'TRF-88',
      receivedOn: '2026-12-01',
    });
    expect(paid.statusCode).toBe(201);
    const [receipt, ...more] = await delivered(
      new RegExp(`^Payment received for invoice ${invoice.number}$`),
    );
    expect(more).toEqual([]);
    expect(recipientsOf(receipt as never)).toEqual([people.main.email]);
    expect(receipt?.text).toContain('We received €400.00');
    expect(receipt?.text).toContain('€1,040.00 remains to pay, due on 2026-12-30');
  });

  it('reminds at 7, 14 and 30 days past due, each once, and never for what is paid', async () => {
    const late = await issued('2026-09-01', '2026-10-01');
    const settled = await issued('2026-09-01', '2026-10-01');
    await context.as(people.billing).post(`/v1/staff/invoices/${settled.id}/payments`, {
      amountMinor: settled.totalMinor,
      method: 'card',
      reference: 'Card 4242',
      receivedOn: '2026-10-02',
    });
    const run = (day: string) =>
      runInvoiceReminders(
        context.database.db,
        { publicUrl: 'https://portals.example' },
        new Date(`${day}T07:00:00Z`),
      );
    const remindersOf = async (invoiceId: string) =>
      (
        await context.database.db
          .select({ days: invoiceReminders.daysPastDue })
          .from(invoiceReminders)
          .where(eq(invoiceReminders.invoiceId, invoiceId))
      )
        .map((row) => row.days)
        .sort((a, b) => a - b);

    await run('2026-10-07'); // 6 days past due: nothing yet
    expect(await remindersOf(late.id)).toEqual([]);
    await run('2026-10-08');
    await run('2026-10-08'); // the same day again: nothing twice
    await run('2026-10-10');
    expect(await remindersOf(late.id)).toEqual([7]);
    await run('2026-10-15');
    await run('2026-10-31');
    await run('2026-11-20');
    expect(await remindersOf(late.id)).toEqual([7, 14, 30]);
    expect(await remindersOf(settled.id)).toEqual([]);

    // Each once, in whatever order the job worker's two concurrent jobs delivered them.
    const reminders = await delivered(new RegExp(`^Reminder: invoice ${late.number}`));
    expect(reminders.map((message) => message.subject).sort()).toEqual(
      [
        `Reminder: invoice ${late.number} is 7 days past due`,
        `Reminder: invoice ${late.number} is 14 days past due`,
        `Reminder: invoice ${late.number} is 30 days past due`,
      ].sort(),
    );
    for (const message of reminders) {
      expect(recipientsOf(message).sort()).toEqual([people.administrative.email, people.main.email].sort());
      expect(message.text).toContain('€1,440.00 of it remains to pay');
    }
    const outbox = await context.database.db
      .select({ to: emailOutbox.toAddresses })
      .from(emailOutbox)
      .where(and(eq(emailOutbox.kind, 'invoice_overdue'), eq(emailOutbox.organizationId, organizationId)));
    expect(outbox.flatMap((row) => row.to)).not.toContain(people.technical.email);
  });
});
