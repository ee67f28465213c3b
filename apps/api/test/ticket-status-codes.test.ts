import { ticketStatuses } from '@portals/domain';
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { ticketStatusCodes, tickets } from '../src/db/schema/index';
import { useTestDatabase } from './test-app';
import { createTicket } from './ticket-fixtures';

/**
 * The lists filter on `status_code` (migration 0015): PostgreSQL derives it from the status, and the API
 * turns a status into its code with ticketStatusCodes. Both must agree for every status, or a filter
 * would silently show the wrong tickets.
 */
const context = useTestDatabase();

it('derives, for every status, the code the API filters on, one code per status', async () => {
  const organizationId = await context.factories.organization({ tier: 'premium' });
  const requester = await context.factories.contact({ organizationId, roles: ['technical'] });
  const ticket = await createTicket(context.database, { organizationId, requesterUserId: requester.id });
  const seen = new Map<number, string>();
  for (const status of ticketStatuses) {
    const [row] = await context.database.db
      .update(tickets)
      .set({ status })
      .where(eq(tickets.id, ticket.id))
      .returning({ code: tickets.statusCode });
    expect(row?.code, status).toBe(ticketStatusCodes[status]);
    expect(seen.has(ticketStatusCodes[status]), status).toBe(false);
    seen.set(ticketStatusCodes[status], status);
  }
});
