import { OwnOrganization, Problem } from '@portals/domain';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../src/db/schema/index';
import { bearer, createOrganization, createUser, type TestUser } from './fixtures';
import { buildTestApp } from './test-app';
import { createTestDatabase, type TestDatabase } from './test-database';

describe("a contact's own organization and ticket sharing", () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let main: TestUser;
  let technical: TestUser;
  let organizationId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database);
    await app.ready();
    organizationId = await createOrganization(database, { name: 'Hooli', tier: 'advanced' });
    main = await createUser(database, { organizationId, roles: ['main'] });
    technical = await createUser(database, { organizationId, roles: ['technical'] });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const share = (user: TestUser, enabled: boolean) =>
    app.inject({
      method: 'PUT',
      url: '/v1/organization/ticket-sharing',
      headers: bearer(app, user),
      payload: { enabled },
    });

  it('shows each contact their own organization, with sharing off at first', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/v1/organization',
      headers: bearer(app, technical),
    });
    expect(OwnOrganization.parse(response.json())).toMatchObject({
      id: organizationId,
      name: 'Hooli',
      ticketSharing: false,
    });
  });

  it('lets the main contact switch organization-wide sharing, audited', async () => {
    const on = await share(main, true);
    expect(on.statusCode).toBe(200);
    expect(OwnOrganization.parse(on.json()).ticketSharing).toBe(true);
    const entries = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'organization.ticket_sharing_on'), eq(auditLog.actorUserId, main.id)));
    expect(entries).toHaveLength(1);
    expect(OwnOrganization.parse((await share(main, false)).json()).ticketSharing).toBe(false);
  });

  it('refuses a technical contact and staff', async () => {
    const refused = await share(technical, true);
    expect(refused.statusCode).toBe(403);
    expect(Problem.parse(refused.json()).code).toBe('forbidden');
    const admin = await createUser(database, { staffRoles: ['admin'] });
    expect((await share(admin, true)).statusCode).toBe(403);
  });
});
