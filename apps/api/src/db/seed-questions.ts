import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from './client';
import { invoices, organizations, questionEntries, questions } from './schema/index';
import type { DemoPerson } from './seed-tickets';

/**
 * One answered billing question at Acme Cloud, about its first issued invoice: Alan Admin asked, Bea
 * Billing (billing@vendor.example) answered; the thread waits on the customer.
 */
export const seedDemoQuestions = async (tx: Executor, people: Map<string, DemoPerson>) => {
  const asker = people.get('billing@acme.example');
  const billing = people.get('billing@vendor.example');
  if (!asker?.organizationId || !billing) throw new Error('demo question people missing');
  const [invoice] = await tx
    .select({ id: invoices.id })
    .from(invoices)
    .innerJoin(organizations, eq(organizations.id, invoices.organizationId))
    .where(and(eq(organizations.id, asker.organizationId), sql`${invoices.documentStatus} = 'issued'`))
    .orderBy(asc(invoices.issueDate), asc(invoices.id))
    .limit(1);
  const askedAt = new Date(Date.now() - 2 * 86_400_000);
  const answeredAt = new Date(Date.now() - 86_400_000);
  const [question] = await tx
    .insert(questions)
    .values({
      organizationId: asker.organizationId,
      askedByUserId: asker.id,
      topic: 'invoicing_billing',
      team: 'billing',
      status: 'answered',
      subject: 'Payment terms on our invoice',
      invoiceId: invoice?.id ?? null,
      createdAt: askedAt,
      updatedAt: answeredAt,
    })
    .returning({ id: questions.id });
  if (!question) throw new Error('demo question not created');
  await tx.insert(questionEntries).values([
    {
      questionId: question.id,
      organizationId: asker.organizationId,
      kind: 'message',
      authorUserId: asker.id,
      fromStaff: false,
      body: 'Could this invoice be paid in two instalments? Our purchase order covers half of it this month.',
      createdAt: askedAt,
    },
    {
      questionId: question.id,
      organizationId: asker.organizationId,
      kind: 'message',
      authorUserId: billing.id,
      fromStaff: true,
      body: 'Yes: pay half now and the rest within 30 days. Use the invoice number as the transfer reference for both payments.',
      createdAt: answeredAt,
    },
  ]);
};
