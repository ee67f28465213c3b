import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { products, ticketCcs, ticketEvents, tickets } from '../src/db/schema/index';
import type { TestDatabase } from './test-database';

/** The first product of the catalogue the migration seeds. */
export const firstProductId = async (database: TestDatabase): Promise<string> => {
  const [product] = await database.db
    .select({ id: products.id })
    .from(products)
    .where(eq(products.name, 'vOneCloud'));
  if (!product) throw new Error('the catalogue has no vOneCloud');
  return product.id;
};

/** A ticket written as the owner, with its `created` event and CCs; `lastActivityAt` to order lists. */
export const createTicket = async (
  database: TestDatabase,
  options: {
    organizationId: string;
    requesterUserId: string;
    subject?: string;
    description?: string;
    severity?: number;
    ccUserIds?: string[];
    lastActivityAt?: Date;
  },
) => {
  const productId = await firstProductId(database);
  const [ticket] = await database.db
    .insert(tickets)
    .values({
      organizationId: options.organizationId,
      requesterUserId: options.requesterUserId,
      subject: options.subject ?? `Ticket ${randomBytes(4).toString('hex')}`,
      description: options.description ?? 'Something is wrong.',
      productId,
      severity: options.severity ?? 3,
      ...(options.lastActivityAt
        ? { lastActivityAt: options.lastActivityAt, createdAt: options.lastActivityAt }
        : {}),
    })
    .returning({ id: tickets.id, number: tickets.number });
  if (!ticket) throw new Error('ticket not created');
  await database.db.insert(ticketEvents).values({
    ticketId: ticket.id,
    organizationId: options.organizationId,
    actorUserId: options.requesterUserId,
    kind: 'created',
    visibility: 'public',
    body: options.description ?? 'Something is wrong.',
  });
  if (options.ccUserIds?.length) {
    await database.db.insert(ticketCcs).values(
      options.ccUserIds.map((userId) => ({
        ticketId: ticket.id,
        userId,
        organizationId: options.organizationId,
      })),
    );
  }
  return ticket;
};
